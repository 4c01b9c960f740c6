"""The hand-written baseline: the story teasers as a plain Django JSON view.

What a careful developer would write without GraphQL: one query for the
stories with their authors and hero images joined, one each for tags and the
three renditions, and page URLs from Wagtail's cached site root paths.
"""

from django.db.models import Prefetch
from django.http import JsonResponse

from wagtail.images import get_image_model
from wagtail.models import Site

from stories.models import StoryPage

RENDITION_FILTER = "width-640"
SRCSET_FILTERS = ("width-320", "width-640", "width-960")


def story_list(request):
    page = max(1, int(request.GET.get("page", 1)))
    per_page = max(1, int(request.GET.get("per_page", 20)))
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=SRCSET_FILTERS)
    )
    stories = (
        StoryPage.objects.live()
        .public()
        .in_site(Site.find_for_request(request))
        .select_related("author", "hero_image")
        .prefetch_related("tags", Prefetch("hero_image__renditions", queryset=renditions))
        .order_by("-date", "-pk")
    )
    start = (page - 1) * per_page
    items = [_teaser(story, request) for story in stories[start : start + per_page]]
    return JsonResponse({"items": items, "pagination": {"total": stories.count()}})


def _teaser(story, request):
    return {
        "title": story.title,
        "url": story.get_url(request),
        "date": story.date.isoformat(),
        "summary": story.summary,
        "author": {"name": story.author.name} if story.author else None,
        "tags": [{"name": tag.name} for tag in story.tags.all()],
        "heroImage": _hero_image(story.hero_image) if story.hero_image else None,
    }


def _hero_image(image):
    renditions = image.get_renditions(*SRCSET_FILTERS)
    main = renditions[RENDITION_FILTER]
    return {
        "rendition": {"url": main.full_url, "width": main.width, "height": main.height},
        "srcSet": ", ".join(f"{r.full_url} {r.width}w" for r in renditions.values()),
    }
