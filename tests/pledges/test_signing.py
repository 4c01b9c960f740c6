"""The signing rules: what each kind of signer gives, double opt-in, duplicates, dates."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

import pytest

from pledges import signing
from pledges.counts import count_from_table
from pledges.identity import canonical_email
from pledges.models import EmailDelivery, Signature
from tests.factories import PledgePageFactory
from tests.pledges.helpers import (
    council,
    errors,
    individual,
    link,
    make_signature,
    organisation,
    set_pledges,
)

pytestmark = pytest.mark.django_db


# --- Fields by signer type ---------------------------------------------------------------


def test_individual_gives_name_email_and_optional_postcode(pledge, sign):
    result = sign(pledge, **individual(postcode="ls1   4ap"))
    assert result["ok"], result
    signature = Signature.objects.get()
    assert signature.signer_type == "individual"
    assert (signature.name, signature.email, signature.postcode) == (
        "Ada Lovelace",
        "ada@example.org",
        "LS1 4AP",
    )
    assert signature.status == Signature.Status.PENDING
    assert signature.pledge_id == pledge.pk

    without = sign(pledge, **individual(email="nopostcode@example.org"))
    assert without["ok"], without
    assert Signature.objects.get(email="nopostcode@example.org").postcode == ""


def test_individual_cannot_set_organisation_fields(pledge, sign, leeds):
    result = sign(
        pledge,
        **individual(
            organisation="Sneaky Ltd",
            role="Boss",
            localAuthority=leeds.gss_code,
            cabinetChampion="X",
            leadershipChampion="Y",
        ),
    )
    assert result["ok"], result
    signature = Signature.objects.get()
    assert signature.organisation == ""
    assert signature.role == ""
    assert signature.local_authority is None
    assert signature.cabinet_champion == signature.leadership_champion == ""


@pytest.mark.parametrize("fields", [individual(), organisation()])
def test_only_councils_keep_an_endorsement(pledge, sign, fields):
    result = sign(pledge, **fields, endorsement="OTHER", endorsementDetail="Free text, not theirs")
    assert result["ok"], result
    signature = Signature.objects.get()
    assert signature.endorsement == ""
    assert signature.endorsement_detail == ""


def test_organisation_gives_organisation_contact_role_email_and_area(pledge, sign, leeds):
    result = sign(pledge, **organisation(localAuthority=leeds.gss_code, postcode="LS1 4AP"))
    assert result["ok"], result
    signature = Signature.objects.get()
    assert signature.signer_type == "organisation"
    assert signature.organisation == "Chapeltown Community Trust"
    assert signature.name == "Grace Hopper"
    assert signature.role == "Director"
    assert signature.email == "org@example.org"
    assert signature.local_authority == leeds
    assert signature.postcode == ""  # not an organisation field


def test_organisation_area_is_optional(pledge, sign):
    assert sign(pledge, **organisation())["ok"]
    assert Signature.objects.get().local_authority is None


def test_council_gives_council_contact_role_champions_and_endorsement(council_pledge, sign, leeds):
    result = sign(council_pledge, **council(leeds.gss_code))
    assert result["ok"], result
    signature = Signature.objects.get()
    assert signature.signer_type == "council"
    assert signature.local_authority == leeds
    assert signature.name == "Mary Seacole"
    assert signature.role == "Leader of the council"
    assert signature.email == "leader@leeds.gov.uk"
    assert signature.cabinet_champion == "Cllr Ruth Ellis"
    assert signature.leadership_champion == "Tom Riley, Director of Communities"
    assert signature.endorsement == Signature.Endorsement.LEADER_AND_CHIEF_EXECUTIVE


def test_council_endorsement_other_needs_detail(council_pledge, sign, leeds):
    missing = sign(council_pledge, **council(leeds.gss_code, endorsement="OTHER"))
    assert errors(missing) == [("endorsementDetail", "REQUIRED")]
    assert not Signature.objects.exists()

    given = sign(
        council_pledge,
        **council(
            leeds.gss_code, endorsement="OTHER", endorsementDetail="Full council motion, May 2025"
        ),
    )
    assert given["ok"], given
    signature = Signature.objects.get()
    assert signature.endorsement == Signature.Endorsement.OTHER
    assert signature.endorsement_detail == "Full council motion, May 2025"


def test_council_cabinet_decision_needs_no_detail(council_pledge, sign, leeds):
    assert sign(council_pledge, **council(leeds.gss_code, endorsement="CABINET_DECISION"))["ok"]
    assert Signature.objects.get().endorsement == Signature.Endorsement.CABINET_DECISION


def test_signer_types_reflect_the_pledge(pledge, council_pledge, gql):
    query = "query($id: ID) { page(id: $id) { ... on PledgePage { signerTypes } } }"
    assert gql(query, {"id": pledge.pk})["data"]["page"]["signerTypes"] == [
        "organisation",
        "individual",
    ]
    assert gql(query, {"id": council_pledge.pk})["data"]["page"]["signerTypes"] == ["council"]


def test_council_on_a_pledge_not_for_councils_is_not_allowed(pledge, sign, leeds):
    result = sign(pledge, **council(leeds.gss_code))
    assert errors(result) == [("signerType", "NOT_ALLOWED")]
    assert not Signature.objects.exists()


@pytest.mark.parametrize("fields", [individual(), organisation()])
def test_people_and_organisations_on_a_council_pledge_are_not_allowed(council_pledge, sign, fields):
    result = sign(council_pledge, **fields)
    assert errors(result) == [("signerType", "NOT_ALLOWED")]
    assert not Signature.objects.exists()


# --- Consents ------------------------------------------------------------------------------


def test_consents_are_off_by_default(pledge, sign):
    assert sign(pledge, **individual())["ok"]
    signature = Signature.objects.get()
    assert signature.show_name is False and signature.show_name_at is None
    assert signature.send_updates is False and signature.send_updates_at is None


def test_consents_are_recorded_separately_with_timestamps(pledge, sign):
    before = timezone.now()
    assert sign(pledge, **individual(email="both@example.org", showName=True, sendUpdates=True))[
        "ok"
    ]
    assert sign(pledge, **individual(email="shown@example.org", showName=True))["ok"]
    after = timezone.now()

    both = Signature.objects.get(email="both@example.org")
    assert both.show_name and both.send_updates
    assert before <= both.show_name_at <= after
    assert before <= both.send_updates_at <= after

    shown = Signature.objects.get(email="shown@example.org")
    assert shown.show_name and before <= shown.show_name_at <= after
    assert shown.send_updates is False and shown.send_updates_at is None


# --- Double opt-in ---------------------------------------------------------------------------


def test_signature_is_pending_until_the_email_link_is_followed(pledge, sign, client, commit):
    with commit():
        assert sign(pledge, **individual())["ok"]
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.PENDING
    assert signature.confirmed_at is None
    assert count_from_table(pledge.pk)["total"] == 0

    with commit():
        response = client.post(link("confirm"))
    assert response.status_code == 200
    signature.refresh_from_db()
    assert signature.status == Signature.Status.CONFIRMED
    assert signature.confirmed_at is not None
    assert count_from_table(pledge.pk)["total"] == 1


def test_confirming_twice_is_harmless(pledge, sign, client, commit):
    with commit():
        sign(pledge, **individual())
    path = link("confirm")
    with commit():
        first = client.post(path)
    confirmed_at = Signature.objects.get().confirmed_at
    with commit():
        second = client.post(path)
    assert first.status_code == second.status_code == 200
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.CONFIRMED
    assert signature.confirmed_at == confirmed_at
    assert count_from_table(pledge.pk)["total"] == 1


def test_confirm_function_is_idempotent_and_tolerates_unknown_ids(pledge):
    signature = make_signature(pledge)
    assert signing.confirm(signature.pk).status == Signature.Status.CONFIRMED
    first = Signature.objects.get().confirmed_at
    assert signing.confirm(signature.pk).confirmed_at == first
    assert signing.confirm(signature.pk + 1000) is None


def test_confirm_does_not_revive_rejected_or_withdrawn(pledge):
    rejected = make_signature(pledge, email="r@example.org", status=Signature.Status.REJECTED)
    withdrawn = make_signature(pledge, email="w@example.org", status=Signature.Status.WITHDRAWN)
    assert signing.confirm(rejected.pk).status == Signature.Status.REJECTED
    assert signing.confirm(withdrawn.pk).status == Signature.Status.WITHDRAWN
    assert count_from_table(pledge.pk)["total"] == 0


def test_council_counts_only_once_verified(council_pledge, sign, client, commit, leeds):
    with commit():
        sign(council_pledge, **council(leeds.gss_code))
    with commit():
        client.post(link("confirm"))
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.CONFIRMED
    assert count_from_table(council_pledge.pk)["council"] == 0

    with commit():
        signing.verify_council(signature, True)
    signature.refresh_from_db()
    assert signature.status == Signature.Status.VERIFIED
    assert signature.verified_at is not None
    assert count_from_table(council_pledge.pk) == {
        "individual": 0,
        "organisation": 0,
        "council": 1,
        "total": 1,
    }


def test_rejecting_a_council_records_the_reason_and_does_not_count(council_pledge, leeds):
    signature = make_signature(
        council_pledge,
        email="c@leeds.gov.uk",
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
        status=Signature.Status.CONFIRMED,
    )
    signing.verify_council(signature, False, "Not signed by the leader")
    signature.refresh_from_db()
    assert signature.status == Signature.Status.REJECTED
    assert signature.status_reason == "Not signed by the leader"
    assert signature.verified_at is None
    assert count_from_table(council_pledge.pk)["total"] == 0


def test_verify_council_refuses_people_and_unconfirmed_councils(pledge, council_pledge, leeds):
    person = make_signature(pledge, status=Signature.Status.CONFIRMED)
    with pytest.raises(ValueError):
        signing.verify_council(person, True)
    pending = make_signature(
        council_pledge,
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
    )
    with pytest.raises(ValueError):
        signing.verify_council(pending, True)
    assert Signature.objects.get(pk=pending.pk).status == Signature.Status.PENDING


# --- Duplicates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ada@Example.org", "ada@example.ORG"),
        ("ada.lovelace@gmail.com", "adalovelace@gmail.com"),
        ("ada.lovelace@gmail.com", "Ada.Love.Lace+pledge@googlemail.com"),
        ("ada+one@outlook.com", "ada+two@outlook.com"),
        ("ada@outlook.com", "ADA+keepitlocal@Outlook.com"),
    ],
)
def test_same_mailbox_signs_once(pledge, sign, settings, first, second):
    set_pledges(settings, RATE_PER_EMAIL=(10, 3600))
    assert sign(pledge, **individual(email=first))["ok"]
    assert sign(pledge, **individual(email=second))["ok"]
    assert Signature.objects.count() == 1
    assert Signature.objects.get().email == first  # the first signature stands


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ada.lovelace@example.org", "adalovelace@example.org"),  # dots matter elsewhere
        ("ada+one@example.org", "ada+two@example.org"),  # so do +tags
    ],
)
def test_different_mailboxes_elsewhere_sign_separately(pledge, sign, first, second):
    assert sign(pledge, **individual(email=first))["ok"]
    assert sign(pledge, **individual(email=second))["ok"]
    assert Signature.objects.count() == 2


@pytest.mark.parametrize(
    ("email", "canonical"),
    [
        ("  Ada@Example.ORG ", "ada@example.org"),
        ("a.d.a+x@gmail.com", "ada@gmail.com"),
        ("a.d.a+x@googlemail.com", "ada@gmail.com"),
        ("a.d.a+x@outlook.com", "a.d.a@outlook.com"),
        ("a.d.a+x@example.org", "a.d.a+x@example.org"),
    ],
)
def test_canonical_email(email, canonical):
    assert canonical_email(email) == canonical


def test_same_email_may_sign_different_pledges(pledge, site_tree, sign):
    other = PledgePageFactory(parent=site_tree["home"], slug="other")
    assert sign(pledge, **individual())["ok"]
    assert sign(other, **individual())["ok"]
    assert Signature.objects.count() == 2


def test_a_withdrawn_signer_can_sign_again(pledge, sign):
    assert sign(pledge, **individual())["ok"]
    signing.withdraw(Signature.objects.get().pk)
    assert sign(pledge, **individual())["ok"]
    assert Signature.objects.filter(status=Signature.Status.PENDING).count() == 1
    assert Signature.objects.filter(status=Signature.Status.WITHDRAWN).count() == 1


def test_duplicate_insert_falls_back_to_already_signed(pledge):
    """The IntegrityError path: a second insert for the same mailbox becomes a repeat."""

    def attempt():
        signature = Signature(
            pledge=pledge,
            signer_type=Signature.SignerType.INDIVIDUAL,
            name="Ada",
            email="Ada@Example.org",
            email_canonical="ada@example.org",
        )
        signing._store(signature)

    attempt()
    attempt()
    signature = Signature.objects.get()
    kinds = sorted(signature.emails.values_list("kind", flat=True))
    assert kinds == [EmailDelivery.Kind.ALREADY_SIGNED, EmailDelivery.Kind.CONFIRM]
    assert signature.emails_sent == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicate_signatures_store_one_row(site_tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (run with DATABASE_URL=postgres://…)")
    pledge = PledgePageFactory(parent=site_tree["home"], slug="race")
    barrier = threading.Barrier(8)

    def attempt(n):
        try:
            barrier.wait()
            signing._store(
                Signature(
                    pledge=pledge,
                    signer_type=Signature.SignerType.INDIVIDUAL,
                    name=f"Racer {n}",
                    email=f"Racer+{n}@gmail.com",
                    email_canonical="racer@gmail.com",
                )
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(attempt, range(8)))

    signature = Signature.objects.get(pledge=pledge)
    # One confirm email, then repeats up to the cap of five emails in all.
    assert signature.emails.count() == 5
    assert signature.emails.filter(kind=EmailDelivery.Kind.CONFIRM).count() == 1
    assert signature.emails_sent == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_withdrawal_between_a_confirmations_read_and_write_wins(site_tree, monkeypatch):
    """confirm() takes no lock: its UPDATE is conditional on the row still pending,
    so a withdrawal committed in between is not overwritten."""
    pledge = PledgePageFactory(parent=site_tree["home"], slug="race")
    signature = Signature.objects.create(
        pledge=pledge,
        signer_type=Signature.SignerType.INDIVIDUAL,
        name="Racer",
        email="racer@example.org",
        email_canonical="racer@example.org",
    )
    real_now = timezone.now
    confirming = threading.get_ident()

    def withdraw_elsewhere():
        try:
            signing.withdraw(signature.pk)
        finally:
            connection.close()

    def now_after_a_withdrawal():
        # confirm() asks the time after reading the pending row, before its UPDATE.
        if threading.get_ident() == confirming and not withdrawn:
            withdrawn.append(True)
            thread = threading.Thread(target=withdraw_elsewhere)
            thread.start()
            thread.join()
        return real_now()

    withdrawn = []
    monkeypatch.setattr(signing.timezone, "now", now_after_a_withdrawal)
    result = signing.confirm(signature.pk)
    assert withdrawn
    assert result.status == Signature.Status.WITHDRAWN
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN
    assert count_from_table(pledge.pk)["total"] == 0


# --- Opening and closing ------------------------------------------------------------------


def test_not_yet_open_pledge_refuses_with_the_opening_date(site_tree, sign):
    opens = timezone.now() + datetime.timedelta(days=3)
    pledge = PledgePageFactory(parent=site_tree["home"], slug="soon", opens_at=opens)
    result = sign(pledge, **individual())
    assert errors(result) == [(None, "NOT_OPEN")]
    assert timezone.localtime(opens).strftime("%B %Y") in result["errors"][0]["message"]
    assert "opens" in result["errors"][0]["message"]
    assert not Signature.objects.exists()


def test_closed_pledge_refuses(site_tree, sign):
    pledge = PledgePageFactory(
        parent=site_tree["home"],
        slug="closed",
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    result = sign(pledge, **individual())
    assert errors(result) == [(None, "CLOSED")]
    assert "closed" in result["errors"][0]["message"]
    assert not Signature.objects.exists()


def test_open_window_accepts(site_tree, sign):
    pledge = PledgePageFactory(
        parent=site_tree["home"],
        slug="window",
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert sign(pledge, **individual())["ok"]


def test_reaching_the_goal_does_not_close(site_tree, sign, gql, commit):
    pledge = PledgePageFactory(parent=site_tree["home"], slug="small", goal=1)
    with commit():
        make_signature(pledge, email="first@example.org")
        signing.confirm(Signature.objects.get().pk)
    assert sign(pledge, **individual(email="second@example.org"))["ok"]
    with commit():
        signing.confirm(Signature.objects.get(email="second@example.org").pk)
    data = gql(
        "query($id: ID) { page(id: $id) { ... on PledgePage { isOpen progress goal "
        "signatureCounts { total } } } }",
        {"id": pledge.pk},
    )["data"]["page"]
    assert data["isOpen"] is True
    assert data["signatureCounts"]["total"] == 2
    assert data["progress"] == 2.0
