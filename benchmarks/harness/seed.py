"""A realistic story archive: 1,000 stories, 10 authors, 20 tags, 50 hero images.

Deterministic (a fixed random seed), so runs on one machine compare. Pages are
added one by one through treebeard, live and without revisions; the search and
reference indexes are not updated because no benchmark reads them.

Each image gets its renditions up front, so measurements are steady state: the
three a teaser asks for, and the ones a used image has in production (the
admin's chooser thumbnail, the detail page's widths, the share image). A
resolver that loads every rendition of an image pays for those too.
"""

import datetime
import io
import random

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.models.reference_index import ReferenceIndex
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch.signal_handlers import post_save_signal_handler
from PIL import Image as PILImage
from PIL import ImageDraw

from core.models import Person
from home.models import HomePage
from stories.models import StoryIndexPage, StoryPage, StoryTag

STORY_COUNT = 1000
IMAGE_COUNT = 50
TEASER_RENDITIONS = ("width-320", "width-640", "width-960")
OTHER_RENDITIONS = (
    "max-165x165",
    "width-480",
    "width-800",
    "width-1280",
    "width-1600",
    "fill-1200x630",
)
HOST = "testserver"

AUTHORS = [
    ("Amira Haddad", "Campaigns officer", "Locality"),
    ("Tom Whitfield", "Policy lead", "Locality"),
    ("Grace Okafor", "Head of communications", "Locality"),
    ("Rhys Llewellyn", "Network coordinator", "Locality"),
    ("Priya Raman", "Researcher", "New Economics Foundation"),
    ("Siobhan Kelly", "Chief executive", "Leeds Community Foundation"),
    ("Daniel Mensah", "Commissioning manager", "Bradford Council"),
    ("Hannah Brooks", "Volunteer", ""),
    ("Marek Nowak", "Community organiser", "Hull CVS"),
    ("Eleanor Shaw", "Trustee", "Kirklees Citizens Advice"),
]
TAGS = [
    "Social care", "Youth services", "Procurement", "Commissioning", "Social value",
    "Volunteering", "Housing", "Libraries", "Food banks", "Mental health",
    "Employment support", "Older people", "Families", "Grants", "Climate",
    "Leeds", "Bradford", "Sheffield", "Bristol", "Christmas",
]  # fmt: skip
COUNCILS = [
    "Leeds", "Bradford", "Kirklees", "Calderdale", "Wakefield", "Sheffield", "Barnsley",
    "Rotherham", "Doncaster", "York", "Hull", "Bristol", "Plymouth", "Manchester",
    "Salford", "Wigan", "Oldham", "Camden", "Hackney", "Lewisham", "Cornwall", "Gateshead",
]  # fmt: skip
SERVICES = [
    "youth work", "adult social care", "homelessness support", "library services",
    "meals on wheels", "employment support", "mental health support", "family hubs",
    "community transport", "advice services", "befriending", "carers' support",
]  # fmt: skip
TITLES = {
    StoryPage.Kind.BLOG: [
        "How {council} kept {service} local",
        "What {council} learnt from commissioning {service} locally",
        "Why {service} works better when it's run locally",
        "Five things {council} did differently on {service}",
        "Inside {council}'s new approach to {service}",
        "A year of local {service} in {council}",
    ],
    StoryPage.Kind.NEWS: [
        "{council} signs the Keep it Local pledge",
        "{council} commits to local {service}",
        "New report makes the case for local {service}",
        "{council} opens its {service} contract to community groups",
    ],
    StoryPage.Kind.WISH_LIST: [
        "Wish list {year}: what {council} is asking for",
        "Our {year} wish list for {service}",
    ],
}
KIND_WEIGHTS = {StoryPage.Kind.BLOG: 70, StoryPage.Kind.NEWS: 25, StoryPage.Kind.WISH_LIST: 5}
SUMMARIES = [
    "{council} moved its {service} contract from a national provider to a partnership of "
    "local groups. Here is what changed for the people who use it.",
    "Local organisations in {council} reach people that big contracts miss. We spoke to "
    "the team running {service} about the first twelve months.",
    "The council's commissioning team explains why {service} is now bought differently, "
    "and what other councils can borrow from it.",
    "Volunteers, staff and residents on what a locally run {service} means for {council}.",
]
PARAGRAPHS = [
    "<p>When the {service} contract came up for renewal, {council} asked a different "
    "question: who already knows the people this service is for?</p>",
    "<p>The answer was a handful of <b>community organisations</b> with decades of trust "
    "behind them, and a commissioning process that had never let them bid.</p>",
    "<p>Splitting the contract into neighbourhood lots, paying on time and asking for "
    "outcomes rather than outputs made the difference.</p>",
    '<p>Read the <a href="https://locality.org.uk">Keep it Local principles</a> to see '
    "how your council compares.</p>",
]


@transaction.atomic  # one commit, not one per page: much faster on SQLite
def seed(rng=None):
    rng = rng or random.Random(2024)
    index = _site_tree()
    authors = Person.objects.bulk_create(
        Person(name=name, role=role, organisation=org, bio=f"{name} writes for the campaign.")
        for name, role, org in AUTHORS
    )
    tags = Tag.objects.bulk_create(Tag(name=name, slug=slugify(name)) for name in TAGS)
    images = [_hero_image(number, rng) for number in range(1, IMAGE_COUNT + 1)]
    post_save.disconnect(post_save_signal_handler, sender=StoryPage)
    try:
        with disable_reference_index_auto_update():
            stories = _stories(index, authors, images, rng)
    finally:
        post_save.connect(post_save_signal_handler, sender=StoryPage)
    StoryTag.objects.bulk_create(
        StoryTag(content_object_id=story.pk, tag_id=tag.pk)
        for story in stories
        for tag in rng.sample(tags, rng.choice((2, 2, 3)))
    )
    for image in images:
        image.get_renditions(*TEASER_RENDITIONS, *OTHER_RENDITIONS)
    return {"stories": len(stories), "authors": len(authors), "tags": len(tags)}


def _site_tree():
    """Home at the default site's root, with the story index below it."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for page in root.get_children():  # Wagtail's welcome page, or an earlier seed
        page.delete()
    ReferenceIndex.objects.all().delete()
    Person.objects.all().delete()
    Tag.objects.all().delete()
    get_image_model().objects.all().delete()
    home = root.add_child(
        instance=HomePage(title="Home", slug="home", hero_heading="Keep it Local")
    )
    Site.objects.create(hostname=HOST, port=80, root_page=home, is_default_site=True)
    return home.add_child(instance=StoryIndexPage(title="Stories", slug="stories"))


def _hero_image(number, rng):
    """A 1600x1000 JPEG: a gradient with a few shapes, so renditions do real work."""
    top, bottom = (tuple(rng.randrange(256) for _ in range(3)) for _ in range(2))
    picture = PILImage.new("RGB", (1600, 1000))
    draw = ImageDraw.Draw(picture)
    for y in range(1000):
        colour = tuple(round(a + (b - a) * y / 999) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (1600, y)], fill=colour)
    for _ in range(12):
        x, y, r = rng.randrange(1600), rng.randrange(1000), rng.randrange(40, 260)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return get_image_model().objects.create(
        title=f"Campaign photo {number}",
        description=f"Volunteers at a community project, photo {number}",
        file=ImageFile(buffer, name=f"hero-{number:02d}.jpg"),
    )


def _stories(index, authors, images, rng):
    start = datetime.date(2021, 1, 4)
    span = (datetime.date(2025, 11, 14) - start).days
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    slugs, stories = set(), []
    for number in range(STORY_COUNT):
        kind = rng.choices(kinds, weights)[0]
        date = start + datetime.timedelta(days=rng.randrange(span))
        words = {
            "council": rng.choice(COUNCILS),
            "service": rng.choice(SERVICES),
            "year": date.year,
        }
        title = rng.choice(TITLES[kind]).format(**words)
        title = title[0].upper() + title[1:]
        slug = base = slugify(title)[:70]
        suffix = 1
        while slug in slugs:
            suffix += 1
            slug = f"{base}-{suffix}"
        slugs.add(slug)
        # Later-created stories of one day publish later, so "-first_published_at"
        # (all stock grapple can sort on) gives the same order as our "-date, -pk".
        published = timezone.make_aware(
            datetime.datetime.combine(date, datetime.time(9)) + datetime.timedelta(seconds=number)
        )
        story = StoryPage(
            title=title,
            slug=slug,
            kind=kind,
            date=date,
            author=rng.choice(authors) if rng.random() > 0.03 else None,
            summary=rng.choice(SUMMARIES).format(**words),
            hero_image=rng.choice(images) if rng.random() > 0.05 else None,
            body=[
                ("heading", {"text": "Why local works", "level": "h2"}),
                *[("paragraph", RichText(p.format(**words))) for p in PARAGRAPHS],
            ],
            first_published_at=published,
            last_published_at=published,
        )
        stories.append(index.add_child(instance=story))
    return stories
