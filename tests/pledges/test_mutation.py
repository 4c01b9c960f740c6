"""`signPledge`: payload shape, stable error codes, and never a 500 or a top-level error."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from pledges.models import Signature
from pledges.signing import RECEIVED
from tests.factories import PledgePageFactory
from tests.pledges.helpers import (
    assert_well_formed,
    council,
    errors,
    form_token,
    individual,
    organisation,
    set_pledges,
)

pytestmark = pytest.mark.django_db


def test_success_payload(pledge, sign):
    result = sign(pledge, **individual())
    assert result == {"ok": True, "message": RECEIVED, "errors": []}
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        (individual(), "name"),
        (individual(), "email"),
        (organisation(), "organisation"),
        (organisation(), "name"),
        (organisation(), "role"),
        (organisation(), "email"),
    ],
)
def test_required_fields_for_people_and_organisations(pledge, sign, fields, missing):
    fields = {key: value for key, value in fields.items() if key != missing}
    result = sign(pledge, **fields)
    assert_well_formed(result)
    assert errors(result) == [(missing, "REQUIRED")]
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    "missing",
    ["localAuthority", "name", "role", "email", "cabinetChampion", "leadershipChampion"],
)
def test_required_fields_for_councils(council_pledge, sign, leeds, missing):
    fields = {key: value for key, value in council(leeds.gss_code).items() if key != missing}
    result = sign(council_pledge, **fields)
    assert_well_formed(result)
    assert errors(result) == [(missing, "REQUIRED")]


def test_council_endorsement_is_required(council_pledge, sign, leeds):
    fields = council(leeds.gss_code)
    del fields["endorsement"]
    result = sign(council_pledge, **fields)
    assert errors(result) == [("endorsement", "REQUIRED")]


def test_blank_strings_count_as_missing(pledge, sign):
    result = sign(pledge, **individual(name="   ", email=""))
    assert sorted(errors(result)) == [("email", "REQUIRED"), ("name", "REQUIRED")]


def test_all_errors_are_reported_at_once(pledge, sign):
    result = sign(pledge, signerType="ORGANISATION", email="not-an-email")
    assert_well_formed(result)
    assert set(errors(result)) == {
        ("email", "INVALID"),
        ("organisation", "REQUIRED"),
        ("name", "REQUIRED"),
        ("role", "REQUIRED"),
    }


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (individual(email="not-an-email"), "email"),
        (individual(email="ada@"), "email"),
        (individual(postcode="12345"), "postcode"),
        (individual(postcode="NOT A POSTCODE"), "postcode"),
        (individual(name="x" * 121), "name"),
        (individual(email=f"{'a' * 250}@example.org"), "email"),
        (individual(utmSource="u" * 101), "utmSource"),
        (organisation(localAuthority="E99999999"), "localAuthority"),
    ],
)
def test_invalid_values(pledge, sign, fields, field):
    result = sign(pledge, **fields)
    assert_well_formed(result)
    assert errors(result) == [(field, "INVALID")]
    assert not Signature.objects.exists()


def test_error_messages_are_for_people(pledge, sign):
    result = sign(pledge, **individual(email="not-an-email", postcode="12345"))
    messages = {error["field"]: error["message"] for error in result["errors"]}
    assert messages["email"] == "Enter a valid email address."
    assert messages["postcode"] == "Enter a UK postcode, like LS1 4AP."
    missing = sign(pledge, signerType="INDIVIDUAL", email="a@example.org")
    assert missing["errors"][0]["message"] == "Enter your name."


def test_not_allowed_message(council_pledge, sign):
    result = sign(council_pledge, **individual())
    assert result["errors"] == [
        {
            "field": "signerType",
            "code": "NOT_ALLOWED",
            "message": "This pledge is not for you to sign as that.",
            "retryAfter": None,
        }
    ]


@pytest.mark.parametrize(
    "pledge_id",
    ["0", "-1", "abc", "", " 1", "1.5", "99999999999999999999999", "²"],
)
def test_unknown_pledge_ids_are_invalid_not_errors(pledge, sign, pledge_id):
    result = sign(pledge_id, token=False, **individual())
    assert result == {
        "ok": False,
        "message": None,
        "errors": [
            {
                "field": "pledgeId",
                "code": "INVALID",
                "message": "There is no such pledge.",
                "retryAfter": None,
            }
        ],
    }


def test_draft_pledge_is_invalid(site_tree, sign, gql, pledge):
    draft = PledgePageFactory(parent=site_tree["home"], slug="draft", live=False)
    result = sign(draft, formToken=form_token(gql, pledge), **individual())
    assert errors(result) == [("pledgeId", "INVALID")]
    assert not Signature.objects.exists()


def test_pledge_of_another_site_is_invalid(site_tree, sign, gql, pledge):
    from wagtail.models import Site

    from tests.factories import HomePageFactory

    other_home = HomePageFactory(parent=site_tree["home"].get_parent(), slug="elsewhere")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    foreign = PledgePageFactory(parent=other_home, slug="foreign")
    result = sign(foreign, formToken=form_token(gql, pledge), **individual())
    assert errors(result) == [("pledgeId", "INVALID")]


def test_repeat_answer_is_identical_to_a_first_signature(pledge, sign, commit, settings):
    set_pledges(settings, RATE_PER_EMAIL=(10, 3600))
    with commit():
        first = sign(pledge, **individual(email="Ada.Lovelace@gmail.com"))
    with commit():
        repeat = sign(pledge, **individual(email="adalovelace+again@gmail.com", name="Someone"))
    with commit():
        stranger = sign(pledge, **individual(email="stranger@example.org"))
    assert first == repeat == stranger
    assert Signature.objects.count() == 2
    # The repeat is told by email instead, to the address that signed first.
    subjects = [(message.to, message.subject) for message in mail.outbox]
    assert subjects[1] == (
        ["Ada.Lovelace@gmail.com"],
        f"You have already signed: {pledge.title}",
    )


def test_repeat_for_a_confirmed_signature_is_also_identical(pledge, sign, commit):
    with commit():
        first = sign(pledge, **individual())
    Signature.objects.update(status=Signature.Status.CONFIRMED)
    with commit():
        repeat = sign(pledge, **individual())
    assert first == repeat
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


def test_closed_payload(site_tree, sign):
    closed = PledgePageFactory(
        parent=site_tree["home"],
        slug="closed",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    result = sign(closed, **individual())
    assert_well_formed(result)
    assert result["errors"] == [
        {
            "field": None,
            "code": "CLOSED",
            "message": "This pledge has closed and no longer takes signatures.",
            "retryAfter": None,
        }
    ]


def test_closed_is_checked_before_the_fields(site_tree, sign):
    closed = PledgePageFactory(
        parent=site_tree["home"],
        slug="closed",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert errors(sign(closed, signerType="INDIVIDUAL")) == [(None, "CLOSED")]


def test_bad_partner_slug_names_the_input_field(pledge, sign):
    result = sign(pledge, **individual(partner="not a slug!"))
    assert_well_formed(result)
    # The input field is `partner`; a client can only map errors to its own fields.
    assert errors(result) == [("partner", "INVALID")]


def test_unknown_partner_slug_without_origin_is_ignored(pledge, sign):
    assert sign(pledge, **individual(partner="nobody"))["ok"]
    assert Signature.objects.get().partner is None


@pytest.mark.parametrize(
    "fields",
    [
        individual(name="Zoë Ångström-Ñúñez 👋", email="zoe@exämple.org"),
        individual(name="<script>alert(1)</script>"),
        individual(name="Robert'); DROP TABLE pledges_signature;--"),
        individual(postcode="\u0000"),
        individual(email="a@b@c.org"),
        individual(email="\u202eadmin@example.org"),
        {"signerType": "INDIVIDUAL"},
    ],
)
def test_odd_input_never_errors_at_the_top_level(pledge, sign, fields):
    result = sign(pledge, **fields)
    assert_well_formed(result)
