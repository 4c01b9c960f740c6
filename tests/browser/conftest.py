"""Browser tests: the demo site over real HTTP, driven by Debian's chromium.

The demo content is loaded once per module and served by pytest-django's
`LiveServer` (the server behind its `live_server` fixture). The fixture itself
is not used because it makes every test transactional, which flushes the
database after each test; these tests only read, so they share one load.
They still carry `django_db`: without it pytest-django creates no test
database when only this folder runs, and the demo would land in var/.
"""

import io
import shutil
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client, override_settings

from wagtail.models import Page, Site

import pytest
from pytest_django.live_server_helper import LiveServer

from pledges.models import PledgeIndexPage, PledgePage

CHROMIUM = shutil.which("chromium")
SKIP_REASON = "Debian chromium not installed: apt-get install chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parents[1] / "test-output" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


def check_test_database(connection):
    """The site fixture flushes the database, so refuse anything but a test database."""
    name = Path(str(connection.settings_dict["NAME"])).name
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if not (in_memory or name.startswith("test_")):
        raise RuntimeError(f"Browser tests need a test database, not {name!r}")


def add_pledge_index(home):
    """The demo has no PledgeIndexPage; add one holding a copy of a pledge to test it too.

    The copy gets a slug of its own: partners' widget code names a pledge by
    slug, so pledges may not share one.
    """
    index = PledgeIndexPage(title="Pledges", slug="pledges", intro="Everything you can sign.")
    home.add_child(instance=index)
    index.save_revision().publish()
    PledgePage.objects.get(slug="join-the-network").copy(
        to=index, keep_live=True, update_attrs={"slug": "join-the-network-too"}
    )


def render_every_page():
    """Render each live page once, so image renditions exist before the browser asks.

    After this the server only reads, and the tests' own transactions (which
    the server shares on SQLite) have no writes to roll back and redo.
    """
    client = Client()
    for page in Page.objects.live().exclude(depth=1):
        response = client.get(page.get_url())
        assert response.status_code == 200, f"{page.url_path} answered {response.status_code}"


@pytest.fixture(scope="module")
def site_url(django_db_setup, django_db_blocker):
    """Base URL of a live server with the demo content; the database is restored after."""
    # Not tmp_path_factory: pytest prunes old base temp folders, even one a
    # running session still uses, when other sessions start alongside it.
    media = tempfile.TemporaryDirectory(prefix="kil-browser-media-")
    overrides = override_settings(MEDIA_ROOT=media.name, ROOT_URLCONF="tests.browser.urls")
    # The server thread needs the database throughout, not only during setup.
    with media, overrides, django_db_blocker.unblock():
        connection = connections["default"]
        check_test_database(connection)
        before = connection.creation.serialize_db_to_string()
        server = LiveServer("localhost")
        try:
            # Image URLs are absolute, built from BASE_URL: point them at this server.
            with override_settings(BASE_URL=server.url, WAGTAILADMIN_BASE_URL=server.url):
                call_command("load_demo_content", stdout=io.StringIO())
                add_pledge_index(Site.objects.get(is_default_site=True).root_page)
                render_every_page()
                cache.clear()
                yield server.url
        finally:
            server.stop()
            # The demo was committed (on PostgreSQL the server has its own
            # connection), so put back the database the rest of the suite expects.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(before)
            reset_sequences(connection)
            cache.clear()


def reset_sequences(connection):
    """Rows came back with their old ids; on PostgreSQL the id sequences must
    catch up, or the next insert in a later test collides with them."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture(scope="module")
def browser(site_url):
    # Imported late, so that without Playwright the tests still collect (and skip).
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, so Django would
    # refuse ORM calls here (pytest-django's per-test transaction among them).
    # No async code touches the ORM, so the check is safely switched off.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def contexts(browser):
    """Browser contexts with and without JavaScript; each test opens its own tab.

    Reduced motion turns off smooth scrolling, so a focused element is in view
    as soon as it has focus, not some frames later.
    """
    made = {
        enabled: browser.new_context(java_script_enabled=enabled, reduced_motion="reduce")
        for enabled in (True, False)
    }
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
