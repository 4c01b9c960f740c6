"""What the page-render benchmark adds to the seed: site chrome and one full story.

The story-list seed (`seed.py`) gives every story a short body (a heading and
four paragraphs). A detail page is measured on a realistic long read instead:
ten paragraphs with internal links, three captioned images, a quote, a wish
list of five wishes and a call to action, with comments open (none posted).
Around it, what every page shows: site settings (name, tagline, footer text,
social links, privacy notice, a default share image) and a main menu of
three pages.

`prepare()` is idempotent and runs on every benchmark run, so `--reuse-db`
works on a database seeded before this module existed. It touches one story
outside the newest 100, so the story-list benchmark's pages stay as seeded.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Site

from comments.models import CommentSettings
from core.models import SiteSettings
from home.models import HomePage, StandardPage
from stories.models import StoryIndexPage

BENCH_STORY_POSITION = 500  # in "newest first" order: not on the first 100 of the list
INDEX_PAGE_SIZE = 12  # story_list.graphql's perPage
MENU_PAGES = [  # (slug, title, show in menu)
    ("about", "About the campaign", True),
    ("get-involved", "Get involved", True),
    ("privacy-notice", "Privacy notice", False),
]


def _id(name):
    """Stable block ids, so both renders (and every run) print the same ids."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"keep-it-local-bench/{name}"))


def _link(page, text):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def _paragraph(number, html):
    return {"type": "paragraph", "id": _id(f"paragraph-{number}"), "value": html}


def _image(number, image, caption, credit):
    return {
        "type": "image",
        "id": _id(f"image-{number}"),
        "value": {"image": image.pk, "caption": caption, "credit": credit},
    }


def story_body(targets, images, about):
    """~10 paragraphs (each with an internal link), 3 images, quote, wish list, CTA."""
    t = targets  # other stories the text links to
    paragraphs = [
        f"<p>When the youth work contract came up for renewal, the council asked a different "
        f"question: who already knows the young people this service is for? Our "
        f"{_link(t[0], 'earlier story on commissioning')} set out the problem.</p>",
        f"<p>The answer was a handful of <b>community organisations</b> with decades of trust "
        f"behind them, and a commissioning process that had never let them bid. "
        f"{_link(t[1], 'Others have found the same')}.</p>",
        f"<p>Splitting the contract into neighbourhood lots, paying on time and asking for "
        f"outcomes rather than outputs made the difference, as "
        f"{_link(t[2], 'a similar council found last year')}.</p>",
        f"<p>Officers spent the first three months listening: to youth workers, to parents, "
        f"and to the young people themselves. <i>What works here?</i> was the only question. "
        f"See {_link(t[3], 'what they heard')}.</p>",
        f"<ul><li>Neighbourhood lots small enough for local groups</li><li>Payment in advance "
        f"for small providers</li><li>Shared outcomes, agreed with "
        f"{_link(t[4], 'the people who use the service')}</li></ul>",
        f"<p>The new providers employ local people and buy from local suppliers, so the money "
        f"keeps circulating in the area. {_link(t[5], 'Read about social value')} and how "
        f'<a href="https://locality.org.uk">Locality</a> measures it.</p>',
        f"<p>Twelve months on, attendance is up by a third and two youth clubs that had closed "
        f"have reopened. {_link(t[6], 'The full evaluation')} is published today.</p>",
        f"<p>It has not all been easy. Small organisations needed help with tendering, and "
        f"the council had to change how it manages risk. {_link(t[7], 'We wrote about that')} "
        f"in the spring.</p>",
        f"<p>Other councils are now asking how to do the same. The "
        f"{_link(t[8], 'Keep it Local principles')} are the place to start, and the network "
        f"can put you in touch with the officers involved.</p>",
        f"<p>If your council is thinking about its next contract, {_link(about, 'find out')} "
        f"what keeping it local involves, or "
        f'<a href="https://locality.org.uk/contact">get in touch</a>.</p>',
    ]
    wishes = [
        ("Councils that choose local first", "Look first to organisations rooted in the area.",
         t[0].pk, ""),
        ("Contracts small enough to bid for", "Neighbourhood lots let local groups compete.",
         t[1].pk, ""),
        ("Payment on time, every time", "Small charities cannot wait ninety days.", None,
         "https://locality.org.uk/payment"),
        ("Outcomes that people recognise", "Measure what matters to the people served.",
         t[2].pk, ""),
        ("You, in the Keep it Local network", "Join people who want services to stay local.",
         None, ""),
    ]  # fmt: skip
    return [
        _paragraph(1, paragraphs[0]),
        {
            "type": "heading",
            "id": _id("heading-1"),
            "value": {"text": "Why local works", "level": "h2"},
        },
        _paragraph(2, paragraphs[1]),
        _image(1, images[0], "Volunteers at the reopened youth club", "© Locality"),
        _paragraph(3, paragraphs[2]),
        _paragraph(4, paragraphs[3]),
        {
            "type": "quote",
            "id": _id("quote"),
            "value": {
                "quote": "Local organisations know their neighbourhoods best. We just had to "
                "let them in.",
                "attribution": "Siobhan Kelly",
                "role": "Chief executive, Leeds Community Foundation",
            },
        },
        {
            "type": "heading",
            "id": _id("heading-2"),
            "value": {"text": "What changed", "level": "h3"},
        },
        _paragraph(5, paragraphs[4]),
        _image(2, images[1], "Planning the new neighbourhood lots", ""),
        _paragraph(6, paragraphs[5]),
        _paragraph(7, paragraphs[6]),
        {
            "type": "wish_list",
            "id": _id("wish-list"),
            "value": {
                "heading": "Our wish list for youth services",
                "intro": "Five things we hope every council will do next year.",
                "wishes": [
                    {
                        "type": "item",
                        "id": _id(f"wish-{n}"),
                        "value": {"title": title, "text": text, "page": page, "link_url": url},
                    }
                    for n, (title, text, page, url) in enumerate(wishes, 1)
                ],
            },
        },
        _paragraph(8, paragraphs[7]),
        _image(3, images[2], "Young people at the summer programme", "© Hull CVS"),
        _paragraph(9, paragraphs[8]),
        _paragraph(10, paragraphs[9]),
        {
            "type": "call_to_action",
            "id": _id("cta"),
            "value": {
                "heading": "Is your council in?",
                "text": "Ask your council to commit to the six Keep it Local principles.",
                "page": about.pk,
                "link_url": "",
                "link_text": "Find out how",
            },
        },
    ]


# What the sanity check expects on the story page (either render).
EXPECTED_STORY = {"paragraphs": 10, "body_images": 3, "wishes": 5, "quotes": 1, "ctas": 1}


@transaction.atomic
def prepare():
    """Add (or refresh) the chrome and the benchmarked story; return their paths."""
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    index = StoryIndexPage.objects.child_of(home).get()
    if not index.show_in_menus or not index.intro:
        index.show_in_menus = True
        index.intro = "News, blog posts and our yearly wish list from the Keep it Local network."
        index.save(update_fields=["show_in_menus", "intro"], clean=False)
    pages = {}
    for slug, title, in_menu in MENU_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = home.add_child(
                instance=StandardPage(
                    title=title,
                    slug=slug,
                    show_in_menus=in_menu,
                    intro=f"{title}: a standard page of the benchmark site.",
                )
            )
        pages[slug] = page

    images = list(get_image_model().objects.order_by("pk")[:4])
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "campaign_name": "Keep it Local",
            "tagline": "Local services, local people",
            "footer_text": (
                "<p>Keep it Local is a campaign by "
                '<a href="https://locality.org.uk">Locality</a>, registered charity 1036460. '
                f"Read our {_link(pages['about'], 'story')}.</p>"
            ),
            "social_links": [
                {"type": "link", "id": _id(f"social-{p}"), "value": {"platform": p, "url": u}}
                for p, u in [
                    ("bluesky", "https://bsky.app/profile/locality.org.uk"),
                    ("linkedin", "https://www.linkedin.com/company/locality"),
                    ("youtube", "https://www.youtube.com/@localityuk"),
                ]
            ],
            "privacy_notice_page": pages["privacy-notice"],
            "default_share_image": images[3],
        },
    )

    newest = index.stories()
    story = newest[BENCH_STORY_POSITION]
    targets = list(newest.exclude(pk=story.pk)[:9])  # link targets: live stories
    story.body = story_body(targets, images[:3], pages["about"])
    # Comments open, as on a new story by default: the page shows the comment
    # section and its form (no comments are seeded; native_comments.py).
    story.comments_open = True
    story.save(update_fields=["body", "comments_open"], clean=False)
    CommentSettings.objects.update_or_create(
        site=site, defaults={"comments_enabled_for_stories": True, "close_after_days": None}
    )
    # Pages are cached by path; a reseed or a changed body must not be served stale.
    cache.clear()
    return {
        "story_path": story.url_path[len(home.url_path) - 1 :],
        "index_path": index.url_path[len(home.url_path) - 1 :],
        "story_title": story.title,
        "index_title": index.title,
    }
