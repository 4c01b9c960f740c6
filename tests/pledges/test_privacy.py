"""Signers' personal data never leaves: not through the API, not on public pages.

A set of signatures with distinctive emails, names, addresses and postcodes is
made through the real mutation; then every public route is asked, and none of
those strings (nor the keyed IP hashes) may appear in any answer.
"""

import datetime
import re
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from pledges import signing
from pledges.counts import count_from_table, signature_counts
from pledges.models import Signature
from tests.factories import LocalAuthorityFactory, PledgePageFactory
from tests.pledges.helpers import (
    council,
    individual,
    link,
    make_signature,
    organisation,
    thanks_url,
)

pytestmark = pytest.mark.django_db

PLEDGE_FIELDS = """
  id title url summary statement goal signerTypes isOpen opensAt closesAt thankYouText
  formToken progress signatureCounts { total individual organisation council }
  principles { title }
"""


def _signers(leeds, bradford):
    """(key, fields, ip, fate) for each signer; every private string carries 'zqx'."""
    return [
        ("shown", individual("zqx.shown@gmail.com", "Ada Shownperson", showName=True), "confirm"),
        ("hidden", individual("zqx.hidden@example.org", "Zqx Hiddenperson"), "confirm"),
        (
            "pending",
            individual("zqx.pending@example.org", "Zqx Pendingperson", showName=True),
            "pending",
        ),
        (
            "organisation",
            organisation(
                "zqx.org@example.org",
                name="Zqx Orgcontact",
                role="Zqx Chair",
                organisation="Deeside Community Trust",
                showName=True,
                sendUpdates=True,
            ),
            "confirm",
        ),
        (
            "council",
            council(
                leeds.gss_code,
                "zqx.leader@leeds.gov.uk",
                name="Zqx Councilcontact",
                role="Zqx Leader",
                cabinetChampion="Zqx Cabinetchampion",
                leadershipChampion="Zqx Leadershipchampion",
                showName=True,
            ),
            "verify",
        ),
        (
            "unverified",
            council(bradford.gss_code, "zqx.unverified@bradford.gov.uk", name="Zqx Unverified"),
            "confirm",
        ),
        (
            "withdrawn",
            individual("zqx.withdrawn@example.org", "Zqx Withdrawnperson", showName=True),
            "withdraw",
        ),
        (
            "rejected",
            individual("zqx.rejected@example.org", "Zqx Rejectedperson", showName=True),
            "reject",
        ),
        (
            "postcode",
            individual("zqx.postcode@example.org", "Zqx Postcodeperson", postcode="ZQ9 9ZZ"),
            "confirm",
        ),
    ]


@pytest.fixture
def signed(site_tree, sign, client, commit):
    """A pledge for everyone, signed by a crowd with distinctive details."""
    pledge = PledgePageFactory(
        parent=site_tree["home"],
        title="Everyone pledge",
        slug="everyone",
        allow_councils=True,
        goal=5,
    )
    leeds = LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035")
    bradford = LocalAuthorityFactory(name="Bradford Council", gss_code="E08000032")
    ips = {}
    for n, (key, fields, fate) in enumerate(_signers(leeds, bradford)):
        ip = f"203.0.113.{101 + n}"
        ips[key] = ip
        with commit():
            assert sign(pledge, headers={"REMOTE_ADDR": ip}, **fields)["ok"]
        signature = Signature.objects.get(email=fields["email"])
        if fate == "pending":
            continue
        with commit():
            assert client.post(link("confirm", to=fields["email"])).status_code == 200
        with commit():
            if fate == "verify":
                signing.verify_council(signature, True)
            elif fate == "withdraw":
                client.post(link("withdraw", to=fields["email"]))
            elif fate == "reject":
                signing.invalidate(Signature.objects.filter(pk=signature.pk), "Spam wave")

    rows = list(Signature.objects.all())
    private = set()
    for row in rows:
        private |= {row.email, row.email_canonical, row.ip_hash, row.role, row.postcode}
        private |= {row.cabinet_champion, row.leadership_champion}
    private |= set(ips.values())
    for key, fields, _ in _signers(leeds, bradford):
        private.add(fields["email"])
        private.add(fields["email"].split("@")[0])
        if key != "shown":
            private.add(fields["name"])
        for value in fields.values():
            if isinstance(value, str) and "zqx" in value.lower():
                private.add(value)
    private.discard("")
    return {"pledge": pledge, "leeds": leeds, "bradford": bradford, "private": private}


def assert_private(text, private, where):
    # Signed tokens are random text and may spell "zqx" by chance: take them out.
    text = re.sub(r'"formToken":\s*"[^"]*"', "", text)
    lowered = text.lower()
    leaks = sorted(value for value in private if value.lower() in lowered)
    assert not leaks, f"{where} leaks {leaks}"
    assert "zqx" not in lowered, f"{where} leaks a marked value"


def test_no_personal_data_in_any_api_answer(signed, gql):
    pledge, private = signed["pledge"], signed["private"]
    pid = str(pledge.pk)
    queries = [
        (
            f"query($id: ID) {{ page(id: $id) {{ ... on PledgePage {{ {PLEDGE_FIELDS} }} }} }}",
            {"id": pid},
        ),
        (
            f"query($p: String) {{ page(urlPath: $p) {{ ... on PledgePage {{ {PLEDGE_FIELDS} }} }} }}",
            {"p": pledge.url},
        ),
        (f"{{ pages {{ ... on PledgePage {{ {PLEDGE_FIELDS} }} }} }}", None),
        (
            "query($id: ID!) { pledgeSupporters(pledgeId: $id, perPage: 50) "
            "{ items { name signerType } pagination { total } } }",
            {"id": pid},
        ),
        (
            "query($id: ID!) { keepItLocalCouncils(pledgeId: $id, perPage: 50) "
            "{ items { name gssCode region joinedOn } pagination { total } } }",
            {"id": pid},
        ),
        ("{ localAuthorities { name gssCode } }", None),
        ("{ pledgeChallenge }", None),
    ]
    for term in (
        "zqx",
        "Hiddenperson",
        "zqx.hidden@example.org",
        "203.0.113.102",
        "Ada",
        "Deeside",
    ):
        queries.append(
            (
                "query($q: String!) { siteSearch(query: $q) { items { title url "
                "searchDescription ... on PledgePage { summary signatureCounts { total } } } } }",
                {"q": term},
            )
        )
    for query, variables in queries:
        payload = gql(query, variables)
        assert_private(payload["_raw"], private, query)


def test_no_personal_data_on_public_pages(signed, client):
    pledge, private = signed["pledge"], signed["private"]
    for path in (
        pledge.url,
        thanks_url(pledge),
        "/",
        "/search/?q=Everyone",
        "/search/?q=Deeside",
        "/search/?q=Ada",
        "/sitemap.xml",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_private(response.content.decode(), private, path)


def test_signing_answers_leak_nothing(signed, gql, client):
    """Repeats, failures and refusals answer without echoing anyone's details."""
    from tests.pledges.helpers import SIGN, form_token

    pledge, private = signed["pledge"], signed["private"]
    token = form_token(gql, pledge)
    for fields in (
        individual("zqx.hidden@example.org", "New Name"),  # a repeat
        individual("ZQX.Shown+again@gmail.com", "New Name"),  # a canonical repeat
        individual("zqx.hidden@", "New Name"),  # invalid
    ):
        payload = gql(SIGN, {"input": {"pledgeId": str(pledge.pk), "formToken": token, **fields}})
        text = payload["_raw"].replace(fields["email"], "")
        assert_private(text, private - {fields["email"]}, fields["email"])


TYPE_REF = "name kind ofType { name kind ofType { name kind ofType { name kind } } }"


def _named(type_ref):
    while type_ref.get("ofType"):
        type_ref = type_ref["ofType"]
    return type_ref["name"]


def test_schema_has_no_field_for_emails_or_addresses(gql, site_tree):
    types = gql(f"{{ __schema {{ types {{ name fields {{ name type {{ {TYPE_REF} }} }} }} }} }}")[
        "data"
    ]["__schema"]["types"]
    suspicious = []
    for type_ in types:
        for field in type_["fields"] or []:
            words = {word.lower() for word in re.findall(r"[a-z]+|[A-Z][a-z]*", field["name"])}
            if words & {"email", "emails", "ip", "ips", "canonical", "postcode", "remote"}:
                suspicious.append(f"{type_['name']}.{field['name']}")
            # No route leads to a signature row or an email record.
            if _named(field["type"]) in {"Signature", "EmailDelivery"}:
                suspicious.append(f"{type_['name']}.{field['name']}")
    assert suspicious == []


def test_supporters_are_counted_signers_who_chose_to_be_shown(signed, gql):
    pledge = signed["pledge"]
    data = gql(
        "query($id: ID!) { pledgeSupporters(pledgeId: $id) "
        "{ items { name signerType } pagination { total } } }",
        {"id": str(pledge.pk)},
    )["data"]["pledgeSupporters"]
    # Newest confirmation first: the verified council, the organisation, the individual.
    assert data["items"] == [
        {"name": "Leeds City Council", "signerType": "council"},
        {"name": "Deeside Community Trust", "signerType": "organisation"},
        {"name": "Ada Shownperson", "signerType": "individual"},
    ]
    assert data["pagination"]["total"] == 3


def test_keep_it_local_councils_lists_only_verified_councils(signed, gql):
    pledge = signed["pledge"]
    data = gql(
        "query($id: ID!) { keepItLocalCouncils(pledgeId: $id) "
        "{ items { name gssCode region joinedOn } pagination { total } } }",
        {"id": str(pledge.pk)},
    )["data"]["keepItLocalCouncils"]
    assert data["items"] == [
        {
            "name": "Leeds City Council",
            "gssCode": "E08000035",
            "region": signed["leeds"].get_region_display(),
            "joinedOn": timezone.localdate(
                Signature.objects.get(status="verified").verified_at
            ).isoformat(),
        }
    ]


def test_joined_on_is_the_uk_date_of_verification(council_pledge, leeds, gql):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    verified_at = datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)
    make_signature(
        council_pledge,
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
        status=Signature.Status.VERIFIED,
        verified_at=verified_at,
    )
    items = gql(
        "query($id: ID!) { keepItLocalCouncils(pledgeId: $id) { items { joinedOn } } }",
        {"id": str(council_pledge.pk)},
    )["data"]["keepItLocalCouncils"]["items"]
    assert items == [{"joinedOn": "2025-07-01"}]


def test_lists_for_a_draft_pledge_are_empty(site_tree, gql, leeds):
    draft = PledgePageFactory(
        parent=site_tree["home"], slug="draft", live=False, allow_councils=True
    )
    make_signature(draft, status=Signature.Status.CONFIRMED, show_name=True, name="Zqx Draft")
    make_signature(
        draft,
        email="c@x.org",
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
        status=Signature.Status.VERIFIED,
        verified_at=timezone.now(),
    )
    for field in ("pledgeSupporters", "keepItLocalCouncils"):
        data = gql(
            f"query($id: ID!) {{ {field}(pledgeId: $id) {{ items {{ name }} "
            "pagination { total } } }",
            {"id": str(draft.pk)},
        )["data"][field]
        assert data == {"items": [], "pagination": data["pagination"]}
        assert data["pagination"]["total"] == 0


def test_public_counts(signed, gql):
    counts = gql(
        "query($id: ID) { page(id: $id) { ... on PledgePage { signatureCounts "
        "{ total individual organisation council } } } }",
        {"id": str(signed["pledge"].pk)},
    )["data"]["page"]["signatureCounts"]
    # shown, hidden, postcode; the organisation; the verified council.
    assert counts == {"total": 5, "individual": 3, "organisation": 1, "council": 1}


# --- Withdrawal and erasure ------------------------------------------------------------


def test_withdrawal_takes_the_signature_out_and_erases_details(pledge, sign, client, commit, gql):
    with commit():
        sign(
            pledge,
            headers={"REMOTE_ADDR": "203.0.113.9"},
            **individual(
                "zqx.leaving@example.org", "Zqx Leaving", showName=True, postcode="LS1 4AP"
            ),
        )
    with commit():
        client.post(link("confirm"))
    assert signature_counts(pledge.pk)["total"] == 1

    withdraw_path = link("withdraw")
    page = client.get(withdraw_path)
    assert "Withdraw my signature" in page.content.decode()
    assert Signature.objects.get().status == Signature.Status.CONFIRMED  # GET changes nothing

    with commit():
        response = client.post(withdraw_path)
    assert response.status_code == 200
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.WITHDRAWN
    assert signature.withdrawn_at is not None and signature.anonymised_at is not None
    for field, empty in signing.PERSONAL_FIELDS.items():
        assert getattr(signature, field) == empty, field
    assert signature_counts(pledge.pk)["total"] == 0
    assert count_from_table(pledge.pk)["total"] == 0
    supporters = gql(
        "query($id: ID!) { pledgeSupporters(pledgeId: $id) { items { name } } }",
        {"id": str(pledge.pk)},
    )
    assert supporters["data"]["pledgeSupporters"]["items"] == []
    assert_private(client.post(withdraw_path).content.decode(), {"zqx"}, "withdrawn page")


def test_withdrawn_council_leaves_the_council_list(council_pledge, leeds, gql, commit, client):
    signature = make_signature(
        council_pledge,
        email="c@leeds.gov.uk",
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
        status=Signature.Status.CONFIRMED,
    )
    with commit():
        signing.verify_council(signature, True)
    query = "query($id: ID!) { keepItLocalCouncils(pledgeId: $id) { items { name } } }"
    variables = {"id": str(council_pledge.pk)}
    assert len(gql(query, variables)["data"]["keepItLocalCouncils"]["items"]) == 1
    with commit():
        client.post(link("withdraw"))
    assert gql(query, variables)["data"]["keepItLocalCouncils"]["items"] == []
    assert signature_counts(council_pledge.pk)["total"] == 0


# --- Anonymising after the retention period ----------------------------------------------


def test_anonymise_after_retention_keeps_counts_and_erases_details(site_tree, leeds, settings, gql):
    now = timezone.now()
    long_closed = PledgePageFactory(
        parent=site_tree["home"],
        slug="long-closed",
        allow_councils=True,
        opens_at=now - datetime.timedelta(days=800),
        closes_at=now - datetime.timedelta(days=settings.PLEDGES["RETENTION_DAYS"] + 1),
    )
    recently_closed = PledgePageFactory(
        parent=site_tree["home"],
        slug="recently-closed",
        closes_at=now - datetime.timedelta(days=10),
    )
    still_open = PledgePageFactory(parent=site_tree["home"], slug="open")
    for pledge in (long_closed, recently_closed, still_open):
        for n in range(3):
            make_signature(
                pledge,
                email=f"zqx{n}@example.org",
                name=f"Zqx Person {n}",
                postcode="LS1 4AP",
                ip_hash="ab" * 16,
                show_name=True,
                send_updates=True,
                status=Signature.Status.CONFIRMED,
            )
    make_signature(
        long_closed,
        email="zqx.council@leeds.gov.uk",
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
        role="Leader",
        cabinet_champion="Cllr X",
        leadership_champion="Y",
        endorsement="other",
        endorsement_detail="Full council vote",
        status=Signature.Status.VERIFIED,
        verified_at=now - datetime.timedelta(days=500),
    )
    before = {p.pk: count_from_table(p.pk) for p in (long_closed, recently_closed, still_open)}
    cached_before = signature_counts(long_closed.pk)

    out = StringIO()
    call_command("anonymise_signatures", stdout=out)
    assert "Anonymised 4 signatures" in out.getvalue()

    for pledge_id, counts in before.items():
        assert count_from_table(pledge_id) == counts
    assert signature_counts(long_closed.pk) == cached_before

    for signature in Signature.objects.filter(pledge=long_closed):
        assert signature.anonymised_at is not None
        for field, empty in signing.PERSONAL_FIELDS.items():
            assert getattr(signature, field) == empty, field
    assert Signature.objects.filter(pledge=long_closed, status="verified").get().local_authority
    for pledge in (recently_closed, still_open):
        for signature in Signature.objects.filter(pledge=pledge):
            assert signature.anonymised_at is None
            assert signature.email.startswith("zqx") and signature.show_name

    # The verified council stays a Keep it Local council; names are no longer listed.
    councils = gql(
        "query($id: ID!) { keepItLocalCouncils(pledgeId: $id) { items { name } } }",
        {"id": str(long_closed.pk)},
    )["data"]["keepItLocalCouncils"]["items"]
    assert councils == [{"name": leeds.name}]

    # Running it again changes nothing more.
    call_command("anonymise_signatures", stdout=out)
    assert "Anonymised 0 signatures" in out.getvalue()
