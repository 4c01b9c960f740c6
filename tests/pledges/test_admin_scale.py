"""The staff side at scale: costs that don't grow with the signatures, and a streamed export.

Each page is requested with N rows and again with 3N; the number of SQL
queries must be the same (no count per row, no N+1 in the listing columns).
The export must stream: its first chunk leaves before the signatures are
read, and it reads them in a fixed number of queries.
"""

import csv
import io

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from pledges.admin import listing
from pledges.admin.export import stream
from pledges.admin.reports import report_cache_key
from pledges.identity import canonical_email
from pledges.models import Partner, Signature
from tests.factories import LocalAuthorityFactory, PledgePageFactory

pytestmark = pytest.mark.django_db

SIGNATURES = reverse("pledge_signatures:index")
DANGEROUS = "=+-@\t\r"


@pytest.fixture
def staff(client):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


@pytest.fixture
def grow(pledge):
    """`grow(n)`: add n signatures, a mix of types, partners, councils and statuses."""
    partners = [Partner.objects.create(name=f"Partner {n}", slug=f"partner-{n}") for n in range(3)]
    councils = [LocalAuthorityFactory() for _ in range(3)]
    made = [0]

    def add(count):
        rows = []
        for n in range(made[0], made[0] + count):
            council = n % 5 == 0
            status = ("confirmed", "pending", "verified")[n % 3]
            email = f"signer{n}@example{n % 3}.org"
            rows.append(
                Signature(
                    pledge=pledge,
                    signer_type="council" if council else "individual",
                    status=status,
                    confirmed_at=None if status == "pending" else timezone.now(),
                    name=f"Signer {n}",
                    email=email,
                    email_canonical=canonical_email(email),
                    local_authority=councils[n % 3] if council else None,
                    partner=partners[n % 3] if n % 2 else None,
                    utm_source="newsletter" if n % 4 == 0 else "",
                )
            )
        Signature.objects.bulk_create(rows)
        made[0] += count

    return add


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if isinstance(response, StreamingHttpResponse):
        b"".join(response.streaming_content)
    return len(queries)


def test_staff_pages_cost_the_same_queries_at_three_times_the_rows(staff, pledge, grow):
    urls = [
        SIGNATURES,
        f"{SIGNATURES}?status=confirmed",
        f"{SIGNATURES}?signer_type=council&ordering=-status",
        f"{SIGNATURES}?q=Signer",
        f"{SIGNATURES}?q=example1.org&ordering=pledge",
        f"{SIGNATURES}?export=csv",
        reverse("pledge_reports:index"),
        reverse("pledge_reports:detail", args=[pledge.pk]),
        reverse("pledge_verification:index"),
    ]
    costs = {}
    for size in (20, 60):
        grow(size - sum(1 for _ in Signature.objects.all()))
        staff.get(SIGNATURES)  # warm per-process caches (content types, sessions)
        for url in urls:
            staff.get(url)
            cache.delete(report_cache_key(pledge))
            costs.setdefault(url, []).append(query_count(staff, url))
    assert {url: counts[0] for url, counts in costs.items()} == {
        url: counts[1] for url, counts in costs.items()
    }


def test_the_csv_streams_its_header_before_reading_a_signature(staff, pledge, grow):
    grow(30)
    with CaptureQueriesContext(connection) as queries:
        response = staff.get(SIGNATURES, {"export": "csv"})
        chunks = iter(response.streaming_content)
        first = next(chunks)
        read_before_first = [q["sql"] for q in queries.captured_queries]
        rest = b"".join(chunks)

    assert isinstance(response, StreamingHttpResponse)
    assert first.decode().startswith("ID,Pledge,Signer type")
    assert first.count(b"\n") == 1  # the heading row alone
    assert not any('FROM "pledges_signature"' in sql for sql in read_before_first)
    assert len(list(csv.reader(io.StringIO(rest.decode())))) == 30


def test_the_csv_comes_in_chunks_of_many_rows(pledge, grow):
    grow(25)
    chunks = list(stream.csv_chunks(Signature.objects.order_by("pk"), rows_per_chunk=10))
    assert [chunk.count("\n") for chunk in chunks] == [1, 10, 10, 5]


def _dangerous_signature(pledge):
    """Every exported text, names of pledge, partner and council included, starting like a formula."""
    pledge.title = "=Pledge"
    pledge.save()
    partner = Partner.objects.create(name="+Partner", slug="plus")
    council = LocalAuthorityFactory(name="-Council")
    texts = {
        field: f"{DANGEROUS[n % len(DANGEROUS)]}{field}"
        for n, field in enumerate(
            [
                "status_reason",
                "name",
                "organisation",
                "role",
                "postcode",
                "cabinet_champion",
                "leadership_champion",
                "endorsement_detail",
                "utm_source",
                "utm_medium",
                "utm_campaign",
            ]
        )
    }
    texts["postcode"] = texts["postcode"][:10]
    return Signature.objects.create(
        pledge=pledge,
        signer_type="council",
        email="@evil.example",
        email_canonical="@evil.example",
        partner=partner,
        local_authority=council,
        **texts,
    )


def test_every_csv_cell_is_defused(staff, pledge):
    _dangerous_signature(pledge)
    response = staff.get(SIGNATURES, {"export": "csv"})
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    dangerous = [value for value in row if value and value[0] in DANGEROUS]
    assert dangerous == []
    assert sum(value.startswith("'") for value in row) >= 15  # 14 texts and the email


def test_every_xlsx_cell_is_text_and_defused(staff, pledge):
    _dangerous_signature(pledge)
    response = staff.get(SIGNATURES, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert [value for value in texts if value and value[0] in DANGEROUS] == []


def test_a_large_xlsx_is_refused_with_a_way_forward(staff, pledge, grow, monkeypatch):
    grow(6)
    monkeypatch.setattr(stream, "XLSX_MAX_ROWS", 5)
    monkeypatch.setattr("pledges.admin.signatures.XLSX_MAX_ROWS", 5)

    response = staff.get(SIGNATURES, {"export": "xlsx", "status": "pending"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")  # 2 rows

    response = staff.get(SIGNATURES, {"export": "xlsx"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{SIGNATURES}?"
    assert "at most 5 signatures" in response.content.decode()
    assert "download CSV" in response.content.decode()


def test_a_whole_address_finds_its_mailbox_and_part_of_one_finds_its_domain(staff, pledge, grow):
    grow(6)
    Signature.objects.create(
        pledge=pledge,
        signer_type="individual",
        name="Ada Lovelace",
        email="ada.lovelace@gmail.com",
        email_canonical=canonical_email("ada.lovelace@gmail.com"),
    )

    def names(query):
        return {s.name for s in listing.search_signatures(Signature.objects.all(), query)}

    assert names("Ada.Lovelace+pledge@GMAIL.com") == {"Ada Lovelace"}
    assert names("signer1@example1.org") == {"Signer 1"}
    assert names("example2.org") == {"Signer 2", "Signer 5"}
    assert names("lovelace") == {"Ada Lovelace"}
    council = Signature.objects.filter(local_authority__isnull=False).first()
    assert council.name in names(council.local_authority.name)


def test_small_listings_are_counted_exactly(staff, pledge, grow):
    grow(12)
    response = staff.get(SIGNATURES)
    assert response.context["paginator"].count == 12
    assert "about" not in response.context["paginator"].items_count_label


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's"
)
def test_large_listings_show_the_planners_estimate(staff, pledge, grow, monkeypatch):
    grow(12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pledges_signature")
    monkeypatch.setattr(listing, "ESTIMATE_ABOVE", 5)
    response = staff.get(SIGNATURES)
    paginator = response.context["paginator"]
    assert paginator.is_estimate
    assert paginator.items_count_label.startswith("about ")


def test_the_pledge_sort_is_by_pledge_then_newest(staff, pledge, grow, site_tree):
    grow(3)
    other = PledgePageFactory(parent=site_tree["home"], title="A later pledge")
    Signature.objects.create(
        pledge=other, signer_type="individual", name="Other", email="o@x.org", email_canonical="o"
    )
    response = staff.get(SIGNATURES, {"ordering": "-pledge"})
    assert [s.name for s in response.context["object_list"]][0] == "Other"
