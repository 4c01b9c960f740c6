"""SQL query budgets: a list or a page body costs the same however long it is.

Each query runs once to create renditions (a one-off per image and size),
then again under the budget.
"""

import pytest

from tests.factories import (
    ImageFactory,
    PersonFactory,
    ReaderCommentFactory,
    StoryPageFactory,
    paragraph,
)

TEASER_QUERY = """query($n: Int) {
  stories(perPage: $n) {
    items {
      title url date summary kind commentCount
      author { name role }
      tags { name }
      heroImage {
        description
        rendition(width: 640) { url width height }
        srcSet(sizes: [320, 640, 960])
      }
    }
    pagination { total }
  }
}"""

LIST_BUDGET = 8


@pytest.fixture
def many_stories(site_tree):
    authors = [PersonFactory() for _ in range(3)]
    stories = []
    for i in range(50):
        story = StoryPageFactory(
            parent=site_tree["stories"], author=authors[i % 3], hero_image=ImageFactory()
        )
        story.tags.add(f"tag-{i % 7}", "local")
        story.save()
        for _ in range(i % 3):
            ReaderCommentFactory(page=story)
        stories.append(story)
    return stories


@pytest.mark.parametrize("size", [5, 50])
def test_story_list_query_count_is_constant(many_stories, gql, django_assert_max_num_queries, size):
    gql(TEASER_QUERY, {"n": size})  # warm: renditions are created once per image
    with django_assert_max_num_queries(LIST_BUDGET):
        result = gql(TEASER_QUERY, {"n": size})
    items = result["data"]["stories"]["items"]
    assert len(items) == size
    assert all(item["heroImage"]["srcSet"].count("w,") == 2 for item in items)
    assert all(item["tags"] and item["author"]["name"] for item in items)
    assert {item["commentCount"] for item in items} == {0, 1, 2}


def test_list_counts_match_at_5_and_50(many_stories, gql, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for size in (5, 50):
        gql(TEASER_QUERY, {"n": size})
        with CaptureQueriesContext(connection) as captured:
            gql(TEASER_QUERY, {"n": size})
        counts[size] = len(captured)
    print("list query counts", counts)
    assert counts[5] == counts[50], counts


DETAIL_QUERY = """query($path: String) {
  page(urlPath: $path) {
    title
    ... on StoryPage {
      author { name }
      tags { name }
      heroImage { srcSet(sizes: [640, 1280]) }
      body {
        blockType
        ... on RichTextBlock { value }
        ... on CaptionedImageBlock { caption credit image { description srcSet(sizes: [640, 960]) } }
        ... on CallToActionBlock { heading url linkText }
        ... on QuoteBlock { quote attribution }
        ... on WishListBlock { heading wishCount wishes { ... on WishBlock { id title text url } } }
      }
    }
  }
}"""


def _body(targets, images, repeat):
    blocks = []
    for i in range(repeat):
        target = targets[i % len(targets)]
        blocks += [
            {"type": "heading", "value": {"text": f"Section {i}", "level": "h2"}},
            paragraph(f'<p>See <a linktype="page" id="{target.pk}">this story</a>.</p>'),
            {
                "type": "image",
                "value": {"image": images[i].pk, "caption": "A photo", "credit": "Locality"},
            },
            {
                "type": "call_to_action",
                "value": {"heading": "Sign", "page": target.pk, "link_url": "", "link_text": "Go"},
            },
            {"type": "quote", "value": {"quote": "Local works.", "attribution": "A", "role": ""}},
            {
                "type": "wish_list",
                "value": {
                    "heading": "Wishes",
                    "intro": "",
                    "wishes": [
                        {"title": "Wish", "text": "Why", "page": target.pk, "link_url": ""},
                        {
                            "title": "Wish",
                            "text": "Why",
                            "page": None,
                            "link_url": "https://a.example/",
                        },
                    ],
                },
            },
        ]
    return blocks


def _detail_count(gql, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gql(DETAIL_QUERY, {"path": path})
    with CaptureQueriesContext(connection) as captured:
        result = gql(DETAIL_QUERY, {"path": path})
    return len(captured), result


def test_detail_query_count_does_not_grow_with_the_body(site_tree, gql):
    targets = [StoryPageFactory(parent=site_tree["stories"]) for _ in range(12)]
    images = [ImageFactory() for _ in range(12)]
    StoryPageFactory(
        parent=site_tree["stories"],
        slug="short",
        body=_body(targets, images, 1),
        author=PersonFactory(),
    )
    StoryPageFactory(
        parent=site_tree["stories"],
        slug="long",
        body=_body(targets, images, 12),
        author=PersonFactory(),
    )
    short_count, short = _detail_count(gql, "/stories/short/")
    long_count, long = _detail_count(gql, "/stories/long/")
    assert len(long["data"]["page"]["body"]) == 72
    print("detail query counts", short_count, long_count)
    assert long_count == short_count, (short_count, long_count)
    assert long_count <= 12
    body = long["data"]["page"]["body"]
    assert all(block["url"] for block in body if block["blockType"] == "CallToActionBlock")
    assert all("href=" in block["value"] for block in body if block["blockType"] == "RichTextBlock")
