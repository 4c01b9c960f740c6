"""The partner Embed view in a real browser: copy buttons with JavaScript, plain text without.

Uses the demo's partners. Until the public widget and iframe routes exist the
preview shows their fallback link, which these tests check as the no-script
case; the 404s they cause are the only console errors allowed here.
"""

from contextlib import contextmanager

from django.contrib.auth.models import User
from django.urls import reverse

import pytest

from pledges import embed_code
from pledges.models import Partner, PledgePage

pytestmark = pytest.mark.django_db
PASSWORD = "embed-view-browser-test"


@pytest.fixture(scope="module")
def embed_url(site_url, django_db_blocker):
    # Committed, so that a server on its own connection (PostgreSQL) sees the user too;
    # the site fixture restores the database after the module.
    with django_db_blocker.unblock():
        User.objects.create_superuser("embedder", "embedder@example.org", PASSWORD)
        partner = Partner.objects.get(slug="northfield-community-foundation")
    return site_url + reverse("wagtailsnippets_pledges_partner:embed", args=[partner.pk])


@contextmanager
def logged_in(contexts, url, *, javascript=True, width=1280):
    context = contexts[javascript]
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    uncaught = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    try:
        page.goto(url)  # to the login form, which comes back here
        page.fill("#id_username", "embedder")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(url)
        yield page, uncaught
    finally:
        page.close()
        context.clear_cookies()


def expected_code():
    partner = Partner.objects.get(slug="northfield-community-foundation")
    pledge = PledgePage.objects.get(slug="join-the-network")  # where its signers signed
    options = {"accent": partner.accent_colour}
    return (
        embed_code.script_snippet(partner, pledge, **options),
        embed_code.iframe_snippet(partner, pledge, **options),
    )


def test_copy_buttons_copy_the_code(contexts, embed_url, site_url, screenshot_dir):
    contexts[True].grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    script, iframe = expected_code()
    with logged_in(contexts, embed_url) as (page, uncaught):
        assert page.input_value("#embed-script") == script
        assert page.input_value("#embed-iframe") == iframe
        page.screenshot(path=screenshot_dir / "admin-embed-1280.png", full_page=True)

        page.get_by_role("button", name="Copy the iframe code").click()
        status = page.locator("[data-embed-copy-status]")
        status.filter(has_text="copied").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == iframe
        assert status.inner_text() == "Iframe: copied."

        page.get_by_role("button", name="Copy the script code").click()
        status.filter(has_text="Script").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == script
    assert uncaught == []


def test_without_javascript_the_code_is_plain_text(contexts, embed_url, screenshot_dir):
    script, _iframe = expected_code()
    with logged_in(contexts, embed_url, javascript=False, width=375) as (page, _):
        page.screenshot(path=screenshot_dir / "admin-embed-375-no-js.png", full_page=True)
        code = page.locator("#embed-script")
        assert code.input_value() == script
        assert code.get_attribute("readonly") is not None
        assert page.locator("[data-embed-copy]").evaluate_all(
            "buttons => buttons.every(button => button.hidden)"
        )
        # The placeholder's link is what a partner's page shows without scripts.
        fallback = page.locator("[data-keepitlocal-pledge] a")
        assert fallback.inner_text().startswith("Sign the pledge: ")
        assert "utm_source=northfield-community-foundation" in fallback.get_attribute("href")
