"""Builds the demo site in dependency order, in one transaction.

Order matters because pages link to each other: pledges first (stories and
the home page point at them), then case studies, then stories (which link
to both), then the links back from case studies and the home page. Pages
made in this run are published together at the end, one revision each;
reader comments on the wish-list story come last.
"""

from dataclasses import dataclass, field

from django.db import transaction

from casestudies.models import CaseStudyIndexPage, CaseStudyPage, CaseStudyRelatedStory
from pledges.models import PledgePage
from stories.models import StoryIndexPage, StoryPage

from . import case_studies, stories
from .comments import load_demo_comments
from .images import load_images
from .pages import PagePlacer
from .pledges import PLEDGES
from .reference import load_reference
from .site import (
    ensure_default_site,
    ensure_home,
    ensure_privacy_page,
    ensure_settings,
    home_links,
)


@dataclass
class DemoContext:
    """Everything the content modules refer to, keyed by short demo names."""

    images: dict
    principles: dict
    service_areas: dict
    councils: dict
    author: object
    pledges: dict = field(default_factory=dict)
    case_studies: dict = field(default_factory=dict)
    stories: dict = field(default_factory=dict)


@transaction.atomic
def load_demo_content(tally):
    images = load_images(tally)
    ctx = DemoContext(images=images, **load_reference(tally, portrait=images["author"]))
    placer = PagePlacer(tally)

    home = ensure_home(placer, images)
    site = ensure_default_site(tally, home)

    for key, build in PLEDGES.items():
        spec = build(ctx)
        ctx.pledges[key] = placer.place(home, PledgePage, spec["slug"], spec["fields"])

    privacy_page = ensure_privacy_page(placer, home)
    story_index = placer.place(home, StoryIndexPage, stories.INDEX_SLUG, stories.INDEX)
    case_index = placer.place(home, CaseStudyIndexPage, case_studies.INDEX_SLUG, case_studies.INDEX)

    related = {}
    for key, build in case_studies.CASE_STUDIES.items():
        spec = build(ctx)
        ctx.case_studies[key] = placer.place(
            case_index, CaseStudyPage, spec["slug"], spec["fields"]
        )
        related[key] = spec["story_keys"]

    for key, build in stories.STORIES.items():
        spec = build(ctx)
        ctx.stories[key] = placer.place(
            story_index, StoryPage, spec["slug"], spec["fields"], tags=spec["tags"]
        )

    # Links back to the stories can only be made now that the stories exist.
    for key, page in ctx.case_studies.items():
        if placer.is_new(page):
            page.related_stories = [
                CaseStudyRelatedStory(story=ctx.stories[story], sort_order=index)
                for index, story in enumerate(related[key])
            ]
    if placer.is_new(home):
        home_links(home, ctx.stories, ctx.pledges)

    placer.publish_created()
    load_demo_comments(tally, ctx.stories["wish-list"])
    ensure_settings(tally, site, images, privacy_page)
    return ctx
