"""`comments_state`: page-type switch, per-page switch, auto-close, and what readers are told."""

import datetime

from django.utils import timezone

import pytest

from comments.models import CommentSettings, CommentState
from stories.models import StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment_settings(site_tree):
    return CommentSettings.for_site(site_tree["site"])


def test_stories_are_open_by_default(story):
    assert story.comments_state() == CommentState(True, "open", "")


def test_case_studies_are_closed_until_editors_open_them(case_study, comment_settings):
    state = case_study.comments_state()
    assert (state.open, state.reason) == (False, "page_type")
    assert state.message == "Comments are not open on case studies."

    comment_settings.comments_enabled_for_case_studies = True
    comment_settings.save()
    assert case_study.comments_state().open is True


def test_page_type_switch_closes_every_story(story, comment_settings):
    comment_settings.comments_enabled_for_stories = False
    comment_settings.save()
    assert story.comments_state().reason == "page_type"


def test_page_switch_with_and_without_an_editors_reason(story):
    story.comments_open = False
    assert story.comments_state() == (False, "page", "Comments are closed on this page.")
    story.comments_closed_reason = "Closed while the council decides."
    assert story.comments_state().message == "Closed while the council decides."


def test_page_type_switch_wins_over_the_page_switch(story, comment_settings):
    comment_settings.comments_enabled_for_stories = False
    story.comments_open = False
    assert story.comments_state(comment_settings).reason == "page_type"


@pytest.mark.parametrize(
    ("days", "age_days", "expected"),
    [(None, 3650, "open"), (30, 29, "open"), (30, 30, "expired"), (1, 2, "expired")],
)
def test_auto_close_after_days(story, comment_settings, days, age_days, expected):
    comment_settings.close_after_days = days
    now = story.first_published_at + datetime.timedelta(days=age_days)
    assert story.comments_state(comment_settings, now=now).reason == expected


def test_expired_message_says_how_many_days(story, comment_settings):
    comment_settings.close_after_days = 1
    later = timezone.now() + datetime.timedelta(days=5)
    assert story.comments_state(comment_settings, now=later).message == (
        "Comments close 1 day after publication."
    )
    comment_settings.close_after_days = 14
    assert story.comments_state(comment_settings, now=later + datetime.timedelta(days=14)) == (
        False,
        "expired",
        "Comments close 14 days after publication.",
    )


def test_a_never_published_page_is_not_auto_closed(site_tree, comment_settings):
    draft = StoryPageFactory(parent=site_tree["stories"], live=False)
    StoryPage.objects.filter(pk=draft.pk).update(first_published_at=None)
    draft.refresh_from_db()
    comment_settings.close_after_days = 0
    assert draft.comments_state(comment_settings).open is True


def test_saved_site_settings_are_read_without_being_passed(story, comment_settings):
    comment_settings.close_after_days = 0
    comment_settings.save()
    assert story.comments_state().reason == "expired"


def test_reason_codes_are_the_documented_ones():
    assert CommentState.REASONS == ("open", "page_type", "page", "expired")


def test_site_settings_defaults_come_from_the_environment(site_tree, settings):
    settings.COMMENTS = {**settings.COMMENTS, "HOLD_LINKS": 4, "REPORT_THRESHOLD": 7}
    fresh = CommentSettings.for_site(site_tree["site"])
    assert (fresh.hold_links, fresh.report_threshold) == (4, 7)


def test_comment_switches_are_in_the_settings_tab():
    panel_fields = [
        field for panel in StoryPage.settings_panels for field in getattr(panel, "children", [])
    ]
    assert {"comments_open", "comments_closed_reason"} <= {
        getattr(child, "field_name", None) for child in panel_fields
    }


def test_comment_switches_are_not_in_the_graphql_schema():
    from cms.schema import schema

    for type_name in ("StoryPage", "CaseStudyPage"):
        fields = set(schema.graphql_schema.get_type(type_name).fields)
        assert "title" in fields
        assert not fields & {"commentsOpen", "commentsClosedReason", "readerComments"}
