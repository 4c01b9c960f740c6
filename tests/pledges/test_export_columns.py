"""What staff read in an export's date and yes/no columns (CSV and XLSX alike)."""

import csv
import datetime
import io

from django.contrib.auth.models import User
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from pledges.models import Signature
from tests.pledges.helpers import make_signature

pytestmark = pytest.mark.django_db

SIGNATURES = reverse("pledge_signatures:index")
# 11:30:05 UTC on a summer day is 12:30:05 in London (British Summer Time).
SUMMER_NOON = datetime.datetime(2026, 7, 1, 11, 30, 5, tzinfo=datetime.UTC)


@pytest.fixture
def export(client, pledge):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    signature = make_signature(
        pledge,
        status=Signature.Status.CONFIRMED,
        confirmed_at=SUMMER_NOON,
        show_name=True,
        send_updates=False,
    )
    Signature.objects.filter(pk=signature.pk).update(created_at=SUMMER_NOON)

    def rows(kind):
        body = b"".join(client.get(SIGNATURES, {"export": kind}).streaming_content)
        if kind == "csv":
            header, *data = csv.reader(io.StringIO(body.decode()))
        else:
            header, *data = load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)
        return [dict(zip(header, row, strict=True)) for row in data]

    return rows


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_dates_are_local_time_to_the_second_and_blank_when_unset(export, kind):
    (row,) = export(kind)
    assert row["Signed at"] == "2026-07-01 12:30:05"
    assert row["Confirmed at"] == "2026-07-01 12:30:05"
    assert row["Verified at"] in ("", None)  # an empty cell; XLSX reads it back as None


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_choices_read_yes_or_no(export, kind):
    (row,) = export(kind)
    assert row["Show name publicly"] == "yes"
    assert row["Send updates"] == "no"
