"""Signing without JavaScript: the pledge page's form, POSTed to its sign URL."""

import datetime
import html
import re

from django.test import Client
from django.utils import timezone

import pytest

from pledges.models import Signature
from pledges.signing import RECEIVED
from tests.factories import PledgePageFactory
from tests.pledges.helpers import individual, set_pledges, sign_url, thanks_url

pytestmark = pytest.mark.django_db


def page_token(client, pledge):
    page = client.get(pledge.url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def form_data(client, pledge, **fields):
    data = {
        "signer_type": "individual",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "form_token": page_token(client, pledge),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def field_error(page, name):
    """The text of the error paragraph beside a field, or None when hidden."""
    match = re.search(
        rf'<p class="field__error" id="error-{name}"\s*(hidden)?\s*>(.*?)</p>', page, re.S
    )
    assert match, f"no error slot for {name}"
    return None if match.group(1) else html.unescape(match.group(2)).strip()


def input_value(page, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else None


def test_pledge_page_renders_the_form(pledge, client):
    response = client.get(pledge.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{sign_url(pledge)}"' in page
    assert 'method="post"' in page
    assert input_value(page, "form_token")
    assert 'name="website"' in page  # the honeypot
    for name in ("name", "email", "postcode", "organisation", "role"):
        assert f'name="{name}"' in page
    # Councils are not asked for on this pledge; consents start unticked.
    assert 'value="council"' not in page
    for consent in ("show_name", "send_updates"):
        tag = re.search(rf'<input[^>]*name="{consent}"[^>]*>', page).group(0)
        assert "checked" not in tag
    # Every error slot is there, empty and hidden, ready for messages.
    assert field_error(page, "email") is None


def test_council_pledge_page_asks_council_questions(council_pledge, client, leeds):
    page = client.get(council_pledge.url).content.decode()
    for name in (
        "local_authority",
        "cabinet_champion",
        "leadership_champion",
        "endorsement",
        "endorsement_detail",
    ):
        assert f'name="{name}"' in page
    assert f'value="{leeds.gss_code}"' in page
    assert 'name="postcode"' not in page
    assert 'value="individual"' not in page


def test_utm_values_from_the_link_are_kept_in_the_form(pledge, client):
    page = client.get(pledge.url, {"utm_source": "newsletter", "utm_campaign": "xmas"})
    page = page.content.decode()
    assert input_value(page, "utm_source") == "newsletter"
    assert input_value(page, "utm_campaign") == "xmas"


def test_success_redirects_to_thanks(pledge, client):
    response = client.post(sign_url(pledge.pk), form_data(client, pledge, utm_source="newsletter"))
    assert response.status_code == 302
    assert response["Location"] == thanks_url(pledge)
    signature = Signature.objects.get()
    assert signature.email == "ada@example.org"
    assert signature.status == Signature.Status.PENDING
    assert signature.utm_source == "newsletter"

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert html.escape(RECEIVED) in thanks.content.decode()
    assert "Thank you." in thanks.content.decode()  # the pledge's own thank-you text


def test_consents_ticked_in_the_form_are_recorded(pledge, client):
    data = form_data(client, pledge, show_name="on", send_updates="on")
    assert client.post(sign_url(pledge.pk), data).status_code == 302
    signature = Signature.objects.get()
    assert signature.show_name and signature.show_name_at
    assert signature.send_updates and signature.send_updates_at


def test_failure_rerenders_the_page_with_messages_beside_fields(pledge, client, sign):
    data = form_data(client, pledge, name="Typed Name", email="not-an-email", postcode="12345")
    response = client.post(sign_url(pledge.pk), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "frontend/pages/pledge_page.html" in [t.name for t in response.templates]
    assert pledge.title in page
    assert "There is a problem" in page

    # The same messages as the API gives for the same input.
    api = sign(pledge, **individual(name="Typed Name", email="not-an-email", postcode="12345"))
    for error in api["errors"]:
        assert field_error(page, error["field"]) == error["message"]
    assert field_error(page, "name") is None

    # What they typed is still there.
    assert input_value(page, "name") == "Typed Name"
    assert input_value(page, "email") == "not-an-email"
    assert input_value(page, "postcode") == "12345"
    assert not Signature.objects.exists()


def test_missing_fields_show_required_messages(pledge, client):
    data = form_data(client, pledge, signer_type="organisation", name="", email="")
    page = client.post(sign_url(pledge.pk), data).content.decode()
    assert field_error(page, "organisation") == "Enter organisation name."
    assert field_error(page, "role") == "Enter your role."
    assert field_error(page, "email") == "Enter email address."
    assert 'aria-describedby="error-email"' in page


def test_council_other_endorsement_detail_message(council_pledge, client, leeds):
    data = form_data(
        client,
        council_pledge,
        signer_type="council",
        local_authority=leeds.gss_code,
        role="Leader",
        cabinet_champion="Cllr A",
        leadership_champion="B",
        endorsement="other",
    )
    response = client.post(sign_url(council_pledge.pk), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "endorsement_detail") == (
        "Tell us how the council endorsed the principles."
    )
    assert re.search(rf'<option value="{leeds.gss_code}" selected>', page)


def test_not_allowed_signer_type_message_beside_the_choice(council_pledge, client, sign):
    data = form_data(client, council_pledge, signer_type="individual")
    response = client.post(sign_url(council_pledge.pk), data)
    assert response.status_code == 400
    api = sign(council_pledge, **individual())
    assert field_error(response.content.decode(), "signer_type") == api["errors"][0]["message"]


def test_works_without_a_csrf_token(pledge):
    strict = Client(enforce_csrf_checks=True)
    data = form_data(strict, pledge)
    assert "csrfmiddlewaretoken" not in data
    response = strict.post(sign_url(pledge.pk), data)
    assert response.status_code == 302
    assert Signature.objects.count() == 1


def test_sign_url_only_takes_posts(pledge, client):
    assert client.get(sign_url(pledge.pk)).status_code == 405


def test_draft_and_unknown_pledges_are_not_found(site_tree, client, pledge):
    draft = PledgePageFactory(parent=site_tree["home"], slug="draft", live=False)
    data = form_data(client, pledge)
    assert client.post(sign_url(draft.pk), data).status_code == 404
    assert client.post(sign_url(pledge.pk + 999), data).status_code == 404
    assert client.get(thanks_url(draft)).status_code == 404
    assert not Signature.objects.exists()


def test_huge_pledge_id_is_not_found(pledge, client):
    response = client.post(sign_url(99999999999999999999999), form_data(client, pledge))
    assert response.status_code == 404


def test_closed_pledge_says_so(site_tree, client, pledge):
    closed = PledgePageFactory(
        parent=site_tree["home"],
        slug="closed",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    page = client.get(closed.url).content.decode()
    assert 'name="form_token"' not in page
    assert "This pledge is not open for signatures" in page

    response = client.post(sign_url(closed.pk), form_data(client, pledge))
    assert response.status_code == 400
    assert "This pledge is not open for signatures" in response.content.decode()
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(datetime.timedelta(days=3), None), (None, -datetime.timedelta(days=1))],
    ids=["not-open", "closed"],
)
def test_closed_or_not_open_refusal_shows_the_same_message_as_the_api(
    site_tree, client, pledge, sign, opens, closes
):
    now = timezone.now()
    shut = PledgePageFactory(
        parent=site_tree["home"],
        slug="shut",
        opens_at=now + opens if opens else None,
        closes_at=now + closes if closes else None,
    )
    api = sign(shut, **individual())
    response = client.post(sign_url(shut.pk), form_data(client, pledge))
    assert response.status_code == 400
    assert html.escape(api["errors"][0]["message"]) in response.content.decode()


def test_rate_limited_message_is_shown(pledge, client, settings):
    set_pledges(settings, RATE_PER_IP=(1, 3600))
    data = form_data(client, pledge)
    assert client.post(sign_url(pledge.pk), data).status_code == 302
    data["email"] = "other@example.org"
    response = client.post(sign_url(pledge.pk), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Too many attempts. Please try again in about" in page
    assert input_value(page, "email") == "other@example.org"


def test_forbidden_origin_message_is_shown(pledge, client):
    data = form_data(client, pledge)
    response = client.post(sign_url(pledge.pk), data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 400
    assert "Signing from this website is not allowed." in response.content.decode()
    assert not Signature.objects.exists()


def test_own_origin_is_accepted(pledge, client):
    data = form_data(client, pledge)
    response = client.post(sign_url(pledge.pk), data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    # A bot-like post also gets a 302; only a stored row shows it was accepted.
    assert Signature.objects.get().email == data["email"]


def test_challenge_failure_is_shown_to_people_without_javascript(pledge, client, settings):
    set_pledges(settings, CHALLENGE=True)
    response = client.post(sign_url(pledge.pk), form_data(client, pledge))
    assert response.status_code == 400
    assert "The anti-spam check failed. Please try again." in response.content.decode()


@pytest.mark.parametrize(
    "trap",
    [{"website": "https://spam.example"}, {"form_token": "forged"}, {"form_token": None}],
)
def test_bots_are_sent_to_thanks_and_nothing_is_stored(pledge, client, trap):
    response = client.post(sign_url(pledge.pk), form_data(client, pledge, **trap))
    assert response.status_code == 302
    assert response["Location"] == thanks_url(pledge)
    assert not Signature.objects.exists()
