"""The home page, the default Site that serves it, and the site settings."""

from django.core.management.base import CommandError

from wagtail.models import Page, Site

from core.models import SiteSettings
from home.models import HomePage, HomePageFeaturedStory

from .tally import CREATED, PRESENT, UPDATED

HOME_SLUG = "home"
SITE_NAME = "Keep it Local"


def home_fields(images):
    return {
        "title": "Keep it Local",
        "hero_heading": "Keep it Local",
        "hero_text": "Community organisations know their neighbourhoods best. We are asking "
        "councils to commission them first.",
        "hero_image": images["home"],
        "intro": "Keep it Local is a campaign by a national network of community "
        "organisations. It asks councils to keep public services with local organisations "
        "instead of handing them to large outsourcing contracts, and to sign up to six "
        "principles for doing it well.",
    }


def home_links(home, stories, pledges):
    """Relations that need the rest of the tree; set only on a newly made home page."""
    home.featured_stories = [
        HomePageFeaturedStory(story=stories[key], sort_order=index)
        for index, key in enumerate(["wish-list", "news", "blog"])
    ]
    home.featured_pledge = pledges["council"]
    home.cta_heading = "Join the Keep it Local network"
    home.cta_text = (
        "Hear about new Keep it Local councils, stories from community organisations, "
        "and events and webinars."
    )
    home.cta_page = pledges["network"]
    home.cta_link_text = "Join the network"


def replace_welcome_page(root):
    """Delete Wagtail's untouched starter page so our home page can take its slug."""
    clash = root.get_children().filter(slug=HOME_SLUG).first()
    if clash is None:
        return
    if clash.specific_class is not Page or clash.numchild:
        raise CommandError(
            f"A page already uses the slug '{HOME_SLUG}' at the top of the tree and it is "
            "not Wagtail's empty welcome page; move or rename it and load again."
        )
    # A Site is deleted with its root page, so park any that point here first.
    for site in Site.objects.filter(root_page=clash):
        site.root_page = root
        site.save()
    clash.delete()


def ensure_home(placer, images):
    home = HomePage.objects.first()
    if home is not None:
        placer.tally.add("pages", home.title, PRESENT)
        return home
    root = Page.get_first_root_node()
    replace_welcome_page(root)
    return placer.place(root, HomePage, HOME_SLUG, home_fields(images))


def ensure_default_site(tally, home):
    """The default Site serves the home page; any unknown host falls back to it."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.filter(hostname="localhost", port=80).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            site_name=SITE_NAME,
            root_page=home,
            is_default_site=True,
        )
        tally.add("site", site.hostname, CREATED)
        return site
    changed = site.root_page_id != home.pk or not site.is_default_site or not site.site_name
    if changed:
        site.root_page = home
        site.is_default_site = True
        site.site_name = site.site_name or SITE_NAME
        site.save()
    tally.add("site", site.hostname, UPDATED if changed else PRESENT)
    return site


def settings_values(images):
    return {
        "campaign_name": SITE_NAME,
        "tagline": "Local services, shaped by local people",
        "social_links": [
            # Placeholder profiles (.example never resolves); put the real ones in the admin.
            {"type": "link", "value": {"platform": p, "url": url}}
            for p, url in [
                ("bluesky", "https://bsky.app/profile/keepitlocal.example"),
                ("linkedin", "https://www.linkedin.com/company/keepitlocal.example"),
                ("youtube", "https://www.youtube.com/@keepitlocal.example"),
            ]
        ],
        "footer_text": (
            "<p>Keep it Local is a campaign by "
            '<a href="https://locality.org.uk/">Locality</a>, the national network of '
            "community organisations, working with a funding foundation as its partner.</p>"
            "<p>This is a demo site: the stories and case studies are sample content.</p>"
        ),
        "default_share_image": images["share"],
    }


PRIVACY_SLUG = "privacy"
PRIVACY_FIELDS = {
    "title": "Privacy notice",
    "intro": "What we collect when you sign a pledge or leave a comment, and what we do with it.",
    "body": [
        {"type": "heading", "value": {"text": "What we collect", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>When you sign a pledge we keep your name, email address and the "
            "organisation or council you sign for. Your name is shown publicly only if you "
            "tick the box that asks for it. We never sell or share your details.</p>",
        },
        {"type": "heading", "value": {"text": "How long we keep it", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>Unconfirmed sign-ups are deleted after a few days. Once a pledge "
            "closes, personal details are anonymised after the retention period. You can "
            "withdraw at any time with the link in any email we send you.</p>",
        },
        {"type": "heading", "value": {"text": "Comments", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>When you comment we keep your name, email address, website (if you "
            "give one) and what you wrote. We show your name, website and comment once a "
            "moderator has published it; your email address is never shown. We use it to "
            "recognise you next time, to tell you when your comment is published and, "
            "only if you ask and confirm, to tell you about replies. Every reply email "
            "has a link to stop them. If you sign in to comment with another account, we "
            "keep the name and the verified email address it shares with us, for the same "
            "purposes.</p>"
            "<p>To keep spam and abuse out we also keep a keyed hash of your internet "
            "address and of its network, never the address itself. We delete these "
            "hashes after 90 days. Comments our moderators reject or mark as spam, and "
            "comments you delete, are removed after 30 days.</p>"
            "<p>You can ask us to erase every comment written with your email address at "
            '<a href="/comments/erase/">/comments/erase/</a>. We email you a link to '
            "confirm it; then we remove your comments and delete your name, email and "
            "website. Replies other people wrote stay in place, under a note that the "
            "comment was deleted.</p>",
        },
    ],
}


def ensure_privacy_page(placer, home):
    from home.models import StandardPage

    return placer.place(home, StandardPage, PRIVACY_SLUG, PRIVACY_FIELDS)


def ensure_settings(tally, site, images, privacy_page=None):
    """Create the settings, or fill in fields still empty; never overwrite an editor's."""
    values = settings_values(images)
    values["privacy_notice_page"] = privacy_page
    settings = SiteSettings.objects.filter(site=site).first()
    if settings is None:
        settings = SiteSettings.objects.create(site=site, **values)
        tally.add("site settings", site.hostname, CREATED)
        return settings
    empty = [name for name in values if not getattr(settings, name)]
    for name in empty:
        setattr(settings, name, values[name])
    if empty:
        settings.save()
    tally.add("site settings", site.hostname, UPDATED if empty else PRESENT)
    return settings
