"""readerComments costs the same number of queries however long the thread is."""

import pytest

from tests.comments.helpers import SETTINGS, THREAD
from tests.factories import ReaderCommentFactory

pytestmark = pytest.mark.django_db

# The site, its view restrictions, the page, the thread's shape and its comments.
THREAD_QUERIES = 5
# The page and its specific row, the comment settings and the count. (The
# first request looked the site and its view restrictions up; cms/sites.py
# keeps them in the process.)
SETTINGS_QUERIES = 4


def _conversation(story, top_level):
    """`top_level` threads, every other one with a reply and a reply to that, plus hidden ones."""
    for n in range(top_level):
        top = ReaderCommentFactory(page=story, body=f"Comment {n} https://example.org/{n}")
        ReaderCommentFactory(page=story, pending=True)
        if n % 2 == 0:
            reply = ReaderCommentFactory(parent=top)
            ReaderCommentFactory(parent=reply)


@pytest.mark.parametrize("top_level", [5, 50])
def test_thread_query_count_is_constant(story, gql, django_assert_num_queries, top_level):
    _conversation(story, top_level)
    variables = {"page": str(story.pk), "perPage": 50}
    with django_assert_num_queries(THREAD_QUERIES):
        result = gql(THREAD, variables)
    items = result["data"]["readerComments"]["items"]
    assert len(items) == top_level
    assert items[0]["replies"][0]["replies"]


@pytest.mark.parametrize("top_level", [5, 50])
def test_settings_query_count_is_constant(story, gql, django_assert_num_queries, top_level):
    _conversation(story, top_level)
    gql(SETTINGS, {"page": str(story.pk)})  # the site's settings row is created once
    with django_assert_num_queries(SETTINGS_QUERIES):
        result = gql(SETTINGS, {"page": str(story.pk)})
    assert result["data"]["readerCommentSettings"]["commentCount"] > top_level


def test_comment_counts_cost_nothing_per_case_study(site_tree, gql):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CaseStudyPageFactory

    query = "query($n: Int) { caseStudies(perPage: $n) { items { title commentCount } } }"
    for n in range(20):
        case_study = CaseStudyPageFactory(parent=site_tree["case_studies"])
        for _ in range(n % 3):
            ReaderCommentFactory(page=case_study)
    counts = {}
    gql(query, {"n": 1})  # the site and view restrictions are then cached (cms/sites.py)
    for size in (2, 20):
        with CaptureQueriesContext(connection) as captured:
            result = gql(query, {"n": size})
        counts[size] = len(captured)
        assert len(result["data"]["caseStudies"]["items"]) == size
    assert counts[2] == counts[20], counts
    assert {item["commentCount"] for item in result["data"]["caseStudies"]["items"]} == {0, 1, 2}
