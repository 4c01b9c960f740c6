"""Cookie-less signing from partners' pages: CORS for exactly their origins."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from pledges.models import PledgeIndexPage, PledgePage, Signature
from tests.factories import PledgePageFactory
from tests.pledges.embeds import PARTNER_ORIGIN, make_partner
from tests.pledges.helpers import errors, individual


@pytest.fixture
def partner(db):
    return make_partner()


def preflight(client, origin):
    return client.options(
        "/graphql/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


def test_partner_origin_passes_the_preflight_without_credentials(client, partner):
    response = preflight(client, PARTNER_ORIGIN)
    assert response["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    assert "Access-Control-Allow-Credentials" not in response
    assert "content-type" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    "origin", ["https://elsewhere.example", "https://www.leedscf.example.evil"]
)
def test_other_origins_get_no_cors(client, partner, origin):
    assert "Access-Control-Allow-Origin" not in preflight(client, origin)


def test_inactive_partner_loses_cors_at_once(client, partner):
    assert "Access-Control-Allow-Origin" in preflight(client, PARTNER_ORIGIN)
    partner.active = False
    partner.save()
    assert "Access-Control-Allow-Origin" not in preflight(client, PARTNER_ORIGIN)


def test_a_new_origin_works_at_once(client, partner):
    assert "Access-Control-Allow-Origin" not in preflight(client, "https://new.example")
    partner.allowed_origins += "\nhttps://new.example"
    partner.save()
    assert (
        preflight(client, "https://new.example")["Access-Control-Allow-Origin"]
        == "https://new.example"
    )


def test_widget_signature_records_partner_and_host_utm(partner, pledge, sign):
    result = sign(
        pledge,
        **individual(),
        partner="leeds-cf",
        utmSource="newsletter",
        utmCampaign="winter",
        headers={"HTTP_ORIGIN": PARTNER_ORIGIN},
    )
    assert result["ok"], result["errors"]
    signature = Signature.objects.get()
    assert signature.partner == partner
    assert (signature.utm_source, signature.utm_campaign) == ("newsletter", "winter")


def test_a_partner_cannot_sign_as_another(partner, pledge, sign):
    make_partner(slug="bradford", origins="https://bradford.example", name="Bradford")
    result = sign(
        pledge, **individual(), partner="bradford", headers={"HTTP_ORIGIN": PARTNER_ORIGIN}
    )
    assert errors(result) == [(None, "FORBIDDEN_ORIGIN")]
    assert not Signature.objects.exists()


def test_our_own_origin_credits_the_named_partner(partner, pledge, sign):
    """The iframe widget posts from our origin; its framing is what limits it to the partner."""
    result = sign(
        pledge, **individual(), partner="leeds-cf", headers={"HTTP_ORIGIN": "http://testserver"}
    )
    assert result["ok"]
    assert Signature.objects.get().partner == partner


def test_our_own_pages_credit_no_partner_even_one_listing_our_origin(pledge, sign):
    make_partner(slug="greedy", origins="http://testserver", name="Greedy")
    own = {"HTTP_ORIGIN": "http://testserver"}
    sign(pledge, **individual("first@example.org"), headers=own)  # fills the CORS origins
    with CaptureQueriesContext(connection) as captured:
        result = sign(pledge, **individual(), headers=own)
    assert result["ok"], result["errors"]
    assert set(Signature.objects.values_list("partner", flat=True)) == {None}
    assert not any("pledges_partner" in query["sql"] for query in captured.captured_queries)


def test_form_token_for_cached_forms(gql, pledge, sign):
    token = gql("query($id: ID!) { pledgeFormToken(pledgeId: $id) }", {"id": str(pledge.pk)})[
        "data"
    ]["pledgeFormToken"]
    assert token
    assert sign(pledge, **individual(), formToken=token)["ok"]
    unknown = gql('query { pledgeFormToken(pledgeId: "999999") }')["data"]["pledgeFormToken"]
    assert unknown is None


def test_pledges_by_slug_only_live_public_and_stable(gql, pledge, site_tree):
    PledgePageFactory(parent=site_tree["home"], slug="hidden", live=False)
    # A copied page can share a slug: the shallower one answers, every time.
    index = site_tree["home"].add_child(instance=PledgeIndexPage(title="Pledges", slug="pledges"))
    copy = PledgePageFactory(parent=index, slug="pledge-copy")
    PledgePage.objects.filter(pk=copy.pk).update(slug="pledge")
    query = "query($s: [String!]!) { pledgesBySlug(slugs: $s) { id slug } }"
    found = gql(query, {"s": ["pledge", "hidden", "pledge", "missing"]})["data"]["pledgesBySlug"]
    assert found == [{"id": str(pledge.pk), "slug": "pledge"}]
