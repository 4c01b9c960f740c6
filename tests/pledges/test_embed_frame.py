"""The iframe widget: framed only by the partner, signing with a plain form post."""

import re

import pytest

from pledges.models import PledgePage, Signature
from tests.pledges.embeds import PARTNER_ORIGIN, frame_url, make_partner
from tests.pledges.helpers import link


@pytest.fixture
def partner(db):
    return make_partner(origins=f"{PARTNER_ORIGIN}\nhttp://127.0.0.1:8001")


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]+)", policy).group(1).split()


def test_only_the_partners_origins_may_frame_it(client, partner, pledge):
    response = client.get(frame_url(pledge))
    assert response.status_code == 200
    assert frame_ancestors(response) == ["'self'", PARTNER_ORIGIN, "http://127.0.0.1:8001"]
    assert "X-Frame-Options" not in response
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_every_other_page_still_refuses_framing(client, partner, pledge):
    for url in (pledge.url, "/", "/embed/v1/data/?pledges=pledge&partner=leeds-cf"):
        assert client.get(url)["X-Frame-Options"] == "DENY", url


def test_unknown_partner_shows_only_the_link_and_frames_nowhere(client, pledge):
    response = client.get(frame_url(pledge, partner="nobody"))
    page = response.content.decode()
    assert frame_ancestors(response) == ["'self'"]
    assert "<form" not in page
    assert f'href="{pledge.url}"' in page


def test_inactive_partner_shows_only_the_link(client, partner, pledge):
    partner.active = False
    partner.save()
    response = client.get(frame_url(pledge))
    assert "<form" not in response.content.decode()
    assert PARTNER_ORIGIN in frame_ancestors(response)


def test_signing_without_javascript_credits_the_partner(client, partner, pledge, commit):
    url = frame_url(pledge, utm_campaign="winter")
    page = client.get(url).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    assert 'name="partner_slug" value="leeds-cf"' in page
    assert 'name="utm_campaign" value="winter"' in page
    with commit():
        response = client.post(
            url,
            {
                "signer_type": "individual",
                "name": "Ada",
                "email": "ada@example.org",
                "form_token": token,
                "utm_campaign": "winter",
            },
            HTTP_ORIGIN="http://testserver",
        )
    assert response.status_code == 302
    assert response["Location"].startswith(f"/embed/pledges/{pledge.slug}/thanks/?partner=leeds-cf")
    signature = Signature.objects.get()
    assert (signature.partner, signature.utm_campaign) == (partner, "winter")
    assert link("confirm", to="ada@example.org")
    thanks = client.get(response["Location"])
    body = thanks.content.decode()
    assert "Check your email" in body
    assert "utm_source%3Dleeds-cf%26utm_medium%3Dembed" in body
    assert PARTNER_ORIGIN in frame_ancestors(thanks)


def test_errors_sit_beside_their_fields(client, partner, pledge):
    url = frame_url(pledge)
    token = re.search(r'name="form_token" value="([^"]+)"', client.get(url).content.decode()).group(
        1
    )
    response = client.post(
        url,
        {"signer_type": "individual", "name": "Ada", "email": "not-an-email", "form_token": token},
    )
    assert response.status_code == 400
    page = response.content.decode()
    error = re.search(r'<p class="field__error" id="error-email" >([^<]+)</p>', page)
    assert error and "valid email" in error.group(1)
    assert 'role="alert"' in page
    assert not Signature.objects.exists()


def test_variants_and_options(client, partner, pledge):
    counter = client.get(frame_url(pledge, variant="counter")).content.decode()
    assert "<form" not in counter and "utm_medium=embed" in counter
    compact = client.get(frame_url(pledge, variant="compact")).content.decode()
    assert pledge.summary in compact and "<form" in compact
    themed = client.get(frame_url(pledge, accent="%23123456", theme="dark"))
    nonce = re.search(r"'nonce-([^']+)'", themed["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">:root {{ --brand: #123456;' in themed.content.decode()
    assert 'class="embed embed--full embed--dark"' in themed.content.decode()


@pytest.mark.parametrize("accent", ["%23ffff00", "red", "%23123456%3B}body{x:y"])
def test_unreadable_or_malformed_accents_are_ignored(client, partner, pledge, accent):
    page = client.get(frame_url(pledge, accent=accent)).content.decode()
    assert "<style" not in page


def test_a_closed_pledge_has_no_form(client, partner, pledge):
    from django.utils import timezone

    PledgePage.objects.filter(pk=pledge.pk).update(closes_at=timezone.now())
    page = client.get(frame_url(pledge)).content.decode()
    assert "<form" not in page and "not open for signatures" in page
