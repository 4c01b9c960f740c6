"""Exports never hand a spreadsheet a formula: every dangerous first character, CSV and XLSX."""

import csv
import io

from django.contrib.auth.models import User
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from pledges.admin.export import csv_safe
from pledges.models import Signature
from tests.pledges.helpers import make_signature

SIGNATURES = reverse("pledge_signatures:index")
# What spreadsheet programs treat as the start of a formula (OWASP's list).
DANGEROUS = ["=SUM(A1)", "+44 113", "-2+3", "@cmd", "\tTAB", "\rCR"]
HARMLESS = ["Ada", "Xavier", "  =padded", "a=b", ""]


@pytest.mark.parametrize("value", DANGEROUS)
def test_dangerous_first_characters_are_defused(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_other_values_are_left_alone(value):
    # Leading spaces are not a formula in Excel, LibreOffice or Sheets.
    assert csv_safe(value) == value


@pytest.fixture
def exported(client, pledge):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    for n, value in enumerate(DANGEROUS + ["  =padded"]):
        make_signature(
            pledge,
            email=f"s{n}@example.org",
            name=value,
            organisation=value,
            status=Signature.Status.CONFIRMED,
        )
    return lambda kind: client.get(SIGNATURES, {"export": kind})


def test_csv_cells_are_defused(exported):
    response = exported("csv")
    header, *data = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    expected = {"'" + value for value in DANGEROUS} | {"  =padded"}
    for column in ("Contact name", "Organisation"):
        assert {row[header.index(column)] for row in data} == expected


def test_xlsx_cells_are_text_not_formulas(exported):
    response = exported("xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Contact name")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)
    # XLSX keeps line breaks as \n.
    expected = {"'" + value.replace("\r", "\n") for value in DANGEROUS} | {"  =padded"}
    assert {cell.value for cell in cells} == expected
