"""Who may do what in the Comments admin, in one place.

One permission, `comments.moderate_readercomment`, opens the queue, the
inspect and history pages and every decision (the "Comment moderators" group
has it). Block rules use their own snippet permissions; the comment settings
Wagtail's usual `change_commentsettings`.
"""

MODERATE = "comments.moderate_readercomment"


def can_moderate(user):
    return user.has_perm(MODERATE)


def can_edit_settings(user):
    return user.has_perm("comments.change_commentsettings")
