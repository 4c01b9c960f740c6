"""Wagtail's own way of rendering a page, as the baseline for the frontend.

`wagtail.views.serve` routes the path through the page tree, runs Wagtail's
`before_serve_page` hooks (view restrictions) and calls `page.serve(request)`,
which renders `page.template` with `page.get_context(request)`. Our page
models have no templates, so `native_pages()` gives `StoryPage` and
`StoryIndexPage` the templates in `benchmarks/frontend/templates/bench/` (the same
markup as the frontend's) and the `get_context` a Wagtail developer would
write, for this process only.

What a competent Wagtail developer would do to keep it fast, all done here:
- the listing: `StoryIndexPage.stories()` (the model's own queryset) with the
  author and hero image joined and only the three card renditions prefetched;
  12 a page through Django's Paginator;
- images through `{% srcset_image %}` / `{% image %}`, so renditions come
  from the prefetch or Wagtail's rendition cache;
- the detail page: our `prefetch_page()`, which loads the renditions of every
  image in the body and every page a body link points at in one query each
  (the frontend's GraphQL resolver calls the same helper), and the reader
  comment section from the ORM (`native_comments.py`);
- image URLs as Wagtail's `rendition.url` (site-relative, like our pages),
  the share image absolute on the request's host;
- one `visibility_for(request)` around the request, as the frontend client
  has: our rich-text link handler and link blocks (core/rich_text.py,
  core/blocks/links.py) ask it whether a page is public, and outside one
  every lookup would start from scratch.
"""

from contextlib import contextmanager

from django.core.paginator import Paginator
from django.db.models import Prefetch

from wagtail import views as wagtail_views
from wagtail.images import get_image_model

from cms.graphql.prefetch import prefetch_page
from cms.graphql.visibility import visibility_for
from stories.models import StoryIndexPage, StoryPage

from .native_comments import comment_section
from .site_content import INDEX_PAGE_SIZE

CARD_RENDITIONS = ("width-480", "width-960", "width-1600")
KINDS = {"blog": "Blog posts", "wish-list": "Wish lists", "news": "News"}
TEMPLATES = {
    StoryPage: "bench/story_page.html",
    StoryIndexPage: "bench/story_index_page.html",
}


def _story_context(original):
    def get_context(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        prefetch_page(self)  # body image renditions and link targets, one query each
        context["comments"] = comment_section(self)
        return context

    return get_context


def _index_context(original):
    def get_context(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        kind = request.GET.get("kind", "")
        tag = request.GET.get("tag", "")[:100]
        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
        )
        stories = (
            self.stories()
            .select_related("author", "hero_image")
            .prefetch_related(Prefetch("hero_image__renditions", queryset=renditions))
        )
        if kind in KINDS:
            stories = stories.filter(kind=kind)
        if tag:
            stories = stories.filter(tags__slug=tag)
        context.update(
            stories=Paginator(stories, INDEX_PAGE_SIZE).get_page(request.GET.get("page")),
            filters={"kind": kind if kind in KINDS else "", "tag": tag},
            kinds=KINDS,
        )
        return context

    return get_context


@contextmanager
def native_pages():
    """Templates and contexts for StoryPage and StoryIndexPage, restored afterwards."""
    names = ("template", "get_context")
    saved = {model: {name: model.__dict__.get(name) for name in names} for model in TEMPLATES}
    StoryPage.get_context = _story_context(StoryPage.get_context)
    StoryIndexPage.get_context = _index_context(StoryIndexPage.get_context)
    for model, template in TEMPLATES.items():
        model.template = template
    try:
        yield
    finally:
        for model, attributes in saved.items():
            for name, value in attributes.items():
                if value is None:
                    delattr(model, name)  # it was inherited
                else:
                    setattr(model, name, value)


class NativeSwitch:
    """Middleware: a request with `X-Bench-Render: native` goes to `urls_native`.

    So both renders answer the very same URL (the nav's aria-current, the
    canonical URL and the pagination links all depend on the request path);
    only this header differs. Checked first, on every request alike.
    """

    HEADER = "HTTP_X_BENCH_RENDER"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get(self.HEADER) == "native":
            request.urlconf = "benchmarks.frontend.urls_native"
        return self.get_response(request)


def serve(request, path=""):
    """Wagtail's `serve` view; the response is rendered while visibility is set."""
    with visibility_for(request):
        response = wagtail_views.serve(request, path)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    return response
