"""Who may moderate: the "Comment moderators" group can moderate and nothing else;
an editor without the permission sees no menu, queue, inspect page or action."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from comments.models import BlockRule, CommentStatusChange, ReaderComment
from tests.comments.admin.helpers import QUEUE, bulk_url, denied
from tests.factories import BlockRuleFactory, ReaderCommentFactory

pytestmark = pytest.mark.django_db


def test_the_moderators_group_holds_exactly_the_moderation_permissions():
    group = Group.objects.get(name="Comment moderators")

    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("wagtailadmin", "access_admin"),
        ("comments", "moderate_readercomment"),
        ("comments", "add_blockrule"),
        ("comments", "change_blockrule"),
        ("comments", "delete_blockrule"),
        ("comments", "view_blockrule"),
    }
    assert not group.page_permissions.exists()
    assert not group.collection_permissions.exists()


def test_a_moderator_moderates_but_cannot_edit_pages_or_see_signatures(moderator_client, story):
    pending = ReaderCommentFactory(page=story, pending=True)

    assert moderator_client.get(QUEUE).status_code == 200
    inspect = reverse("reader_comments:inspect", args=[pending.pk])
    assert moderator_client.get(inspect).status_code == 200
    moderator_client.post(bulk_url("approve", pending.pk), {"note": ""})
    pending.refresh_from_db()
    assert pending.status == ReaderComment.Status.APPROVED

    assert denied(moderator_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])))
    assert denied(moderator_client.get(reverse("wagtailadmin_pages:add_subpage", args=[story.pk])))
    assert denied(moderator_client.get(reverse("pledge_signatures:index")))
    assert denied(moderator_client.get(reverse("pledge_verification:index")))
    assert denied(
        moderator_client.get(reverse("wagtailsettings:edit", args=["comments", "commentsettings"]))
    )


def test_a_moderator_sees_the_comments_menu_and_no_pages_or_pledges(moderator_client, story):
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()

    # The sidebar's menu items, serialised for the React sidebar.
    assert '"Comments"' in html and '"Moderation queue"' in html and '"Block rules"' in html
    assert '"Pledges"' not in html
    assert '"Signatures"' not in html
    assert '"Settings"' not in html  # the comment settings need change_commentsettings


def test_an_editor_without_the_permission_cannot_moderate(editor_client, story):
    pending = ReaderCommentFactory(page=story, pending=True, body="Hidden from editors")
    rule = BlockRuleFactory()

    home = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"Comments"' not in home and '"Moderation queue"' not in home
    assert "Comments to moderate" not in home  # no dashboard panel
    assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).status_code == 200

    for url in (
        QUEUE,
        reverse("reader_comments:index_results"),
        reverse("reader_comments:inspect", args=[pending.pk]),
        reverse("reader_comments:history", args=[pending.pk]),
        reverse("wagtailsnippets_comments_blockrule:list"),
        reverse("wagtailsnippets_comments_blockrule:edit", args=[rule.pk]),
    ):
        assert denied(editor_client.get(url)), url

    for action in ("approve", "reject", "spam", "delete", "ban"):
        assert denied(editor_client.get(bulk_url(action, pending.pk))), action
        response = editor_client.post(
            bulk_url(action, pending.pk), {"note": "", "kind": "email", "days": "3"}
        )
        assert denied(response), action
    pending.refresh_from_db()
    assert pending.status == ReaderComment.Status.PENDING
    assert not CommentStatusChange.objects.exists()
    assert list(BlockRule.objects.all()) == [rule]


def test_comments_are_not_in_the_snippets_menu_and_the_queue_has_no_add_or_edit(
    superuser_client, story
):
    comment = ReaderCommentFactory(page=story, pending=True)

    html = superuser_client.get(QUEUE).content.decode()

    assert comment.name in html
    assert "Add reader comment" not in html
    for name in ("add", "edit", "delete", "copy"):
        with pytest.raises(Exception):  # noqa: B017 (NoReverseMatch: the routes don't exist)
            reverse(f"reader_comments:{name}", args=[comment.pk])


def test_the_settings_link_shows_to_staff_who_may_change_the_settings(superuser_client):
    html = superuser_client.get(reverse("wagtailadmin_home")).content.decode()
    settings_url = reverse("wagtailsettings:edit", args=["comments", "commentsettings"])

    assert settings_url in html
    assert superuser_client.get(settings_url, follow=True).status_code == 200
