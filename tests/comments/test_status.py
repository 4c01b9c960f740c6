"""`change_status`: one history row per change, legal transitions only, a signal on commit."""

import pytest

from comments.models import CommentStatusChange, ReaderComment
from comments.signals import comment_status_changed
from comments.status import change_status, record_new_comment
from tests.factories import ReaderCommentFactory

pytestmark = pytest.mark.django_db
Status = ReaderComment.Status
Reason = ReaderComment.Reason


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user("moderator", password="x")


@pytest.fixture
def received():
    events = []

    def listener(**kwargs):
        events.append(kwargs)

    comment_status_changed.connect(listener)
    yield events
    comment_status_changed.disconnect(listener)


def test_approval_writes_history_and_timestamps(story, moderator):
    comment = ReaderCommentFactory(page=story, pending=True)
    change = change_status(comment, Status.APPROVED, Reason.MODERATOR, note="Fine", actor=moderator)

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert (comment.status_reason, comment.status_note) == ("moderator", "Fine")
    assert comment.approved_at == change.created_at == comment.status_changed_at
    rows = list(
        CommentStatusChange.objects.filter(comment=comment).values_list(
            "from_status", "to_status", "reason", "note", "actor"
        )
    )
    assert rows == [("pending", "approved", "moderator", "Fine", moderator.pk)]


def test_same_status_is_a_no_op(story):
    comment = ReaderCommentFactory(page=story, pending=True)
    assert change_status(comment, Status.PENDING, Reason.REPORTS) is None
    assert not CommentStatusChange.objects.exists()


def test_the_in_memory_comment_is_updated(story):
    comment = ReaderCommentFactory(page=story)
    change_status(comment, Status.PENDING, Reason.REPORTS, note="3 reports")
    assert (comment.status, comment.status_reason, comment.status_note) == (
        "pending",
        "reports",
        "3 reports",
    )


def test_a_stale_instance_compares_against_the_database(story):
    comment = ReaderCommentFactory(page=story, pending=True)
    stale = ReaderComment.objects.get(pk=comment.pk)
    change_status(comment, Status.SPAM, Reason.BLOCK_RULE)
    change = change_status(stale, Status.REJECTED, Reason.MODERATOR)
    assert change.from_status == "spam"
    assert stale.status == "rejected"


@pytest.mark.parametrize(
    ("start", "reason", "to", "as_moderator", "allowed"),
    [
        ("pending", "moderator", "rejected", True, True),
        ("approved", "reports", "pending", False, True),
        ("spam", "moderator", "approved", True, True),
        ("rejected", "moderator", "spam", True, True),
        ("approved", "author_deleted", "deleted", False, True),
        # deleted: only a moderator restores, to pending or approved, never an author's deletion
        ("deleted", "moderator", "approved", False, False),
        ("deleted", "moderator", "approved", True, True),
        ("deleted", "moderator", "pending", True, True),
        ("deleted", "moderator", "spam", True, False),
        ("deleted", "author_deleted", "approved", True, False),
        ("deleted", "erased", "pending", True, False),
    ],
)
def test_transitions(story, moderator, start, reason, to, as_moderator, allowed):
    comment = ReaderCommentFactory(page=story, status=start, status_reason=reason)
    actor = moderator if as_moderator else None
    if allowed:
        assert change_status(comment, to, Reason.MODERATOR, actor=actor).to_status == to
    else:
        with pytest.raises(ValueError):
            change_status(comment, to, Reason.MODERATOR, actor=actor)
        comment.refresh_from_db()
        assert comment.status == start
        assert not CommentStatusChange.objects.exists()


@pytest.mark.parametrize(("to", "reason"), [("published", "moderator"), ("approved", "whim")])
def test_unknown_status_or_reason_is_refused(story, to, reason):
    comment = ReaderCommentFactory(page=story, pending=True)
    with pytest.raises(ValueError):
        change_status(comment, to, reason)


def test_signal_is_sent_only_on_commit(
    story, moderator, received, django_capture_on_commit_callbacks
):
    comment = ReaderCommentFactory(page=story, pending=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change = change_status(comment, Status.APPROVED, Reason.MODERATOR, actor=moderator)
    assert received == []
    for callback in callbacks:
        callback()
    assert len(received) == 1
    event = received[0]
    assert event["sender"] is ReaderComment
    assert event["comment"] is comment
    assert event["change"] == change
    assert (event["from_status"], event["to_status"], event["reason"]) == (
        "pending",
        "approved",
        "moderator",
    )
    assert event["actor"] == moderator
    assert event["created"] is False


def test_no_signal_for_a_no_op(story, received, django_capture_on_commit_callbacks):
    comment = ReaderCommentFactory(page=story)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(comment, Status.APPROVED, Reason.MODERATOR)
    assert received == []


def test_new_comment_gets_its_first_history_row_and_signal(
    story, received, django_capture_on_commit_callbacks
):
    comment = ReaderComment(
        page=story,
        name="Ann",
        email="ann@example.org",
        body="Hello",
        status=Status.PENDING,
        status_reason=Reason.LINKS,
        status_note="3 links",
    )
    with django_capture_on_commit_callbacks(execute=True):
        change = record_new_comment(comment)
    assert comment.pk
    assert comment.approved_at is None
    assert (change.from_status, change.to_status, change.reason, change.note) == (
        "",
        "pending",
        "links",
        "3 links",
    )
    assert [event["created"] for event in received] == [True]
    assert received[0]["from_status"] == ""


def test_new_approved_comment_has_approved_at(story):
    comment = ReaderComment(
        page=story, name="Bo", body="Hi", status=Status.APPROVED, status_reason=Reason.PASSED
    )
    record_new_comment(comment)
    assert comment.approved_at == comment.status_changed_at


def test_record_new_comment_refuses_saved_comments_and_missing_reasons(story):
    with pytest.raises(ValueError):
        record_new_comment(ReaderCommentFactory(page=story))
    with pytest.raises(ValueError):
        record_new_comment(ReaderComment(page=story, name="C", body="x"))
    assert ReaderComment.objects.count() == 1
