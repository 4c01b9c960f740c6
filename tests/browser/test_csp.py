"""No Content-Security-Policy violation on any page, with the site's real headers.

Every public page type and the main admin screens are opened in Chromium,
which reports each violation twice: a `securitypolicyviolation` event in the
frame, and a console error. Both are collected, from every frame.
"""

from contextlib import contextmanager

from django.contrib.auth.models import User
from django.test import override_settings

import pytest

from casestudies.models import CaseStudyPage
from pledges.models import Partner, PledgePage
from stories.models import StoryPage
from tests.browser.test_pages import LOAD_IMAGES, PAGES

pytestmark = pytest.mark.django_db
PASSWORD = "csp-browser-test"

# Runs before any page script, in every frame (Playwright injects it outside the page's CSP).
WATCH = """document.addEventListener("securitypolicyviolation", (event) => {
    (window.__violations = window.__violations || []).push(
        `${event.violatedDirective} blocked ${event.blockedURI}`
        + ` at ${event.sourceFile || location.href}:${event.lineNumber}`);
});"""


@pytest.fixture(scope="module")
def extra_pages(site_url, django_db_blocker):
    with django_db_blocker.unblock():
        pledge = PledgePage.objects.get(slug="join-the-network")
        partner = Partner.objects.filter(active=True).first()
    return {
        "pledge-thanks": (f"/signatures/{pledge.pk}/thanks/", 200),
        "confirm-link-expired": ("/signatures/confirm/not-a-token/", 410),
        "embed-frame": (f"/embed/pledges/{pledge.slug}/?partner={partner.slug}", 200),
        "stories-feed": ("/feeds/stories/", 200),
        "sitemap": ("/sitemap.xml", 200),
    }


@pytest.fixture(scope="module")
def admin_user(site_url, django_db_blocker):
    # Committed: a server on its own connection (PostgreSQL) must see it; the
    # site fixture restores the database after the module.
    with django_db_blocker.unblock():
        User.objects.create_superuser("csp-admin", "csp-admin@example.org", PASSWORD)


@pytest.fixture(scope="module", autouse=True)
def no_avatar_service(site_url):
    # The adminsec branch turns Gravatar off in the settings (the admin loads
    # nothing from third parties); until it lands, this keeps the test to CSP.
    with override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL=None):
        yield


@contextmanager
def watched(context, url):
    """A tab at `url`; yields (page, response, problems) with CSP problems gathered on exit."""
    page = context.new_page()
    page.add_init_script(WATCH)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    problems = []
    try:
        response = page.goto(url, wait_until="load")
        yield page, response, problems
        page.wait_for_timeout(100)  # let late violations (lazy images, scripts) report
        for frame in page.frames:
            problems += frame.evaluate("() => window.__violations || []")
        problems += console
    finally:
        page.close()


@pytest.fixture(scope="module")
def admin_context(browser, site_url, admin_user):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site_url + "/admin/")
    page.close()
    yield context
    context.close()


def xml_viewer_styles(problems):
    """Chromium's own XML tree viewer styles itself inline, which our policy
    refuses (harmlessly: the tree shows unstyled). Not our page's code."""
    return [
        problem
        for problem in problems
        if not problem.startswith(("style-src-elem blocked inline ", "Applying inline style"))
    ]


def test_public_pages_have_no_violations(contexts, site_url, extra_pages):
    found = {}
    for name, (path, status) in {**PAGES, **extra_pages}.items():
        with watched(contexts[True], site_url + path) as (page, response, problems):
            assert response.status == status, name
            page.evaluate("() => [...document.images].forEach((img) => { img.loading = 'eager'; })")
            xml = "xml" in response.headers["content-type"]
        problems = xml_viewer_styles(problems) if xml else problems
        if problems:
            found[name] = problems
    assert found == {}


def test_admin_login_has_no_violations(browser, site_url):
    context = browser.new_context()
    try:
        with watched(context, site_url + "/admin/login/") as (_page, response, problems):
            assert response.status == 200
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/pages/", "/admin/snippets/pledges/partner/", "/admin/images/"],
    ids=["dashboard", "explorer", "snippet-listing", "images"],
)
def test_admin_screens_have_no_violations(admin_context, site_url, path):
    with watched(admin_context, site_url + path) as (_page, response, problems):
        assert response.status == 200
    assert problems == []


def edit_url(site_url, model, slug):
    return f"{site_url}/admin/pages/{model.objects.get(slug=slug).pk}/edit/"


def wait_for_frame_with(page, fragment, selector):
    """A frame at a URL holding `fragment` that shows `selector` (10 s at most).

    The preview panel loads each preview into a new frame and then swaps it
    in, so a frame found early may be gone later; ask again each time."""
    for _ in range(100):
        for frame in page.frames:
            if fragment in frame.url and not frame.is_detached():
                try:
                    if frame.locator(selector).count():
                        return frame
                except Exception:  # noqa: BLE001, S110 - detached in between: look again
                    pass
        page.wait_for_timeout(100)
    raise AssertionError(f"no {selector} at {fragment}: {[frame.url for frame in page.frames]}")


def test_page_editor_and_its_preview_have_no_violations(admin_context, site_url):
    with watched(admin_context, edit_url(site_url, StoryPage, "christmas-wish-list")) as (
        page,
        response,
        problems,
    ):
        assert response.status == 200
        # Wagtail would start the date picker with an inline script; ours starts it.
        page.click("#id_date")
        page.locator(".xdsoft_datetimepicker:visible").first.wait_for(timeout=5000)
        # The preview panel frames the admin's preview view, which frames /preview/.
        page.get_by_role("button", name="Toggle preview").click()
        wait_for_frame_with(page, "/preview/?", "h1")
    assert problems == []


def test_inline_panel_rows_added_later_start_too(admin_context, site_url):
    url = edit_url(site_url, CaseStudyPage, "leeds-community-mental-health")
    with watched(admin_context, url) as (page, response, problems):
        assert response.status == 200
        rows = page.locator("[id^='inline_child_related_stories-']:visible")
        before = rows.count()
        page.get_by_role("button", name="Add story").click()
        rows.nth(before).wait_for(timeout=5000)
        # The new row's page chooser was started by init.js: its button opens the modal.
        rows.nth(before).get_by_role("button", name="Choose a page").click()
        page.locator(".modal:visible").first.wait_for(timeout=10000)
    assert problems == []


@pytest.mark.parametrize("path", ["/stories/christmas-wish-list/", "/case-studies/"])
def test_images_load_when_base_url_names_another_host(contexts, site_url, path):
    """Runs anywhere: BASE_URL names another port (as on `make run PORT=8001`),
    yet every image on our pages loads from the host the page came from."""
    from django.core.cache import cache

    elsewhere = "http://127.0.0.1:9"  # nothing listens there
    with override_settings(BASE_URL=elsewhere, WAGTAILADMIN_BASE_URL=elsewhere):
        cache.clear()  # pages rendered before the change must not answer
        with watched(contexts[True], site_url + path) as (page, response, problems):
            assert response.status == 200
            broken = page.evaluate(LOAD_IMAGES)
            sources = page.evaluate("() => [...document.images].map((img) => img.currentSrc)")
            share = page.get_attribute("meta[property='og:image']", "content")
    cache.clear()
    assert sources and broken == [] and problems == []
    assert all(src.startswith(site_url + "/media/") for src in sources), sources
    assert share is None or share.startswith(site_url + "/media/")
