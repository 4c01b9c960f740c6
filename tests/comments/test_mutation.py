"""createReaderComment end to end: states, every error code, and what gets stored."""

import json

import pytest

from comments.models import CommentStatusChange, ReaderComment
from tests.comments.helpers import (
    CREATE,
    approve,
    assert_well_formed,
    comment_input,
    errors,
    form_token,
)
from tests.factories import BlockRuleFactory, ReaderCommentFactory, StoryPageFactory
from tests.pledges.helpers import solve

pytestmark = pytest.mark.django_db
Status = ReaderComment.Status


def test_a_first_comment_waits_for_moderation_and_its_author_sees_it(story, post):
    result = post(story, body="First!\n\nSecond paragraph.", website="example.org")
    assert_well_formed(result)
    assert result["errors"] == []
    assert result["state"] == "PENDING_MODERATION"
    own = result["comment"]
    assert own["state"] == "PENDING_MODERATION"
    assert own["bodyHtml"] == "<p>First!</p><p>Second paragraph.</p>"
    assert own["website"] == "https://example.org"
    assert result["authorToken"]
    comment = ReaderComment.objects.get()
    assert (comment.status, comment.status_reason) == (Status.PENDING, "first_time")
    assert comment.ip_hash and comment.ip_prefix_hash
    assert CommentStatusChange.objects.filter(comment=comment, from_status="").count() == 1


def test_an_anonymous_poster_with_a_trusted_email_is_still_held(story, post, moderator):
    earlier = ReaderCommentFactory(
        page=story, email="ada@example.org", email_verified=True, pending=True
    )
    approve(earlier, moderator)
    result = post(story)
    assert result["state"] == "PENDING_MODERATION"
    assert ReaderComment.objects.latest("pk").status_reason == "unverified_email"


@pytest.mark.parametrize(
    "fields,expected",
    [
        ({"body": ""}, [("body", "REQUIRED")]),
        ({"body": " \n \t "}, [("body", "REQUIRED")]),
        ({"body": "x" * 5001}, [("body", "TOO_LONG")]),
        ({"name": ""}, [("name", "REQUIRED")]),
        ({"email": ""}, [("email", "REQUIRED")]),
        ({"email": "ada at example"}, [("email", "INVALID")]),
        ({"website": "javascript:alert(1)"}, [("website", "INVALID")]),
        ({"parent": "not-a-number"}, [("parent", "INVALID")]),
    ],
)
def test_field_errors(story, post, fields, expected):
    result = post(story, **fields)
    assert_well_formed(result)
    assert errors(result) == expected
    assert result["state"] is None and result["comment"] is None
    assert not ReaderComment.objects.exists()


def test_too_long_names_the_limit(story, post):
    result = post(story, body="x" * 5001)
    assert "5000" in result["errors"][0]["message"]


def test_page_not_found(site_tree, post, gql):
    draft = StoryPageFactory(parent=site_tree["stories"], live=False)
    for page in (draft.pk, site_tree["home"].pk, 999999, "abc"):
        result = gql(CREATE, {"input": comment_input(page, formToken="x")})["data"][
            "createReaderComment"
        ]
        assert errors(result) == [("page", "PAGE_NOT_FOUND")]


def test_closed(story, post):
    story.comments_open = False
    story.save()
    result = post(story, formToken="anything")
    assert errors(result) == [(None, "CLOSED")]
    assert result["errors"][0]["message"] == "Comments are closed on this page."


def test_case_studies_are_closed_by_default(case_study, post):
    assert errors(post(case_study, formToken="x")) == [(None, "CLOSED")]


def test_parent_errors(site_tree, story, post):
    pending = ReaderCommentFactory(page=story, pending=True)
    other_page = ReaderCommentFactory(page=StoryPageFactory(parent=site_tree["stories"]))
    deep = ReaderCommentFactory(
        parent=ReaderCommentFactory(parent=ReaderCommentFactory(page=story))
    )
    assert errors(post(story, parent=str(pending.pk))) == [("parent", "PARENT_NOT_FOUND")]
    assert errors(post(story, parent=str(other_page.pk))) == [("parent", "PARENT_NOT_FOUND")]
    assert errors(post(story, parent=str(deep.pk))) == [("parent", "MAX_DEPTH")]
    reply = post(story, parent=str(deep.parent.pk))
    assert reply["errors"] == [] and reply["comment"]["depth"] == 3
    assert reply["comment"]["parentId"] == str(deep.parent.pk)


def test_duplicate(story, post):
    assert post(story)["errors"] == []
    result = post(story, body="  local SERVICES work best when local people run them. ")
    assert errors(result) == [("body", "DUPLICATE")]
    assert ReaderComment.objects.count() == 1


def test_rate_limited(story, post, settings):
    settings.COMMENTS = {**settings.COMMENTS, "RATE_PER_IP": ((1, 15), (5, 600))}
    assert post(story)["errors"] == []
    result = post(story, email="someone@example.org", body="Another one")
    assert_well_formed(result)
    assert errors(result) == [(None, "RATE_LIMITED")]
    assert 0 < result["errors"][0]["retryAfter"] <= 15


def test_rate_limits_are_per_address(story, post, settings):
    settings.COMMENTS = {**settings.COMMENTS, "RATE_PER_IP": ((1, 15),)}
    assert post(story, headers={"REMOTE_ADDR": "203.0.113.1"})["errors"] == []
    other = post(
        story, body="Different", email="b@example.org", headers={"REMOTE_ADDR": "198.51.100.2"}
    )
    assert other["errors"] == []


def test_challenge_failed(story, post, gql, settings):
    settings.COMMENTS = {**settings.COMMENTS, "CHALLENGE": True}
    settings.PLEDGES = {**settings.PLEDGES, "CHALLENGE_MAX_NUMBER": 1000}
    assert errors(post(story, challenge="nonsense")) == [("challenge", "CHALLENGE_FAILED")]
    from tests.comments.helpers import SETTINGS

    comment_settings = gql(SETTINGS, {"page": str(story.pk)})["data"]["readerCommentSettings"]
    assert comment_settings["challengeRequired"] is True
    payload, _ = solve(comment_settings["challenge"])
    assert post(story, challenge=payload)["errors"] == []
    assert errors(post(story, challenge=payload, body="Again")) == [
        ("challenge", "CHALLENGE_FAILED")
    ]


def test_expired_form_token_is_invalid(story, gql, settings):
    from tests.comments.test_pipeline_steps import _aged_form_token

    settings.COMMENTS = {**settings.COMMENTS, "FORM_TOKEN_MAX_AGE": 60}
    token = _aged_form_token(story, 120)
    result = gql(CREATE, {"input": comment_input(story, formToken=token)})["data"][
        "createReaderComment"
    ]
    assert errors(result) == [("formToken", "INVALID")]


@pytest.mark.parametrize(
    "extra",
    [
        {"homepage": "https://spam.example"},
        {"formToken": ""},
        {"formToken": "forged"},
    ],
)
def test_bots_are_told_the_same_as_people_and_nothing_is_stored(story, post, extra):
    result = post(story, **extra)
    assert result == {
        "state": "PENDING_MODERATION",
        "authorToken": None,
        "comment": None,
        "errors": [],
    }
    assert not ReaderComment.objects.exists()


def test_too_fast_is_a_bot(story, post, settings):
    settings.COMMENTS = {**settings.COMMENTS, "FORM_TOKEN_MIN_SECONDS": 3}
    result = post(story)
    assert (result["state"], result["comment"]) == ("PENDING_MODERATION", None)
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize(
    "rule,status",
    [
        ({"kind": "keyword", "value": "casino", "action": "reject"}, Status.SPAM),
        ({"kind": "email", "value": "ada@example.org", "action": "reject"}, Status.SPAM),
        ({"kind": "ip_prefix", "value": "127.0.0.1", "action": "hold"}, Status.PENDING),
    ],
)
def test_spam_verdicts_are_never_revealed(story, post, gql, rule, status):
    BlockRuleFactory(**rule)
    result = post(story, body="Try the casino")
    stored = ReaderComment.objects.get()
    assert (stored.status, stored.status_reason) == (status, "block_rule")
    assert result["state"] == "PENDING_MODERATION"
    assert result["comment"]["state"] == "PENDING_MODERATION"
    assert "spam" not in json.dumps(result).lower()
    assert "block" not in json.dumps(result).lower()


def test_two_links_hold_a_comment(story, gql):
    result = gql(
        CREATE,
        {
            "input": comment_input(
                story,
                body="See https://a.example and https://b.example",
                formToken=form_token(gql, story),
            )
        },
    )["data"]["createReaderComment"]
    assert result["state"] == "PENDING_MODERATION"
    assert ReaderComment.objects.get().status_reason == "links"


def test_every_error_code_is_in_the_schema(gql):
    enum = gql('{ __type(name: "ReaderCommentErrorCode") { enumValues { name } } }')
    names = {value["name"] for value in enum["data"]["__type"]["enumValues"]}
    from tests.comments.helpers import CODES

    assert names == CODES


def test_a_partner_origin_cannot_post_comments(story, post):
    """CORS lets partners' widgets sign pledges; it must not let their pages comment."""
    from tests.pledges.embeds import PARTNER_ORIGIN, make_partner

    make_partner()
    refused = post(story, headers={"HTTP_ORIGIN": PARTNER_ORIGIN})
    assert errors(refused) == [(None, "FORBIDDEN_ORIGIN")]
    assert not ReaderComment.objects.exists()

    own = post(story, headers={"HTTP_ORIGIN": "http://testserver"})
    assert own["errors"] == []
    assert ReaderComment.objects.count() == 1
