"""Each pipeline step on its own, table-driven: what it lets through, holds, marks or refuses."""

import datetime
import json

from django.apps import apps
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cms.graphql.visibility import Visibility
from comments import pipeline
from comments.forms import FORM_TOKEN_SALT, form_token
from comments.models import BlockRule, CommentSettings, ReaderComment
from pledges import abuse
from pledges.identity import hash_ip_prefix
from tests.comments.helpers import aged_token
from tests.factories import (
    BlockRuleFactory,
    HomePageFactory,
    ReaderCommentFactory,
    StoryPageFactory,
)
from tests.pledges.helpers import solve

pytestmark = pytest.mark.django_db
Reason = ReaderComment.Reason


def submission(page, **fields):
    """A submission as it stands after the form step, ready for any later step."""
    site_settings = CommentSettings.for_site(page.get_site()) if page else CommentSettings()
    values = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "email_canonical": "ada@example.org",
        "body": "Local services work.",
        "ip_hash": "a" * 32,
        "ip_prefix_hash": hash_ip_prefix("203.0.113.9"),
        **fields,
    }
    data = values.pop("data", {})
    return pipeline.Submission(
        page=page,
        data=data,
        comment_settings=site_settings,
        visibility=Visibility(),
        **values,
    )


def outcome(verdict):
    """(outcome, reason, [error codes]) or None, for compact tables."""
    if verdict is None:
        return None
    return verdict.outcome, verdict.reason, [error.code for error in verdict.errors]


REFUSED = "refuse"


# --- page_is_public, comments_open ---------------------------------------------------------


@pytest.mark.parametrize(
    "make,expected",
    [
        ("story", None),
        ("draft", (REFUSED, "", ["PAGE_NOT_FOUND"])),
        ("restricted", (REFUSED, "", ["PAGE_NOT_FOUND"])),
        ("home", (REFUSED, "", ["PAGE_NOT_FOUND"])),
        ("none", (REFUSED, "", ["PAGE_NOT_FOUND"])),
    ],
)
def test_page_is_public(site_tree, story, make, expected):
    stories = site_tree["stories"]
    pages = {
        "story": lambda: story,
        "draft": lambda: StoryPageFactory(parent=stories, live=False),
        "restricted": lambda: _restricted(StoryPageFactory(parent=stories)),
        "home": lambda: site_tree["home"],
        "none": lambda: None,
    }
    sub = submission(None)
    sub.page = pages[make]()
    assert outcome(pipeline.page_is_public(sub)) == expected


def _restricted(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return page


def test_a_page_on_another_site_is_not_found(site_tree):
    from wagtail.models import Site

    other_home = HomePageFactory(parent=site_tree["home"].get_parent(), slug="other")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    from tests.factories import StoryIndexPageFactory

    elsewhere = StoryPageFactory(parent=StoryIndexPageFactory(parent=other_home))
    sub = submission(elsewhere)
    assert outcome(pipeline.page_is_public(sub)) == (REFUSED, "", ["PAGE_NOT_FOUND"])


@pytest.mark.parametrize(
    "setup,expected",
    [
        (lambda page, s: None, None),
        (lambda page, s: setattr(page, "comments_open", False), (REFUSED, "", ["CLOSED"])),
        (
            lambda page, s: setattr(s, "comments_enabled_for_stories", False),
            (REFUSED, "", ["CLOSED"]),
        ),
        (lambda page, s: setattr(s, "close_after_days", 0), (REFUSED, "", ["CLOSED"])),
        (lambda page, s: setattr(s, "close_after_days", 30), None),
    ],
)
def test_comments_open(story, setup, expected):
    sub = submission(story)
    setup(story, sub.comment_settings)
    assert outcome(pipeline.comments_open(sub)) == expected


def test_closed_says_why(story):
    story.comments_open = False
    story.comments_closed_reason = "Closed while the case is in court."
    verdict = pipeline.comments_open(submission(story))
    assert verdict.errors[0].message == "Closed while the case is in court."


# --- form_is_valid -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,expected",
    [
        ({"name": "Ada", "email": "ada@example.org", "body": "Hi"}, None),
        ({"name": "Ada", "email": "ada@example.org", "body": " "}, ["REQUIRED"]),
        ({"name": "Ada", "email": "ada@example.org", "body": "x" * 5001}, ["TOO_LONG"]),
        ({"name": "Ada", "email": "nope", "body": "Hi"}, ["INVALID"]),
        ({"email": "ada@example.org", "body": "Hi"}, ["REQUIRED"]),
        ({"name": "n" * 81, "email": "ada@example.org", "body": "Hi"}, ["TOO_LONG"]),
    ],
)
def test_form_is_valid(story, data, expected):
    sub = submission(story, data=data)
    verdict = pipeline.form_is_valid(sub)
    assert (None if verdict is None else [error.code for error in verdict.errors]) == expected


def test_form_sets_the_canonical_email_and_keeps_notify_only_with_an_email(story):
    sub = submission(
        story,
        data={"name": "Ada", "email": "A.Da+news@Gmail.com", "body": "Hi", "notify_replies": "on"},
    )
    assert pipeline.form_is_valid(sub) is None
    assert (sub.email_canonical, sub.notify_replies, sub.email_verified) == (
        "ada@gmail.com",
        True,
        False,
    )


@pytest.mark.parametrize("verified", [True, False])
def test_signed_in_commenters_take_name_and_email_from_the_account(
    story, django_user_model, verified
):
    user = django_user_model.objects.create_user(
        "reader", email="plain@example.org", first_name="Grace", last_name="Hopper"
    )
    if verified:
        if not apps.is_installed("allauth.account"):
            pytest.skip("needs django-allauth in INSTALLED_APPS (configured on comments-admin)")
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email="proven@example.org", verified=True)
    sub = submission(story, data={"body": "Hi", "email": "typed@example.org"}, user=user)
    assert pipeline.form_is_valid(sub) is None
    expected = ("proven@example.org", True) if verified else ("plain@example.org", False)
    assert (sub.email, sub.email_verified) == expected
    assert sub.name == "Grace Hopper"


def test_a_signed_in_commenter_without_a_name_must_give_one(story, django_user_model):
    user = django_user_model.objects.create_user("ada.lovelace", email="ada@example.org")
    sub = submission(story, data={"body": "Hi"}, user=user)
    verdict = pipeline.form_is_valid(sub)
    assert [(e.field, e.code) for e in verdict.errors] == [("name", "REQUIRED")]


# --- parent_is_approved --------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_parent,expected",
    [
        (lambda story, other: None, None),
        (lambda story, other: ReaderCommentFactory(page=story), None),
        (
            lambda story, other: ReaderCommentFactory(page=story, pending=True),
            (REFUSED, "", ["PARENT_NOT_FOUND"]),
        ),
        (
            lambda story, other: ReaderCommentFactory(page=story, spam=True),
            (REFUSED, "", ["PARENT_NOT_FOUND"]),
        ),
        (
            lambda story, other: ReaderCommentFactory(page=story, rejected=True),
            (REFUSED, "", ["PARENT_NOT_FOUND"]),
        ),
        (
            lambda story, other: ReaderCommentFactory(page=other),
            (REFUSED, "", ["PARENT_NOT_FOUND"]),
        ),
        (
            lambda story, other: ReaderCommentFactory(
                parent=ReaderCommentFactory(parent=ReaderCommentFactory(page=story))
            ),
            (REFUSED, "", ["MAX_DEPTH"]),
        ),
        (
            lambda story, other: ReaderCommentFactory(parent=ReaderCommentFactory(page=story)),
            None,
        ),
    ],
)
def test_parent_is_approved(site_tree, story, make_parent, expected):
    other = StoryPageFactory(parent=site_tree["stories"])
    parent = make_parent(story, other)
    data = {"name": "Ada", "email": "ada@example.org", "body": "Hi"}
    if parent is not None:
        data["parent"] = str(parent.pk)
    sub = submission(story, data=data)
    pipeline.form_is_valid(sub)
    assert outcome(pipeline.parent_is_approved(sub)) == expected
    if expected is None and parent is not None:
        assert sub.parent == parent


def test_a_missing_parent_is_not_found(story):
    sub = submission(
        story, data={"name": "Ada", "email": "a@example.org", "body": "Hi", "parent": "999999"}
    )
    pipeline.form_is_valid(sub)
    assert outcome(pipeline.parent_is_approved(sub)) == (REFUSED, "", ["PARENT_NOT_FOUND"])


# --- bot gates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "homepage,expected",
    [("", None), ("   ", None), ("http://spam.example", ("drop", "honeypot", []))],
)
def test_honeypot_is_empty(story, homepage, expected):
    sub = submission(story, data={"homepage": homepage})
    assert outcome(pipeline.honeypot_is_empty(sub)) == expected


def _aged_form_token(page, seconds_ago):
    made = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return aged_token({"p": page.pk, "t": made.timestamp()}, FORM_TOKEN_SALT, seconds_ago)


@pytest.mark.parametrize(
    "make_token,expected",
    [
        (lambda page: _aged_form_token(page, 10), None),
        (lambda page: form_token(page.pk), ("drop", "form_token_too_fast", [])),
        (lambda page: "", ("drop", "form_token_bad", [])),
        (lambda page: "made:up", ("drop", "form_token_bad", [])),
        (lambda page: form_token(page.pk + 1), ("drop", "form_token_bad", [])),
        (lambda page: _aged_form_token(page, 60 * 60 * 25), (REFUSED, "", ["INVALID"])),
    ],
)
def test_form_token_is_fresh(story, settings, make_token, expected):
    settings.COMMENTS = {**settings.COMMENTS, "FORM_TOKEN_MIN_SECONDS": 3}
    sub = submission(story, data={"form_token": make_token(story)})
    assert outcome(pipeline.form_token_is_fresh(sub)) == expected


def test_challenge_is_solved(story, settings):
    settings.PLEDGES = {**settings.PLEDGES, "CHALLENGE_MAX_NUMBER": 1000}
    assert pipeline.challenge_is_solved(submission(story)) is None  # switched off
    settings.COMMENTS = {**settings.COMMENTS, "CHALLENGE": True}
    assert outcome(pipeline.challenge_is_solved(submission(story))) == (
        REFUSED,
        "",
        ["CHALLENGE_FAILED"],
    )
    payload, _ = solve(json.dumps(abuse.new_challenge()))
    assert pipeline.challenge_is_solved(submission(story, data={"challenge": payload})) is None
    replay = pipeline.challenge_is_solved(submission(story, data={"challenge": payload}))
    assert outcome(replay) == (REFUSED, "", ["CHALLENGE_FAILED"])


# --- rate limits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "windows,attempts,limited_from",
    [
        (((1, 15),), 3, 2),
        (((1, 15), (5, 600)), 2, 2),
        (((10, 15), (2, 600)), 4, 3),
        (((3, 60),), 3, None),
    ],
)
def test_every_rate_window_must_pass(story, settings, windows, attempts, limited_from):
    settings.COMMENTS = {**settings.COMMENTS, "RATE_PER_IP": windows, "RATE_PER_EMAIL": ((99, 60),)}
    results = []
    for number in range(1, attempts + 1):
        sub = submission(story, email_canonical=f"reader{number}@example.org")
        results.append(pipeline.within_rate_limits(sub))
    first_limited = next(
        (number for number, verdict in enumerate(results, 1) if verdict is not None), None
    )
    assert first_limited == limited_from
    if limited_from:
        error = results[limited_from - 1].errors[0]
        assert error.code == "RATE_LIMITED"
        assert 0 < error.retry_after <= max(seconds for _, seconds in windows)


def test_rate_limit_per_email_across_addresses(story, settings):
    settings.COMMENTS = {
        **settings.COMMENTS,
        "RATE_PER_IP": ((99, 60),),
        "RATE_PER_EMAIL": ((1, 15),),
    }
    assert pipeline.within_rate_limits(submission(story, ip_hash="1" * 32)) is None
    verdict = pipeline.within_rate_limits(submission(story, ip_hash="2" * 32))
    assert outcome(verdict) == (REFUSED, "", ["RATE_LIMITED"])
    other = submission(story, ip_hash="3" * 32, email_canonical="someone@example.org")
    assert pipeline.within_rate_limits(other) is None


# --- sanitise, duplicates ------------------------------------------------------------------


def test_sanitise_normalises_and_counts_links(story):
    sub = submission(
        story,
        name=" Ada \n Lovelace ",
        body="w\u0302 \u202e\r\nhttps://a.example and http://b.example",
    )
    assert pipeline.sanitise(sub) is None
    assert sub.name == "Ada Lovelace"
    assert sub.body == "ŵ\nhttps://a.example and http://b.example"
    assert sub.links == ["https://a.example", "http://b.example"]


@pytest.mark.parametrize(
    "existing,body,expected",
    [
        ({}, "Local services work.", "DUPLICATE"),
        ({}, "  LOCAL services\n\nwork. ", "DUPLICATE"),
        ({"email": "other@example.org"}, "Local services work.", "DUPLICATE"),  # same IP
        ({"ip_hash": "b" * 32}, "Local services work.", "DUPLICATE"),  # same email
        ({"email": "other@example.org", "ip_hash": "b" * 32}, "Local services work.", None),
        ({}, "Something else entirely.", None),
        ({"status": ReaderComment.Status.DELETED}, "Local services work.", None),
        ({"status": ReaderComment.Status.SPAM}, "Local services work.", "DUPLICATE"),
        ({"age_hours": 25}, "Local services work.", None),
        ({"other_page": True}, "Local services work.", None),
    ],
)
def test_not_a_duplicate(site_tree, story, existing, body, expected):
    existing = dict(existing)
    age = existing.pop("age_hours", 0)
    page = (
        StoryPageFactory(parent=site_tree["stories"])
        if existing.pop("other_page", False)
        else story
    )
    ReaderCommentFactory(
        page=page,
        body="Local services work.",
        email=existing.pop("email", "ada@example.org"),
        ip_hash=existing.pop("ip_hash", "a" * 32),
        created_at=timezone.now() - datetime.timedelta(hours=age),
        **existing,
    )
    verdict = pipeline.not_a_duplicate(submission(story, body=body))
    assert (verdict.errors[0].code if verdict else None) == expected


# --- block rules ---------------------------------------------------------------------------

KIND = BlockRule.Kind
ACTION = BlockRule.Action


@pytest.mark.parametrize(
    "kind,value,fields,matches",
    [
        (KIND.EMAIL, "Ada@Example.org", {}, True),
        (KIND.EMAIL, "a.da+x@gmail.com", {"email_canonical": "ada@gmail.com"}, True),
        (KIND.EMAIL, "other@example.org", {}, False),
        (KIND.DOMAIN, "example.org", {}, True),  # the email's domain
        (KIND.DOMAIN, "@spam.example", {"website": "https://www.spam.example/x"}, True),
        (KIND.DOMAIN, "spam.example", {"body": "Buy at https://shop.spam.example now"}, True),
        (KIND.DOMAIN, "spam.example", {"body": "notspam.example is fine"}, False),
        (KIND.DOMAIN, "ample.org", {}, False),
        (KIND.IP_PREFIX, "203.0.113.77", {}, True),  # same /24
        (KIND.IP_PREFIX, "203.0.113.0/24", {}, True),
        (KIND.IP_PREFIX, "198.51.100.1", {}, False),
        (KIND.KEYWORD, "casino", {"body": "Best CASINO bonus"}, True),
        (KIND.KEYWORD, "casino", {"name": "Casino King"}, True),
        (KIND.KEYWORD, "casino", {"website": "https://casino.example"}, True),
        (KIND.KEYWORD, "ada", {}, True),  # matches the name and the email
        (KIND.KEYWORD, "ass", {"body": "A class act"}, False),
        (KIND.KEYWORD, "cheap pills", {"body": "Cheap  pills? cheap pills!"}, True),
        (KIND.KEYWORD, "ŵyn", {"body": "Mae'r ŴYN yn y cae"}, True),
    ],
)
def test_block_rule_matching(story, kind, value, fields, matches):
    BlockRuleFactory(kind=kind, value=value, action=ACTION.HOLD)
    sub = submission(story, **fields)
    pipeline.sanitise(sub)
    verdict = pipeline.block_rules(sub)
    assert (verdict is not None) is matches
    if matches:
        assert (verdict.outcome, verdict.reason) == ("hold", Reason.BLOCK_RULE)


@pytest.mark.parametrize(
    "rules,expected",
    [
        ([("hold", {})], "hold"),
        ([("reject", {})], "spam"),
        ([("hold", {}), ("reject", {})], "spam"),
        ([("reject", {"active": False})], None),
        ([("reject", {"expires_in": -1})], None),
        ([("reject", {"expires_in": 1})], "spam"),
    ],
)
def test_block_rule_actions(story, rules, expected):
    for action, options in rules:
        expires_in = options.pop("expires_in", None)
        expires_at = timezone.now() + datetime.timedelta(days=expires_in) if expires_in else None
        BlockRuleFactory(
            kind=KIND.KEYWORD, value="casino", action=action, expires_at=expires_at, **options
        )
    verdict = pipeline.block_rules(submission(story, body="casino"))
    assert (verdict.outcome if verdict else None) == expected


def test_block_rule_notes_never_name_an_address(story):
    rule = BlockRuleFactory(kind=KIND.EMAIL, value="ada@example.org", action=ACTION.HOLD)
    verdict = pipeline.block_rules(submission(story))
    assert f"#{rule.pk}" in verdict.note
    assert "ada@example.org" not in verdict.note


# --- links, first-time ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "hold_links,links,held",
    [(2, 0, False), (2, 1, False), (2, 2, True), (2, 5, True), (3, 2, False), (0, 9, False)],
)
def test_too_many_links(story, hold_links, links, held):
    body = " ".join(f"https://site{n}.example/" for n in range(links)) or "No links."
    sub = submission(story, body=body)
    sub.comment_settings.hold_links = hold_links
    pipeline.sanitise(sub)
    verdict = pipeline.too_many_links(sub)
    assert outcome(verdict) == (("hold", Reason.LINKS, []) if held else None)


@pytest.mark.parametrize(
    "history,verified_now,expected",
    [
        (None, True, Reason.FIRST_TIME),
        ({"email_verified": True}, True, None),
        ({"email_verified": True}, False, Reason.UNVERIFIED_EMAIL),
        ({"email_verified": False}, True, Reason.FIRST_TIME),
        ({"email_verified": True, "pending": True}, True, Reason.FIRST_TIME),
        ({"email_verified": True, "spam": True}, True, Reason.FIRST_TIME),
        ({"email_verified": True, "email": "someone@example.org"}, True, Reason.FIRST_TIME),
    ],
)
def test_first_time_commenter(story, history, verified_now, expected):
    if history is not None:
        ReaderCommentFactory(page=story, **{"email": "ada@example.org", **history})
    verdict = pipeline.first_time_commenter(submission(story, email_verified=verified_now))
    assert (verdict.reason if verdict else None) == expected


# --- the run -------------------------------------------------------------------------------


def test_holds_collect_every_reason_and_final_verdicts_stop_the_run(story):
    calls = []

    def step(name, verdict):
        def run_step(sub):
            calls.append(name)
            return verdict

        run_step.__name__ = name
        return run_step

    hold_a = pipeline.Verdict("hold", Reason.LINKS, "Too many links.")
    hold_b = pipeline.Verdict("hold", Reason.FIRST_TIME, "First comment.")
    sub = submission(story)
    verdict = pipeline.run(sub, [step("a", hold_a), step("b", None), step("c", hold_b)])
    assert (verdict.outcome, verdict.reason, verdict.note) == (
        "hold",
        Reason.LINKS,
        "Too many links. First comment.",
    )
    assert [entry[0] for entry in sub.trace] == ["a", "c"]

    calls.clear()
    spam = pipeline.Verdict("spam", Reason.BLOCK_RULE)
    verdict = pipeline.run(submission(story), [step("a", hold_a), step("b", spam), step("c", None)])
    assert verdict.outcome == "spam"
    assert calls == ["a", "b"]


def test_steps_run_in_the_issue_order():
    names = [step.__name__ for step in pipeline.STEPS]
    order = [
        "honeypot_is_empty",
        "form_token_is_fresh",
        "challenge_is_solved",
        "within_rate_limits",
        "sanitise",
        "not_a_duplicate",
        "block_rules",
        "too_many_links",
        "first_time_commenter",
    ]
    assert [name for name in names if name in order] == order
