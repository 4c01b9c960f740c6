import pytest

# The comment tests' generous limits (autouse), for the comment section's tests too.
from tests.comments.conftest import comment_limits  # noqa: F401
from tests.factories import (
    CaseStudyPageFactory,
    ImageFactory,
    PersonFactory,
    PledgePageFactory,
    StoryPageFactory,
    paragraph,
)


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_pages(site_tree):
    author = PersonFactory(name="Sam Writer")
    story = StoryPageFactory(
        parent=site_tree["stories"],
        title="Wish list story",
        slug="wish-list-story",
        kind="wish-list",
        author=author,
        hero_image=ImageFactory(),
        body=[
            {"type": "heading", "value": {"text": "Our wishes", "level": "h2"}},
            paragraph("<p>Local first, always.</p>"),
            {
                "type": "wish_list",
                "value": {
                    "heading": "Five wishes",
                    "intro": "",
                    "wishes": [
                        {"title": "First wish", "text": "Why", "page": None, "link_url": ""},
                        {"title": "Second wish", "text": "Why", "page": None, "link_url": ""},
                    ],
                },
            },
        ],
    )
    story.tags.add("Christmas")
    story.save_revision().publish()
    news = StoryPageFactory(
        parent=site_tree["stories"], title="News story", slug="news", kind="news"
    )
    case_study = CaseStudyPageFactory(
        parent=site_tree["case_studies"], title="Leeds case", slug="leeds"
    )
    pledge = PledgePageFactory(parent=site_tree["home"], title="Join the network", slug="join")
    return {"story": story, "news": news, "case_study": case_study, "pledge": pledge, **site_tree}


@pytest.fixture
def story(site_pages):
    """A story open for comments (published yesterday, so auto-closing has a date to count from)."""
    import datetime

    from django.utils import timezone

    story = site_pages["story"]
    story.first_published_at = timezone.now() - datetime.timedelta(days=1)
    story.save(update_fields=["first_published_at"])
    return story


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the block's on-commit callbacks (signals that purge the cache)."""
    import functools

    return functools.partial(django_capture_on_commit_callbacks, execute=True)
