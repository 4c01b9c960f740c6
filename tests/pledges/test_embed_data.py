"""The widget's data endpoint: one cacheable, public GET for every widget on a page."""

import json

from django.core.cache import cache

import pytest

from pledges.counts import counts_changed
from pledges.forms import SignatureForm
from pledges.models import PledgePage, Signature
from tests.factories import PledgePageFactory
from tests.pledges.embeds import data_url, make_partner
from tests.pledges.helpers import council, make_signature


@pytest.fixture
def partner(db):
    return make_partner()


def get_data(client, *slugs, **kwargs):
    response = client.get(data_url(*slugs, **kwargs))
    assert response.status_code == 200, response.content[:300]
    return response


def test_one_answer_for_several_pledges_open_to_any_origin(client, partner, pledge, council_pledge):
    response = get_data(client, pledge.slug, council_pledge.slug, pledge.slug)
    data = response.json()
    assert set(data["pledges"]) == {"pledge", "councils"}
    assert data["partner"] == {"slug": "leeds-cf", "name": "Leeds Community Foundation"}
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Origin" not in response.get("Vary", "")  # one cached copy for every partner's page
    cache_control = response["Cache-Control"]
    for directive in ("public", "max-age=60", "stale-while-revalidate=", "stale-if-error="):
        assert directive in cache_control
    assert response["ETag"]


def test_an_unchanged_answer_is_a_304(client, partner, pledge):
    etag = get_data(client, pledge.slug)["ETag"]
    again = client.get(data_url(pledge.slug), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


@pytest.mark.parametrize("partner_fields", [None, {"active": False}])
def test_unknown_or_inactive_partner_gets_nothing_to_render(client, pledge, partner_fields):
    if partner_fields is not None:
        make_partner(**partner_fields)
    data = get_data(client, pledge.slug).json()
    assert data == {"partner": None, "pledges": {}}


def test_unknown_draft_and_malformed_slugs_are_left_out(client, partner, pledge, site_tree):
    draft = PledgePageFactory(parent=site_tree["home"], slug="draft-pledge", live=False)
    data = get_data(client, pledge.slug, draft.slug, "no-such-pledge", "bad%20slug").json()
    assert list(data["pledges"]) == ["pledge"]


@pytest.mark.parametrize(("shown_from", "confirmed", "count"), [(10, 3, None), (3, 3, 3)])
def test_count_hidden_below_the_minimum(client, partner, pledge, shown_from, confirmed, count):
    PledgePage.objects.filter(pk=pledge.pk).update(count_shown_from=shown_from)
    for n in range(confirmed):
        make_signature(pledge, email=f"c{n}@example.org", status=Signature.Status.CONFIRMED)
    item = get_data(client, pledge.slug).json()["pledges"]["pledge"]
    assert item["count"] == count
    assert item["goal"] == pledge.goal


def test_confirmation_rolls_the_cached_answer_over(client, partner, pledge, commit):
    PledgePage.objects.filter(pk=pledge.pk).update(count_shown_from=1)
    make_signature(pledge, email="a@example.org", status=Signature.Status.CONFIRMED)
    assert get_data(client, pledge.slug).json()["pledges"]["pledge"]["count"] == 1
    signature = make_signature(pledge, email="b@example.org")
    # Not yet confirmed: the cached answer stands.
    assert get_data(client, pledge.slug).json()["pledges"]["pledge"]["count"] == 1
    with commit():
        Signature.objects.filter(pk=signature.pk).update(status=Signature.Status.CONFIRMED)
        counts_changed(pledge.pk)
    assert get_data(client, pledge.slug).json()["pledges"]["pledge"]["count"] == 2


def test_publishing_the_pledge_rolls_the_answer_over(client, partner, pledge, commit):
    assert get_data(client, pledge.slug).json()["pledges"]["pledge"]["title"] == pledge.title
    pledge.title = "A sharper title"
    with commit():
        pledge.save_revision().publish()
    assert get_data(client, pledge.slug).json()["pledges"]["pledge"]["title"] == "A sharper title"


def test_a_cached_answer_costs_one_query(client, partner, pledge, django_assert_num_queries):
    get_data(client, pledge.slug)
    with django_assert_num_queries(1):  # the partner; the answer itself comes from the cache
        get_data(client, pledge.slug)


def test_form_is_described_from_the_signing_form(client, partner, pledge, council_pledge, leeds):
    form = get_data(client, pledge.slug, council_pledge.slug).json()["form"]
    labels = {field["name"]: field["label"] for field in form["fields"]}
    reference = SignatureForm()
    assert labels["email"] == reference.fields["email"].label
    assert labels["localAuthority"] == reference.fields["local_authority"].label
    by_name = {field["name"]: field for field in form["fields"]}
    assert ["E08000035", "Leeds City Council"] in by_name["localAuthority"]["choices"]
    assert by_name["email"]["required"] == ["council", "individual", "organisation"]
    assert by_name["organisation"]["required"] == ["organisation"]
    assert "postcode" in labels and by_name["postcode"]["required"] == []
    assert [c["name"] for c in form["consents"]] == ["showName", "sendUpdates"]


def test_described_choices_are_accepted_by_the_mutation(
    client, partner, council_pledge, leeds, sign
):
    form = get_data(client, council_pledge.slug).json()["form"]
    endorsements = next(f for f in form["fields"] if f["name"] == "endorsement")["choices"]
    for value, _label in endorsements[1:]:  # the first is "Choose one"
        result = sign(
            council_pledge,
            **council(
                leeds.gss_code,
                email=f"{value}@leeds.gov.uk",
                endorsement=value,
                endorsementDetail="By letter",
            ),
        )
        assert result["ok"], result["errors"]


def test_links_point_back_to_us_and_credit_the_partner(client, partner, pledge, commit):
    pledge.statement = '<p>See <a href="/privacy/">our notice</a> and <a href="https://elsewhere.example/">this</a>.</p>'
    with commit():
        pledge.save_revision().publish()
    item = get_data(client, pledge.slug).json()["pledges"]["pledge"]
    assert 'href="http://testserver/privacy/"' in item["statement"]
    assert 'href="https://elsewhere.example/"' in item["statement"]
    assert item["url"] == "http://testserver/pledge/?utm_source=leeds-cf&utm_medium=embed"
    assert all("utm_source%3Dleeds-cf%26utm_medium%3Dembed" in href for _, href in item["share"])


def test_no_personal_data_in_the_answer(client, partner, pledge):
    PledgePage.objects.filter(pk=pledge.pk).update(count_shown_from=1)
    make_signature(
        pledge,
        email="marker-7731@example.org",
        name="Marker Person 7731",
        show_name=True,
        status=Signature.Status.CONFIRMED,
        ip_hash="f00dfeed" * 4,
    )
    body = get_data(client, pledge.slug).content.decode()
    for marker in ("marker-7731", "Marker Person 7731", "f00dfeed"):
        assert marker not in body


def test_rate_limited_per_address(client, partner, pledge, settings):
    settings.EMBED = {**settings.EMBED, "DATA_RATE_PER_IP": (2, 60)}
    for _ in range(2):
        get_data(client, pledge.slug)
    response = client.get(data_url(pledge.slug))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content)["error"] == "RATE_LIMITED"
    cache.clear()
    assert client.get(data_url(pledge.slug)).status_code == 200
