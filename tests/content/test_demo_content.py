"""The demo loader and the admin bootstrap: right content, and safe to re-run."""

import datetime
import io
import ipaddress
import re
import stat

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

import pytest

from casestudies.models import CaseStudyPage
from comments.models import BlockRule, ReaderComment
from core.demo import signatures as demo_signatures
from core.demo.pages import validate_streams
from core.models import LocalAuthority, Person, Principle, ServiceArea, SiteSettings
from home.models import HomePage
from pledges.admin.actions import pending_councils
from pledges.admin.reports import pledge_report
from pledges.contrast import validate_accent
from pledges.identity import hash_ip
from pledges.models import EmailDelivery, Partner, PledgePage, Signature
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
                Partner,
                Signature,
                EmailDelivery,
                ReaderComment,
                BlockRule,
            )
        },
        "revisions": dict(Page.objects.values_list("pk", "latest_revision_id")),
        "signatures": list(Signature.objects.values_list("pk", "status", "confirmed_at")),
        "partners": list(Partner.objects.values_list("slug", "allowed_origins", "accent_colour")),
    }


def test_second_load_changes_nothing(demo):
    before = snapshot()
    output = run("load_demo_content")
    assert snapshot() == before
    assert "0 created, 0 updated" in output


def test_first_load_reports_what_it_made(demo):
    assert "Demo content loaded." in demo
    assert "11 created" in demo  # pages and images each
    # Columns line up to the longest label, so match the words, not the spacing.
    assert re.search(r"partners\s+2 created", demo)
    assert re.search(rf"signatures\s+{Signature.objects.count()} created", demo)


def test_second_load_finds_the_signatures_present(demo):
    output = run("load_demo_content")
    assert re.search(
        rf"signatures\s+0 created, {Signature.objects.count()} already present", output
    )


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


# --- Partners and synthetic signatures ------------------------------------------------------

DOCUMENTATION_NETWORKS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24")]
FIRST_COUNCILS = {
    "Bristol",
    "Bradford",
    "Calderdale",
    "Hackney",
    "Kirklees",
    "Lewisham",
    "Newcastle",
    "Oldham",
    "Rotherham",
    "South Gloucestershire",
    "Wirral",
}


def test_two_partners_a_newcomer_can_embed_from_loopback(demo):
    partners = {partner.slug: partner for partner in Partner.objects.all()}
    assert set(partners) == {"northfield-community-foundation", "calderdale-council"}
    foundation, council = (
        partners["northfield-community-foundation"],
        partners["calderdale-council"],
    )
    assert foundation.origins() == [
        "http://127.0.0.1:8001",
        "http://localhost:8001",
        "https://www.northfield-foundation.example",
    ]
    assert council.allows_origin("http://127.0.0.1:8002")
    assert not council.allows_origin("http://127.0.0.1:8001")
    assert all(p.active for p in partners.values())
    assert any(origin.endswith(".example") for origin in council.origins())
    validate_accent(foundation.accent_colour)  # raises if it failed AA contrast
    for partner in partners.values():
        partner.full_clean()


def test_a_few_hundred_signatures_over_six_weeks(demo):
    now = timezone.now()
    signatures = list(Signature.objects.all())
    assert 200 <= len(signatures) <= 500
    assert all(s.email.endswith("@example.org") for s in signatures)
    assert len({s.email_canonical for s in signatures}) == len(signatures)
    assert all(now - datetime.timedelta(days=42) <= s.created_at <= now for s in signatures)
    for s in signatures:
        if s.status == Signature.Status.PENDING:
            assert s.confirmed_at is None
            assert now - s.created_at < datetime.timedelta(days=7)  # not yet purgeable
        else:
            assert s.created_at < s.confirmed_at <= now
    network = PledgePage.objects.get(slug="join-the-network")
    statuses = {status for (status,) in network.signatures.values_list("status")}
    assert statuses == {"confirmed", "pending"}
    on_network = network.signatures.count()
    assert on_network > 0.9 * (len(signatures) - 12)
    assert network.signatures.filter(signer_type="organisation").count() > 20
    assert 0 < network.signatures.filter(show_name=True).count() < on_network / 4
    assert network.show_signature_count()


def test_ip_hashes_come_from_documentation_addresses(demo):
    allowed = {hash_ip(str(address)) for network in DOCUMENTATION_NETWORKS for address in network}
    hashes = set(Signature.objects.values_list("ip_hash", flat=True))
    assert hashes <= allowed and len(hashes) > 50


def test_signatures_through_each_partner_carry_utm_values(demo):
    for partner in Partner.objects.all():
        through = Signature.objects.filter(partner=partner)
        assert through.count() >= 10, partner.slug
        assert through.exclude(utm_source="").exclude(utm_medium="").exists(), partner.slug
        assert through.exclude(utm_campaign="").exists(), partner.slug
    report = pledge_report(PledgePage.objects.get(slug="join-the-network"))
    labels = {row["label"] for row in report["by_partner"]}
    assert {"Northfield Community Foundation", "Calderdale Council"} < labels
    assert report["in_chart"] == report["total"]  # six weeks fit the 90-day chart


def test_first_councils_verified_and_exactly_one_waiting(demo, admin_client):
    pledge = PledgePage.objects.get(slug="become-a-keep-it-local-council")
    verified = pledge.signatures.filter(status=Signature.Status.VERIFIED)
    assert {s.local_authority.short_name for s in verified} == FIRST_COUNCILS
    assert all(s.verified_at and s.verified_at >= s.confirmed_at for s in verified)
    waiting = pending_councils()
    assert waiting.count() == 1
    council = waiting.get()
    assert council.pledge == pledge and council.local_authority.short_name == "Wakefield"
    assert council.cabinet_champion and council.leadership_champion and council.endorsement
    queue = admin_client.get(reverse("pledge_verification:index")).content.decode()
    assert "Wakefield Council" in queue


def test_no_email_is_queued_for_demo_signatures(demo):
    assert not EmailDelivery.objects.exists()


def test_signatures_are_the_same_on_every_install(demo):
    now = timezone.now()
    pledges = {
        "network": PledgePage.objects.get(slug="join-the-network"),
        "council": PledgePage.objects.get(slug="become-a-keep-it-local-council"),
    }
    councils = {c.short_name: c for c in LocalAuthority.objects.all()}
    partners = {p.slug: p for p in Partner.objects.all()}

    def made():
        maker = demo_signatures._Maker(now)
        rows = [*maker.network(pledges["network"], partners)]
        rows += maker.councils(pledges["council"], councils)
        return [(r.email, r.created_at, r.status, r.partner_id, r.utm_source) for r in rows]

    first = made()
    assert first == made()
    stored = set(Signature.objects.values_list("email", "status", "partner_id", "utm_source"))
    assert {(email, status, partner, utm) for email, _, status, partner, utm in first} == stored


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
