"""The Pledges admin: signatures listing, export, bulk actions, council queue,
bulk invalidation, reports and partners, for a superuser and for limited staff."""

import csv
import datetime
import io
import itertools

from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest

from pledges.admin.chart import bar_chart, nice_ceiling
from pledges.admin.reports import report_cache_key
from pledges.counts import signature_counts
from pledges.identity import hash_ip
from pledges.models import Partner, Signature
from tests.factories import LocalAuthorityFactory, PledgePageFactory
from tests.pledges.helpers import denied, make_signature, staff_user

pytestmark = pytest.mark.django_db

Status = Signature.Status
Type = Signature.SignerType
SIGNATURES = reverse("pledge_signatures:index")
QUEUE = reverse("pledge_verification:index")
INVALIDATE = reverse("pledge_invalidation:index")
NOW = timezone.now()
_numbers = itertools.count(1)


def signature(pledge, **fields):
    """A confirmed individual unless told otherwise, with a distinct email and IP hash."""
    n = next(_numbers)
    fields.setdefault("status", Status.CONFIRMED)
    fields.setdefault("name", f"Signer {n}")
    fields.setdefault("ip_hash", f"{n:032x}")
    fields.setdefault("confirmed_at", NOW)
    return make_signature(pledge, email=fields.pop("email", f"signer{n}@example.org"), **fields)


def council_signature(pledge, council=None, **fields):
    council = council or LocalAuthorityFactory()
    fields.setdefault("email", f"leader@{council.gss_code.lower()}.gov.uk")
    return signature(
        pledge,
        signer_type=Type.COUNCIL,
        local_authority=council,
        name="Mary Seacole",
        role="Leader of the council",
        cabinet_champion="Cllr Ruth Ellis",
        leadership_champion="Tom Riley",
        endorsement=Signature.Endorsement.CABINET_DECISION,
        **fields,
    )


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


@pytest.fixture
def viewer_client(client, db):
    """Communications staff who may look, but not export, verify or invalidate."""
    client.force_login(staff_user("viewer", "view_signature"))
    return client


@pytest.fixture
def partner(db):
    return Partner.objects.create(name="Leeds Community Network", slug="leeds-network")


def rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# --- Signatures listing -------------------------------------------------------------------


@pytest.mark.parametrize("client_fixture", ["superuser_client", "viewer_client"])
def test_listing_shows_signatures_without_an_add_button(request, pledge, client_fixture):
    client = request.getfixturevalue(client_fixture)
    signature(pledge, name="Ada Lovelace", ip_hash="ab12cd34" + "f" * 24)
    signature(pledge, signer_type=Type.ORGANISATION, organisation="Chapeltown Trust")

    response = client.get(SIGNATURES)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Lovelace" in html
    assert "Chapeltown Trust" in html
    assert "Add signature" not in html
    assert "ab12cd34" not in html  # no IP hash in the listing at all
    for name in ("add", "edit", "delete", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"pledge_signatures:{name}", args=[1] if name != "add" else [])


def test_listing_shows_who_type_status_pledge_and_source(superuser_client, pledge, partner):
    signature(pledge, name="Ada Lovelace", partner=partner, utm_source="newsletter")
    council_signature(pledge, council=LocalAuthorityFactory(name="Leeds City Council"))

    html = superuser_client.get(SIGNATURES).content.decode()

    assert "Leeds City Council" in html  # a council is listed by its name, not its contact
    assert "Leeds Community Network (widget) · utm: newsletter" in html
    assert pledge.title in html
    assert "Individual" in html and "Council" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "pending"}, {"Pending one"}),
        ({"signer_type": "organisation"}, {"Org one"}),
        ({"utm_source": "NEWSLETTER"}, {"Newsletter one"}),
        ({"created_from": "2025-03-01", "created_to": "2025-03-31"}, {"March one"}),
    ],
)
def test_filters_narrow_the_listing(superuser_client, pledge, query, expected):
    march = timezone.make_aware(datetime.datetime(2025, 3, 10, 12))
    names = {
        "Pending one": {"status": Status.PENDING},
        "Org one": {"signer_type": Type.ORGANISATION, "organisation": "Org one"},
        "Newsletter one": {"utm_source": "newsletter"},
        "March one": {"created_at": march},
    }
    for name, fields in names.items():
        signature(pledge, name=name, **fields)

    html = superuser_client.get(SIGNATURES, query).content.decode()

    assert {name for name in names if name in html} == expected


def test_pledge_and_partner_filters(superuser_client, pledge, council_pledge, partner):
    signature(pledge, name="Widget signer", partner=partner)
    signature(pledge, name="Own site signer")
    signature(council_pledge, name="Other pledge signer")

    by_pledge = superuser_client.get(SIGNATURES, {"pledge": council_pledge.pk}).content.decode()
    by_partner = superuser_client.get(SIGNATURES, {"partner": partner.pk}).content.decode()
    no_partner = superuser_client.get(SIGNATURES, {"partner": "null"}).content.decode()

    assert "Other pledge signer" in by_pledge and "Widget signer" not in by_pledge
    assert "Widget signer" in by_partner and "Own site signer" not in by_partner
    assert "Own site signer" in no_partner and "Widget signer" not in no_partner


def test_staff_search_by_email(viewer_client, pledge):
    signature(pledge, name="Ada Lovelace", email="ada@analytical.example")
    signature(pledge, name="Grace Hopper", email="grace@navy.example")

    html = viewer_client.get(SIGNATURES, {"q": "analytical.example"}).content.decode()

    assert "Ada Lovelace" in html
    assert "Grace Hopper" not in html


def test_inspect_shows_the_details_but_only_a_prefix_of_the_ip_hash(viewer_client, pledge):
    row = signature(pledge, name="Ada Lovelace", ip_hash="ab12cd34ef56" + "0" * 20)

    response = viewer_client.get(reverse("pledge_signatures:inspect", args=[row.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in html and row.email in html
    assert "ab12cd34…" in html
    assert "ab12cd34ef56" not in html


def test_inspect_offers_only_the_decisions_the_user_may_take(client, council_pledge):
    row = council_signature(council_pledge)
    url = reverse("pledge_signatures:inspect", args=[row.pk])

    client.force_login(staff_user("looker", "view_signature"))
    html = client.get(url).content.decode()
    assert "Verify council" not in html and "Invalidate" not in html
    history = client.get(reverse("pledge_signatures:history", args=[row.pk]))
    assert history.status_code == 200

    client.force_login(staff_user("verifier", "view_signature", "verify_signature"))
    html = client.get(url).content.decode()
    assert "Verify council" in html and "Reject council" in html
    assert "Invalidate" not in html


# --- Export -------------------------------------------------------------------------------


def test_csv_export_has_headers_and_the_filtered_rows(superuser_client, pledge, partner):
    signature(pledge, name="Ada Lovelace", email="ada@example.org", partner=partner)
    signature(pledge, name="=HYPERLINK(1)", email="formula@example.org")
    signature(pledge, name="Pending", status=Status.PENDING)

    response = superuser_client.get(SIGNATURES, {"status": "confirmed", "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    header, *data = rows(response)
    assert header[:7] == [
        "ID",
        "Pledge",
        "Signer type",
        "Status",
        "Status reason",
        "Contact name",
        "Email",
    ]
    assert "Partner" in header and "utm_source" in header and "Signed at" in header
    assert not any("hash" in heading.lower() or heading.lower() == "ip" for heading in header)
    by_name = {row[5]: dict(zip(header, row, strict=True)) for row in data}
    assert set(by_name) == {"Ada Lovelace", "'=HYPERLINK(1)"}  # a formula is defused
    assert by_name["Ada Lovelace"]["Email"] == "ada@example.org"
    assert by_name["Ada Lovelace"]["Partner"] == partner.name


def test_export_needs_the_export_permission(viewer_client, pledge):
    signature(pledge)

    listing = viewer_client.get(SIGNATURES).content.decode()
    assert "Download CSV" not in listing
    assert "Download XLSX" not in listing
    for export in ("csv", "xlsx"):
        response = viewer_client.get(SIGNATURES, {"export": export})
        assert denied(response)
        assert response.get("Content-Type", "").startswith("text/html")


def test_export_permission_alone_lets_staff_download(client, pledge):
    client.force_login(staff_user("exporter", "view_signature", "export_signature"))
    signature(pledge, name="Ada Lovelace")

    assert "Download CSV" in client.get(SIGNATURES).content.decode()
    response = client.get(SIGNATURES, {"export": "csv"})
    assert response.status_code == 200
    assert [row[5] for row in rows(response)[1:]] == ["Ada Lovelace"]
    xlsx = client.get(SIGNATURES, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


# --- Council verification queue -----------------------------------------------------------


def test_queue_lists_confirmed_councils_waiting(superuser_client, council_pledge):
    waiting = council_signature(
        council_pledge, council=LocalAuthorityFactory(name="Leeds City Council")
    )
    council_signature(
        council_pledge,
        council=LocalAuthorityFactory(name="Verified Council"),
        status=Status.VERIFIED,
    )
    council_signature(
        council_pledge,
        council=LocalAuthorityFactory(name="Unconfirmed Council"),
        status=Status.PENDING,
    )

    html = superuser_client.get(QUEUE).content.decode()

    assert "Leeds City Council" in html
    assert "Verified Council" not in html
    assert "Unconfirmed Council" not in html
    for detail in (waiting.name, waiting.role, waiting.email, "Cllr Ruth Ellis", "Tom Riley"):
        assert detail in html
    assert "A cabinet decision" in html


def test_queue_flags_a_council_already_verified(superuser_client, council_pledge):
    leeds = LocalAuthorityFactory(name="Leeds City Council")
    council_signature(council_pledge, council=leeds, status=Status.VERIFIED, email="a@leeds.gov.uk")
    council_signature(council_pledge, council=leeds, email="b@leeds.gov.uk")

    assert "Already verified by another contact" in superuser_client.get(QUEUE).content.decode()


def test_verify_counts_the_council_emails_the_contact_and_logs(
    superuser_client, council_pledge, commit
):
    waiting = council_signature(council_pledge)
    assert signature_counts(council_pledge.pk)["council"] == 0

    with commit():
        response = superuser_client.post(reverse("pledge_verification:verify", args=[waiting.pk]))

    assert response.status_code == 302 and response.url == QUEUE
    waiting.refresh_from_db()
    assert waiting.status == Status.VERIFIED and waiting.verified_at
    assert signature_counts(council_pledge.pk)["council"] == 1
    assert [message.to for message in mail.outbox] == [[waiting.email]]
    entry = ModelLogEntry.objects.get(object_id=str(waiting.pk))
    assert entry.action == "pledges.council_verified"
    assert waiting.name not in entry.label  # the log outlives anonymisation


def test_reject_needs_a_reason_and_tells_the_contact(superuser_client, council_pledge, commit):
    waiting = council_signature(council_pledge)
    url = reverse("pledge_verification:reject", args=[waiting.pk])

    assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(url, {"reason": ""})
    assert response.status_code == 200  # the form again, with its error
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED

    with commit():
        response = superuser_client.post(url, {"reason": "Not signed by the leader."})

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.status_reason) == (Status.REJECTED, "Not signed by the leader.")
    assert len(mail.outbox) == 1
    assert "Not signed by the leader." in mail.outbox[0].body
    history = superuser_client.get(reverse("pledge_signatures:history", args=[waiting.pk]))
    assert "Rejected the council sign-up: Not signed by the leader." in history.content.decode()


def test_verifying_an_individual_is_refused_with_a_message(superuser_client, pledge):
    person = signature(pledge)

    response = superuser_client.post(
        reverse("pledge_verification:verify", args=[person.pk]), follow=True
    )

    assert "Only council sign-ups are verified." in response.content.decode()
    person.refresh_from_db()
    assert person.status == Status.CONFIRMED


def test_queue_and_decisions_need_the_verify_permission(viewer_client, council_pledge):
    waiting = council_signature(council_pledge)

    assert denied(viewer_client.get(QUEUE))
    assert denied(viewer_client.post(reverse("pledge_verification:verify", args=[waiting.pk])))
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_dashboard_panel_and_menu_show_the_pending_count(superuser_client, council_pledge):
    council_signature(council_pledge)
    council_signature(council_pledge)
    council_signature(council_pledge, status=Status.VERIFIED)

    html = superuser_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "2 council sign-ups waiting for verification" in html
    assert QUEUE in html
    assert "Council verification (2)" in html  # the menu item's badge


def test_dashboard_panel_only_for_verifiers(viewer_client, council_pledge):
    council_signature(council_pledge)

    html = viewer_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "waiting for verification" not in html
    assert "Council verification" not in html


# --- Bulk invalidation --------------------------------------------------------------------


@pytest.fixture
def spam_run(pledge):
    """Eight counted signatures: three from one IP, three from spam.example, two honest."""
    bot_ip = hash_ip("203.0.113.9")
    start = timezone.make_aware(datetime.datetime(2025, 5, 1, 3, 0))
    rows = {
        "bot1": signature(pledge, ip_hash=bot_ip, created_at=start),
        "bot2": signature(pledge, ip_hash=bot_ip, created_at=start + datetime.timedelta(minutes=1)),
        "bot3": signature(pledge, ip_hash=bot_ip, created_at=start + datetime.timedelta(minutes=2)),
        "spam1": signature(pledge, email="a@spam.example"),
        "spam2": signature(pledge, email="b@mx.SPAM.example"),
        "spam3": signature(pledge, email="c@spam.example", status=Status.PENDING),
        "honest1": signature(pledge, email="d@notspam.example"),
        "honest2": signature(pledge, email="spam.example@gmail.com"),
    }
    return {"pledge": pledge, "bot_ip": bot_ip, "start": start, "rows": rows}


def invalidation(client, pledge, confirm=None, **criteria):
    data = {"pledge": pledge.pk, "reason": "Bot run", **criteria}
    if confirm is not None:
        data.update(confirm="1", expected=str(confirm))
    return client.post(INVALIDATE, data)


def statuses(run):
    return {key: Signature.objects.get(pk=row.pk).status for key, row in run["rows"].items()}


@pytest.mark.parametrize(
    ("criteria", "matched"),
    [
        ({"ip": "203.0.113.9"}, {"bot1", "bot2", "bot3"}),
        ({"ip": "BOT_HASH"}, {"bot1", "bot2", "bot3"}),
        ({"ip": "BOT_PREFIX"}, {"bot1", "bot2", "bot3"}),
        ({"email_domain": "@spam.example"}, {"spam1", "spam2", "spam3"}),
        (
            {"signed_from": "2025-05-01 03:00", "signed_to": "2025-05-01 03:02"},
            {"bot1", "bot2"},
        ),
    ],
)
def test_bulk_invalidation_changes_exactly_the_matches(
    superuser_client, spam_run, commit, criteria, matched
):
    pledge = spam_run["pledge"]
    criteria = {
        key: {"BOT_HASH": spam_run["bot_ip"], "BOT_PREFIX": spam_run["bot_ip"][:10] + "…"}.get(
            value, value
        )
        for key, value in criteria.items()
    }
    before = statuses(spam_run)
    public_before = signature_counts(pledge.pk)["total"]

    preview = invalidation(superuser_client, pledge, **criteria)
    assert preview.status_code == 200
    assert preview.context["preview"]["count"] == len(matched)
    assert statuses(spam_run) == before  # a preview changes nothing

    with commit():
        response = invalidation(superuser_client, pledge, confirm=len(matched), **criteria)

    assert response.status_code == 302
    after = statuses(spam_run)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == matched
    assert all(after[key] == Status.REJECTED for key in matched)
    assert (
        Signature.objects.get(pk=spam_run["rows"][next(iter(matched))].pk).status_reason
        == "Bot run"
    )
    counted = sum(1 for key in matched if before[key] == Status.CONFIRMED)
    assert signature_counts(pledge.pk)["total"] == public_before - counted
    assert ModelLogEntry.objects.filter(action="pledges.invalidated").count() == len(matched)


def test_criteria_combine(superuser_client, spam_run):
    response = invalidation(
        superuser_client,
        spam_run["pledge"],
        ip=spam_run["bot_ip"],
        signed_from="2025-05-01 03:01",
        signed_to="2025-05-01 04:00",
    )
    assert response.context["preview"]["count"] == 2


def test_invalidation_only_touches_the_chosen_pledge(superuser_client, spam_run, council_pledge):
    elsewhere = signature(council_pledge, ip_hash=spam_run["bot_ip"])

    invalidation(superuser_client, spam_run["pledge"], confirm=3, ip=spam_run["bot_ip"])

    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.CONFIRMED


def test_invalidation_stops_if_the_matches_changed_since_the_preview(superuser_client, spam_run):
    before = statuses(spam_run)

    response = invalidation(superuser_client, spam_run["pledge"], confirm=2, ip=spam_run["bot_ip"])

    assert response.status_code == 200
    assert response.context["preview"]["count"] == 3
    assert "The matches changed since the preview" in response.content.decode()
    assert statuses(spam_run) == before


@pytest.mark.parametrize(
    ("criteria", "error"),
    [
        ({}, "a whole pledge is never invalidated at once"),
        ({"email_domain": "com"}, "Enter a domain such as spam.example."),
        ({"ip": "xyz"}, "Enter an IP address, or at least 8 characters"),
        ({"signed_from": "2025-05-01 03:00"}, "Give both ends of the time window"),
    ],
)
def test_invalidation_refuses_vague_criteria(superuser_client, spam_run, criteria, error):
    response = invalidation(superuser_client, spam_run["pledge"], **criteria)

    assert response.status_code == 200
    assert "preview" not in response.context
    assert error in response.content.decode()


def test_an_ambiguous_ip_prefix_is_refused(superuser_client, pledge):
    signature(pledge, ip_hash="abcdef01" + "1" * 24)
    signature(pledge, ip_hash="abcdef01" + "2" * 24)

    response = invalidation(superuser_client, pledge, ip="abcdef01")

    assert "matches 2 different IP hashes" in response.content.decode()


def test_invalidation_page_lists_busy_ip_hashes_by_prefix_only(superuser_client, spam_run):
    for row in ("bot1", "bot2", "bot3"):
        Signature.objects.filter(pk=spam_run["rows"][row].pk).update(created_at=timezone.now())

    html = superuser_client.get(INVALIDATE, {"pledge": spam_run["pledge"].pk}).content.decode()

    assert spam_run["bot_ip"][:8] + "…" in html
    assert spam_run["bot_ip"] not in html


def test_invalidation_needs_the_change_permission(viewer_client, spam_run):
    assert denied(viewer_client.get(INVALIDATE))
    assert denied(invalidation(viewer_client, spam_run["pledge"], confirm=3, ip=spam_run["bot_ip"]))
    assert Signature.objects.filter(status=Status.REJECTED).count() == 0


# --- Bulk actions on the listing ----------------------------------------------------------


def bulk_url(action, *ids, **params):
    query = "&".join(
        [*(f"id={pk}" for pk in ids), *(f"{key}={value}" for key, value in params.items())]
    )
    return f"{reverse('wagtail_bulk_action', args=['pledges', 'signature', action])}?{query}"


def test_bulk_invalidate_selected_signatures(superuser_client, pledge, commit):
    first, second, keep = signature(pledge), signature(pledge), signature(pledge)
    url = bulk_url("invalidate", first.pk, second.pk, next=SIGNATURES)

    confirm_page = superuser_client.get(url)
    assert confirm_page.status_code == 200
    assert first.name in confirm_page.content.decode()

    with commit():
        response = superuser_client.post(url, {"reason": "Duplicates"})

    assert response.status_code == 302
    assert set(Signature.objects.filter(status=Status.REJECTED).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert signature_counts(pledge.pk)["total"] == 1
    keep.refresh_from_db()
    assert keep.status == Status.CONFIRMED


def test_bulk_invalidate_all_in_listing_keeps_to_the_listing_filters(superuser_client, pledge):
    spam = [signature(pledge, utm_source="spamlink") for _ in range(3)]
    honest = signature(pledge, utm_source="newsletter")

    url = bulk_url("invalidate", "all", utm_source="spamlink")
    superuser_client.post(url, {"reason": "Spam link"})

    assert {row.pk for row in spam} == set(
        Signature.objects.filter(status=Status.REJECTED).values_list("pk", flat=True)
    )
    honest.refresh_from_db()
    assert honest.status == Status.CONFIRMED


def test_bulk_verify_and_reject_councils(superuser_client, council_pledge, pledge, commit):
    first, second = council_signature(council_pledge), council_signature(council_pledge)
    person = signature(pledge)

    page = superuser_client.get(bulk_url("verify", first.pk, person.pk)).content.decode()
    assert "only confirmed or rejected council sign-ups can be verified" in page
    assert f"{person.name} (individual, confirmed)" in page

    with commit():
        superuser_client.post(bulk_url("verify", first.pk, person.pk))
        superuser_client.post(bulk_url("reject", second.pk), {"reason": "Duplicate"})

    assert Signature.objects.get(pk=first.pk).status == Status.VERIFIED
    assert Signature.objects.get(pk=second.pk).status == Status.REJECTED
    assert Signature.objects.get(pk=person.pk).status == Status.CONFIRMED
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, second.email])


def test_bulk_actions_need_their_permissions(viewer_client, pledge, council_pledge):
    row = council_signature(council_pledge)

    assert "bulk-action-checkbox" not in viewer_client.get(SIGNATURES).content.decode()
    for action in ("verify", "reject", "invalidate"):
        assert denied(viewer_client.post(bulk_url(action, row.pk), {"reason": "No"}))
    row.refresh_from_db()
    assert row.status == Status.CONFIRMED


# --- Reports ------------------------------------------------------------------------------


def days_of_signatures(pledge, days, per_day=2):
    today = timezone.localdate()
    for offset in range(days):
        moment = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=offset), datetime.time(12))
        )
        for _ in range(per_day):
            signature(pledge, confirmed_at=moment, created_at=moment)


def test_report_totals_and_breakdowns(superuser_client, pledge, partner):
    days_of_signatures(pledge, 3)  # 6 counted, from our own site
    signature(pledge, partner=partner, utm_source="newsletter")
    signature(pledge, signer_type=Type.ORGANISATION, organisation="Trust", utm_source="newsletter")
    signature(pledge, status=Status.PENDING)
    signature(pledge, status=Status.REJECTED)
    council_signature(pledge)  # confirmed, not verified: not counted

    response = superuser_client.get(reverse("pledge_reports:detail", args=[pledge.pk]))

    assert response.status_code == 200
    report = response.context["report"]
    assert report["total"] == 8 == signature_counts(pledge.pk)["total"]
    assert report["in_chart"] == 8
    assert {row["label"]: row["count"] for row in report["by_type"]} == {
        "Individual": 7,
        "Organisation": 1,
    }
    assert {row["label"]: row["count"] for row in report["by_status"]} == {
        "Confirmed": 9,
        "Waiting for email confirmation": 1,
        "Rejected": 1,
    }
    assert {row["label"]: row["count"] for row in report["by_partner"]} == {
        partner.name: 1,
        "No partner (our own site)": 7,
    }
    assert {row["label"]: row["count"] for row in report["by_utm_source"]} == {
        "newsletter": 2,
        "(none)": 6,
    }
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html and "<desc" in html
    assert "<table" in html  # the same figures as a table
    assert reverse("wagtailadmin_pages:edit", args=[pledge.pk]) in html  # raise the goal


def test_report_query_count_does_not_grow_with_days(superuser_client, site_tree):
    short = PledgePageFactory(parent=site_tree["home"], title="Short")
    long = PledgePageFactory(parent=site_tree["home"], title="Long")
    days_of_signatures(short, 3)
    days_of_signatures(long, 60)
    for pledge in (short, long):
        PledgePageFactory._meta.model.objects.filter(pk=pledge.pk).update(
            first_published_at=timezone.now() - datetime.timedelta(days=100)
        )
    superuser_client.get(reverse("pledge_reports:detail", args=[short.pk]))  # warm caches

    counts = {}
    for pledge in (short, long):
        cache.delete(report_cache_key(pledge))  # the cold report: its queries are the cost
        with CaptureQueriesContext(connection) as queries:
            response = superuser_client.get(reverse("pledge_reports:detail", args=[pledge.pk]))
        assert response.status_code == 200
        counts[pledge.title] = len(queries)

    assert counts["Short"] == counts["Long"]
    assert response.context["report"]["total"] == 120
    assert len(response.context["report"]["series"]) == 90


def test_report_chart_starts_when_the_pledge_opened(superuser_client, site_tree):
    pledge = PledgePageFactory(
        parent=site_tree["home"], opens_at=timezone.now() - datetime.timedelta(days=4)
    )

    response = superuser_client.get(reverse("pledge_reports:detail", args=[pledge.pk]))

    assert len(response.context["report"]["series"]) == 5


def test_reports_index_lists_pledges_with_counts(viewer_client, pledge):
    days_of_signatures(pledge, 2)

    response = viewer_client.get(reverse("pledge_reports:index"))

    assert response.status_code == 200
    assert response.context["pledges"][0]["counted"] == 4


def test_reports_need_a_signature_permission(client, pledge):
    client.force_login(staff_user("editor"))
    assert denied(client.get(reverse("pledge_reports:detail", args=[pledge.pk])))


def test_chart_geometry():
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 12, 60, 101)] == [1, 1, 5, 10, 20, 100, 200]
    day = datetime.date(2025, 1, 1)
    chart = bar_chart([(day, 0), (day, 5), (day, 10)])
    heights = [bar.height for bar in chart["bars"]]
    assert heights[0] == 0 and heights[2] == 2 * heights[1]
    assert all(bar.y + bar.height == chart["axis"]["baseline"] for bar in chart["bars"])
    assert [label["anchor"] for label in chart["date_labels"]] == ["start", "middle", "end"]


# --- Menu and partners --------------------------------------------------------------------


def test_partners_are_snippets_in_the_pledges_menu(superuser_client, partner):
    response = superuser_client.get(reverse("wagtailsnippets_pledges_partner:list"))
    html = response.content.decode()

    assert response.status_code == 200
    assert partner.name in html and partner.slug in html
    for label in (
        "Pledges",
        "Signatures",
        "Council verification",
        "Bulk invalidation",
        "Reports",
        "Partners",
    ):
        assert f'"{label}' in html  # sidebar menu items, serialised for the React sidebar


def test_a_pledge_page_links_to_its_report_and_signatures(superuser_client, pledge):
    html = superuser_client.get(
        reverse("wagtailadmin_pages:edit", args=[pledge.pk])
    ).content.decode()

    assert reverse("pledge_reports:detail", args=[pledge.pk]) in html
    assert f"{SIGNATURES}?pledge={pledge.pk}" in html


def test_limited_staff_see_only_what_they_may_use(viewer_client):
    html = viewer_client.get(reverse("wagtailadmin_home")).content.decode()

    assert '"Signatures"' in html and '"Reports"' in html
    assert '"Bulk invalidation"' not in html
    assert '"Council verification' not in html


def test_a_report_is_cached_briefly_and_says_how_old_it_is(superuser_client, pledge):
    days_of_signatures(pledge, 1)
    url = reverse("pledge_reports:detail", args=[pledge.pk])
    first = superuser_client.get(url)
    signature(pledge, email="late@example.org")

    with CaptureQueriesContext(connection) as queries:
        again = superuser_client.get(url)

    assert again.context["report"]["total"] == first.context["report"]["total"] == 2
    assert not any("GROUP BY" in query["sql"] for query in queries.captured_queries)
    assert "Figures as of" in again.content.decode()
    cache.delete(report_cache_key(pledge))
    assert superuser_client.get(url).context["report"]["total"] == 3
