"""The demo loader and the admin bootstrap: right content, and safe to re-run."""

import io
import stat

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

import pytest

from casestudies.models import CaseStudyPage
from comments.models import BlockRule, ReaderComment
from core.demo.pages import validate_streams
from core.models import LocalAuthority, Person, Principle, ServiceArea, SiteSettings
from home.models import HomePage
from pledges.models import PledgePage
from stories.models import StoryPage


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once for the module, inside a transaction rolled back at the end.

    Each test's own `db` transaction nests inside this one (as Django's
    TestCase.setUpTestData does), so tests can't see each other's changes.
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        output = run("load_demo_content")
    yield output
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()
    cache.clear()  # Wagtail caches site root paths; the rollback sends no signals


@pytest.fixture
def demo(loaded_once, db):
    return loaded_once


def snapshot():
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Page,
                get_image_model(),
                Principle,
                ServiceArea,
                LocalAuthority,
                Person,
                Site,
                SiteSettings,
                Revision,
                ReaderComment,
                BlockRule,
            )
        },
        "revisions": dict(Page.objects.values_list("pk", "latest_revision_id")),
    }


def test_second_load_changes_nothing(demo):
    before = snapshot()
    output = run("load_demo_content")
    assert snapshot() == before
    assert "0 created, 0 updated" in output


def test_first_load_reports_what_it_made(demo):
    assert "Demo content loaded." in demo
    assert "11 created" in demo  # pages and images each


def test_default_site_serves_the_home_page(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    assert Site.objects.count() == 1
    # Wagtail's welcome page is gone, not left beside ours.
    assert Page.get_first_root_node().get_children().count() == 1


def test_every_page_is_published_with_valid_blocks(demo):
    pages = Page.objects.filter(depth__gt=1).specific()
    assert len(pages) == 12
    for page in pages:
        assert page.live and not page.has_unpublished_changes, page.title
        validate_streams(page)


def test_six_principles_in_order(demo):
    principles = list(Principle.objects.order_by("number"))
    assert [p.number for p in principles] == [1, 2, 3, 4, 5, 6]
    assert principles[0].slug == "whole-system"
    assert principles[5].title.startswith("Commission services simply")
    assert all(p.summary for p in principles)


@pytest.mark.parametrize(
    ("code", "name", "region", "kind"),
    [
        ("E08000035", "Leeds", "yorkshire", "metropolitan"),
        ("E08000021", "Newcastle", "north-east", "metropolitan"),
        ("E09000012", "Hackney", "london", "london"),
        ("E10000011", "East Sussex", "south-east", "county"),
        ("E07000235", "Malvern Hills", "west-midlands", "district"),
    ],
)
def test_councils_have_their_ons_codes(demo, code, name, region, kind):
    council = LocalAuthority.objects.get(gss_code=code)
    assert (council.short_name, council.region, council.kind) == (name, region, kind)


def test_seventeen_councils(demo):
    assert LocalAuthority.objects.count() == 17


def test_three_case_studies_with_their_councils(demo):
    councils = {
        page.local_authority.short_name: page
        for page in CaseStudyPage.objects.live().select_related("local_authority")
    }
    assert set(councils) == {"Leeds", "Newcastle", "Calderdale"}
    leeds = councils["Leeds"]
    assert leeds.service_areas.filter(slug="mental-health").exists()
    assert leeds.principles.count() == 3
    assert leeds.hero_image is not None
    assert leeds.outcomes[0].value["figure"] == "3 of 6"
    assert leeds.related_stories.first().story.kind == StoryPage.Kind.WISH_LIST


def test_wish_list_story(demo):
    story = StoryPage.objects.get(kind=StoryPage.Kind.WISH_LIST)
    blocks = {block.block_type: block for block in story.body}
    assert len(blocks["wish_list"].value["wishes"]) >= 4
    assert story.author.organisation == "Locality"
    assert set(story.tags.names()) >= {"Christmas"}
    assert story.hero_image.description
    leeds = CaseStudyPage.objects.get(local_authority__gss_code="E08000035")
    assert f'linktype="page" id="{leeds.pk}"' in str(story.body.raw_data)
    network = PledgePage.objects.get(slug="join-the-network")
    assert blocks["call_to_action"].value["page"].pk == network.pk
    kinds = set(StoryPage.objects.values_list("kind", flat=True))
    assert kinds == {"wish-list", "blog", "news"}


def test_pledge_pages(demo):
    council = PledgePage.objects.get(slug="become-a-keep-it-local-council")
    network = PledgePage.objects.get(slug="join-the-network")
    assert council.signer_types() == ["council"]
    assert network.signer_types() == ["organisation", "individual"]
    assert (council.goal, network.goal) == (50, 1000)
    assert council.principles.count() == 6
    home = HomePage.objects.get()
    assert council.get_parent().pk == home.pk
    assert home.featured_pledge_id == council.pk and home.cta_page_id == network.pk


def test_site_settings(demo):
    settings = SiteSettings.objects.get(site__is_default_site=True)
    assert settings.tagline and settings.footer_text
    assert len(settings.social_links) >= 1
    assert settings.default_share_image.width == 1200


def test_images_have_alt_text_and_hero_size(demo):
    images = get_image_model().objects.all()
    assert all(image.description for image in images)
    hero = images.get(title="Keep it Local: home hero")
    assert (hero.width, hero.height) == (1600, 900)


def test_api_lists_the_wish_list(demo, gql):
    result = gql("{ stories(kind: WISH_LIST) { items { title } } }")
    titles = [item["title"] for item in result["data"]["stories"]["items"]]
    assert titles == ["Our Christmas wish list for local charities"]


def test_ensure_admin_creates_the_user_once(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = run("ensure_admin")
    password_file = tmp_path / "admin-password.txt"
    password = password_file.read_text().strip()
    assert f"user: admin  password: {password}" in first
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.email == "admin@example.invalid"
    assert user.check_password(password)

    second = run("ensure_admin")
    user.refresh_from_db()
    assert get_user_model().objects.count() == 1
    assert user.check_password(password)
    assert password not in second
    assert str(password_file) in second


def test_ensure_admin_without_password_file_explains_reset(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    run("ensure_admin")
    hashed = get_user_model().objects.get(username="admin").password
    (tmp_path / "admin-password.txt").unlink()
    output = run("ensure_admin")
    assert "manage.py changepassword admin" in output
    assert get_user_model().objects.get(username="admin").password == hashed


def test_privacy_notice_is_linked_from_site_settings(demo):
    from core.models import SiteSettings

    settings = SiteSettings.objects.get()
    assert settings.privacy_notice_page.live
    assert settings.privacy_notice_page.title == "Privacy notice"


def test_demo_comments_on_the_wish_list(demo, gql):
    story = StoryPage.objects.get(slug="christmas-wish-list")
    comments = ReaderComment.objects.filter(page=story)
    statuses = {
        status: comments.filter(status=status).count() for status in ReaderComment.Status.values
    }
    assert statuses["approved"] >= 4 and statuses["pending"] >= 2 and statuses["spam"] >= 1
    assert comments.filter(depth=3, status="approved").exists()
    assert all(comment.status_changes.count() == 1 for comment in comments)
    result = gql(
        "query($page: ID!) { readerComments(page: $page) { totalCount items { name replies { "
        "name replies { name } } } } }",
        {"page": str(story.pk)},
    )["data"]["readerComments"]
    assert result["totalCount"] == statuses["approved"]
    first = result["items"][0]
    assert first["replies"][0]["replies"][0]["name"] == "Nadia Rahman"
    assert "Casino" not in str(result) and "Sam Okafor" not in str(result)


def test_the_privacy_notice_covers_comments(demo):
    from home.models import StandardPage

    text = str(StandardPage.objects.get(slug="privacy").body)
    for words in ("hash of your internet", "90 days", "30 days", "/comments/erase/", "never shown"):
        assert words in text
