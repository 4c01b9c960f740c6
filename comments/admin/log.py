"""How moderators' decisions read in a comment's history and the site history report."""

from wagtail.log_actions import LogFormatter

from comments.moderation import BAN_LOG_ACTION

LOG_ACTIONS = [
    ("comments.approve", "Approve comment", "Approved the comment"),
    ("comments.reject", "Reject comment", "Rejected the comment"),
    ("comments.spam", "Mark comment as spam", "Marked the comment as spam"),
    ("comments.delete", "Delete comment", "Deleted the comment"),
    ("comments.restore", "Restore comment", "Sent the comment back to the queue"),
    (BAN_LOG_ACTION, "Ban commenter", "Banned the commenter"),
]


class DecisionFormatter(LogFormatter):
    """The moderator's note, when there is one, beside the decision."""

    def format_message(self, log_entry):
        note = log_entry.data.get("note")
        return f"{self.message}: {note}" if note else self.message


def register_log_actions(registry):
    for action, label, message in LOG_ACTIONS:
        formatter = type(
            "CommentDecisionFormatter", (DecisionFormatter,), {"label": label, "message": message}
        )
        registry.register_action(action)(formatter)
