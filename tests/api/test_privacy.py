"""Nothing but live, public pages of the requested site leaves the API.

Each private page below carries marker text in its title, slug and summary.
Every route out of the API is run, and the marker must never appear in the
response. Grapple's stock routes that failed this are removed or filtered in
`cms/graphql/`; these tests are what keeps them closed.
"""

from wagtail.models import PageViewRestriction, Site

import pytest

from core.models import SiteSettings
from tests.factories import (
    HomePageFactory,
    PledgePageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    paragraph,
)

DRAFT = "zqxdraftmarker"
RESTRICTED = "zqxrestrictedmarker"
OTHER_SITE = "zqxothersitemarker"
PENDING_EDIT = "zqxpendingeditmarker"
MARKERS = (DRAFT, RESTRICTED, OTHER_SITE, PENDING_EDIT)


def _private_story(parent, marker, **kwargs):
    return StoryPageFactory(
        parent=parent, title=f"Story {marker}", slug=marker, summary=f"About {marker}", **kwargs
    )


@pytest.fixture
def private_pages(site_tree):
    stories = site_tree["stories"]
    draft = _private_story(stories, DRAFT, live=False)
    restricted = _private_story(stories, RESTRICTED)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    restricted_child_parent = StoryIndexPageFactory(
        parent=site_tree["home"], title=f"Index {RESTRICTED}", slug=f"index-{RESTRICTED}"
    )
    PageViewRestriction.objects.create(
        page=restricted_child_parent,
        restriction_type=PageViewRestriction.PASSWORD,
        password="letmein",
    )
    hidden_child = _private_story(restricted_child_parent, f"{RESTRICTED}-child")

    other_home = HomePageFactory(
        parent=site_tree["home"].get_parent(), title=f"Home {OTHER_SITE}", slug=OTHER_SITE
    )
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    other_index = StoryIndexPageFactory(parent=other_home, slug=f"stories-{OTHER_SITE}")
    other_story = _private_story(other_index, f"{OTHER_SITE}-story")

    # A live page whose unpublished edit must not show: the API serves the live version.
    edited = StoryPageFactory(parent=stories, title="Published title", slug="published")
    edited.title = f"Edited {PENDING_EDIT}"
    edited.summary = f"Edited {PENDING_EDIT}"
    edited.save_revision()

    links = [
        f'<p><a linktype="page" id="{page.pk}">link</a></p>'
        for page in (draft, restricted, hidden_child, other_story)
    ]
    cta = [
        {
            "type": "call_to_action",
            "value": {"heading": "Go", "page": page.pk, "link_url": "", "link_text": "Go"},
        }
        for page in (draft, restricted, other_story)
    ]
    wishes = {
        "type": "wish_list",
        "value": {
            "heading": "Wishes",
            "intro": "",
            "wishes": [
                {"title": "A wish", "text": "Why", "page": page.pk, "link_url": ""}
                for page in (draft, restricted)
            ],
        },
    }
    public = StoryPageFactory(
        parent=stories,
        title="Public story",
        slug="public-story",
        body=[*(paragraph(html) for html in links), *cta, wishes],
    )
    pledge = PledgePageFactory(parent=site_tree["home"], title="Public pledge", slug="pledge")

    home = site_tree["home"]
    home.featured_stories.create(story=draft)
    home.featured_stories.create(story=restricted)
    home.featured_pledge = PledgePageFactory(
        parent=site_tree["home"], title=f"Pledge {DRAFT}", slug=f"pledge-{DRAFT}", live=False
    )
    home.cta_page = restricted
    home.save()
    SiteSettings.objects.update_or_create(
        site=site_tree["site"], defaults={"privacy_notice_page": draft}
    )
    return {
        "draft": draft,
        "restricted": restricted,
        "hidden_child": hidden_child,
        "other_story": other_story,
        "other_home": other_home,
        "public": public,
        "pledge": pledge,
        "edited": edited,
    }


def assert_no_marker(result):
    for marker in MARKERS:
        assert marker not in result["_raw"], f"{marker} leaked: {result['_raw'][:600]}"


TEASER = "title slug url urlPath summary"


def test_story_list_has_only_public_stories(private_pages, gql):
    result = gql(f"{{ stories(perPage: 50) {{ items {{ {TEASER} }} pagination {{ total }} }} }}")
    assert_no_marker(result)
    titles = {item["title"] for item in result["data"]["stories"]["items"]}
    assert titles == {"Public story", "Published title"}
    assert result["data"]["stories"]["pagination"]["total"] == 2


@pytest.mark.parametrize("marker", MARKERS)
def test_site_search_finds_no_private_page(private_pages, gql, marker):
    result = gql(
        "query($q: String!) { siteSearch(query: $q) { items { title url } pagination { total } } }",
        {"q": marker},
    )
    assert_no_marker(result)
    assert result["data"]["siteSearch"]["pagination"]["total"] == 0


def test_site_search_still_finds_public_pages(private_pages, gql):
    result = gql('{ siteSearch(query: "Public") { items { title } } }')
    assert {item["title"] for item in result["data"]["siteSearch"]["items"]} >= {"Public story"}


@pytest.mark.parametrize(
    "key", ["draft", "restricted", "hidden_child", "other_story", "other_home"]
)
def test_page_by_id_and_path_refuses_private_pages(private_pages, gql, key):
    page = private_pages[key]
    by_id = gql("query($id: ID) { page(id: $id) { title } }", {"id": str(page.pk)})
    assert by_id["data"]["page"] is None
    assert_no_marker(by_id)
    # The path the page has on its own site (for the other site's home that is
    # "/", which rightly answers with this site's home).
    path = "/" + page.url_path.split("/", 2)[-1]
    by_path = gql("query($p: String) { page(urlPath: $p) { title } }", {"p": path})
    assert_no_marker(by_path)
    if path != "/":
        assert by_path["data"]["page"] is None


def test_page_serves_the_live_version_not_the_pending_edit(private_pages, gql):
    result = gql('{ page(urlPath: "/stories/published/") { title ... on StoryPage { summary } } }')
    assert result["data"]["page"]["title"] == "Published title"
    assert_no_marker(result)


def test_pages_list_and_tree_fields_stay_public(private_pages, gql):
    result = gql(
        """{
          pages(limit: 50) { title url urlPath }
          home: page(urlPath: "/") {
            children(limit: 50) { title children(limit: 50) { title } }
            parent { title }
          }
          story: page(urlPath: "/stories/public-story/") {
            parent { title children(limit: 50) { title } }
            ancestors { title url }
          }
        }"""
    )
    assert_no_marker(result)
    assert result["data"]["home"]["parent"] is None  # the tree above a site root stays hidden
    assert "Public story" in result["_raw"]


def test_links_in_blocks_never_point_at_private_pages(private_pages, gql):
    result = gql(
        """{
          page(urlPath: "/stories/public-story/") {
            ... on StoryPage {
              body {
                blockType
                ... on RichTextBlock { value }
                ... on CallToActionBlock { url linkText blocks { blockType ... on PageChooserBlock { page { title url } } } }
                ... on WishListBlock { wishes { ... on WishBlock { title url } } }
              }
            }
          }
        }"""
    )
    assert_no_marker(result)
    body = result["data"]["page"]["body"]
    assert [block["url"] for block in body if block["blockType"] == "CallToActionBlock"] == [
        None
    ] * 3
    rich_text = [block["value"] for block in body if block["blockType"] == "RichTextBlock"]
    assert rich_text and all("href" not in html for html in rich_text)


def test_home_page_references_and_settings_drop_private_pages(private_pages, gql):
    result = gql(
        """{
          page(urlPath: "/") {
            ... on HomePage { featuredStoryPages { title } featuredPledgePage { title } ctaUrl }
          }
          siteSettings { privacyNoticeUrl }
        }"""
    )
    assert_no_marker(result)
    home = result["data"]["page"]
    assert home["featuredStoryPages"] == []
    assert home["featuredPledgePage"] is None
    assert home["ctaUrl"] is None
    assert result["data"]["siteSettings"]["privacyNoticeUrl"] is None


def test_other_site_sees_only_its_own_pages(private_pages, gql):
    result = gql("{ stories { items { title } } pages(limit: 50) { title } }", host="other.example")
    titles = {item["title"] for item in result["data"]["stories"]["items"]}
    assert titles == {f"Story {OTHER_SITE}-story"}
    assert "Public story" not in result["_raw"]


@pytest.mark.parametrize(
    "query",
    [
        '{ search(query: "zqx") { __typename } }',
        "{ snippets { __typename } }",
        "{ redirects { oldPath } }",
        "{ images { id } }",
        "{ documents { id } }",
        '{ settings(name: "SiteSettings") { __typename } }',
        "{ sites { hostname } }",
        '{ page(urlPath: "/stories/published/") { draftTitle } }',
        '{ page(urlPath: "/stories/published/") { ... on StoryPage { goLiveAt expireAt latestRevisionCreatedAt hasUnpublishedChanges } } }',
        '{ page(urlPath: "/stories/published/") { ... on StoryPage { body { rawValue } } } }',
        '{ page(urlPath: "/stories/published/") { ... on StoryPage { owner { id } lockedBy { id } } } }',
    ],
)
def test_stock_grapple_routes_are_closed(private_pages, gql, query):
    result = gql(query, expect_errors=True)
    assert result["errors"], "expected the field to be unknown"
    assert all("Cannot query field" in error["message"] for error in result["errors"])
    assert_no_marker(result)


def test_page_types_expose_no_internal_columns():
    from cms.schema import schema

    forbidden = {
        "draftTitle",
        "goLiveAt",
        "expireAt",
        "expired",
        "locked",
        "lockedAt",
        "lockedBy",
        "owner",
        "latestRevision",
        "liveRevision",
        "latestRevisionCreatedAt",
        "hasUnpublishedChanges",
        "path",
        "numchild",
        "translationKey",
        "aliasOf",
        "viewRestrictions",
        "groupPermissions",
        "revisions",
        "live",
    }
    interface = schema.graphql_schema.get_type("PublicPageInterface")
    page_types = schema.graphql_schema.get_implementations(interface).objects
    assert len(page_types) >= 8
    for page_type in page_types:
        assert not forbidden & set(page_type.fields), page_type.name


# --- Reader comments ----------------------------------------------------------------------
# Every comment below carries unique markers in its private fields (and the unapproved ones
# in their text too). No query or mutation answer may contain any of them.

COMMENT_EMAIL = "zqxcommentemail@example.org"
COMMENT_IP = "198.51.100.77"
UNAPPROVED = "zqxunapprovedcomment"


@pytest.fixture
def private_comments(site_tree):
    from comments.models import CommentReport
    from pledges.identity import hash_ip, hash_ip_prefix
    from tests.factories import ReaderCommentFactory

    story = StoryPageFactory(parent=site_tree["stories"], title="Commented story", slug="commented")
    private = {
        "email": COMMENT_EMAIL,
        "ip_hash": hash_ip(COMMENT_IP),
        "ip_prefix_hash": hash_ip_prefix(COMMENT_IP),
        "status_note": f"note {UNAPPROVED}",
    }
    approved = ReaderCommentFactory(page=story, body="Published words", **private)
    ReaderCommentFactory(parent=approved, body="A published reply", **private)
    for trait in ("pending", "spam", "rejected"):
        ReaderCommentFactory(page=story, body=f"{trait} {UNAPPROVED}", **{trait: True}, **private)
        ReaderCommentFactory(
            parent=approved, body=f"{trait} reply {UNAPPROVED}", **{trait: True}, **private
        )
    CommentReport.objects.create(comment=approved, reason="abuse", detail=UNAPPROVED)
    return {
        "story": story,
        "approved": approved,
        "markers": (COMMENT_EMAIL, UNAPPROVED, *private.values()),
    }


def assert_no_comment_marker(result, markers):
    for marker in markers:
        assert marker not in result["_raw"], f"{marker} leaked: {result['_raw'][:600]}"


def test_comment_queries_leak_nothing_private(private_comments, gql):
    story = private_comments["story"]
    fields = "id name website bodyHtml createdAt edited deleted depth parentId"
    result = gql(
        f"""query($page: ID!) {{
          readerComments(page: $page) {{ totalCount items {{ {fields} replies {{ {fields} }} }} }}
          readerCommentSettings(page: $page) {{ open policy commentCount closedMessage }}
          stories {{ items {{ title commentCount }} }}
          page(urlPath: "/stories/commented/") {{ ... on StoryPage {{ commentCount }} }}
          ownReaderComment(token: "forged") {{ id }}
        }}""",
        {"page": str(story.pk)},
    )
    assert_no_comment_marker(result, private_comments["markers"])
    thread = result["data"]["readerComments"]
    assert thread["totalCount"] == 2
    assert [item["bodyHtml"] for item in thread["items"]] == ["<p>Published words</p>"]
    assert result["data"]["readerCommentSettings"]["commentCount"] == 2
    assert result["data"]["ownReaderComment"] is None


def test_comment_mutations_leak_nothing_private(private_comments, client, settings):
    import json

    def gql(query, variables=None, **extra):
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **extra,
        )
        assert response.status_code == 200
        return {"_raw": response.content.decode()}

    from comments.forms import form_token
    from comments.models import ReaderComment

    settings.COMMENTS = {**settings.COMMENTS, "FORM_TOKEN_MIN_SECONDS": 0}
    story, approved = private_comments["story"], private_comments["approved"]
    error_fields = "field code message retryAfter"
    own = "id name website bodyHtml state editableUntil parentId depth"
    results = [
        gql(
            f"""mutation($input: CreateReaderCommentInput!) {{
              createReaderComment(input: $input) {{ state authorToken comment {{ {own} }} errors {{ {error_fields} }} }}
            }}""",
            {
                "input": {
                    "page": str(story.pk),
                    "parent": str(approved.pk),
                    "name": "Someone",
                    "email": COMMENT_EMAIL,
                    "body": "Published words, again",
                    "formToken": form_token(story.pk),
                }
            },
            REMOTE_ADDR=COMMENT_IP,
        ),
        gql(
            f"""mutation {{ reportReaderComment(input: {{comment: "{approved.pk}", reason: ABUSE}}) {{
              ok errors {{ {error_fields} }} }} }}""",
            REMOTE_ADDR=COMMENT_IP,
        ),
    ]
    assert ReaderComment.objects.filter(body="Published words, again").exists()
    for result in results:
        assert '"errors"' in result["_raw"]  # the mutations answered
        assert_no_comment_marker(result, private_comments["markers"])


def test_comment_types_have_no_private_fields():
    from cms.schema import schema

    forbidden = {
        "email",
        "emailCanonical",
        "ipHash",
        "ipPrefixHash",
        "user",
        "status",
        "statusReason",
        "statusNote",
        "reports",
        "reportCount",
        "notifyReplies",
        "emailVerified",
        "page",
    }
    for name in ("ReaderComment", "OwnReaderComment", "ReaderCommentSettings"):
        gql_type = schema.graphql_schema.get_type(name)
        assert gql_type is not None, name
        assert not forbidden & set(gql_type.fields), name
