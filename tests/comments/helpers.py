"""Shared helpers for the comment tests: posting through the API, reading mail, tokens."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail

from comments.models import ReaderComment
from comments.status import change_status
from tests.pledges.helpers import aged_token  # noqa: F401 - re-exported for comment tests

OWN_FIELDS = "id name website bodyHtml createdAt state editableUntil parentId depth"
ERROR_FIELDS = "field code message retryAfter"
CREATE = f"""
mutation Create($input: CreateReaderCommentInput!) {{
  createReaderComment(input: $input) {{
    state authorToken comment {{ {OWN_FIELDS} }} errors {{ {ERROR_FIELDS} }}
  }}
}}
"""
EDIT = f"""
mutation Edit($input: EditReaderCommentInput!) {{
  editReaderComment(input: $input) {{ comment {{ {OWN_FIELDS} }} errors {{ {ERROR_FIELDS} }} }}
}}
"""
DELETE = f"""
mutation Delete($input: DeleteReaderCommentInput!) {{
  deleteReaderComment(input: $input) {{ ok errors {{ {ERROR_FIELDS} }} }}
}}
"""
REPORT = f"""
mutation Report($input: ReportReaderCommentInput!) {{
  reportReaderComment(input: $input) {{ ok errors {{ {ERROR_FIELDS} }} }}
}}
"""
COMMENT_FIELDS = "id name website bodyHtml createdAt edited deleted depth parentId"
THREAD = f"""
query Thread($page: ID!, $pageNumber: Int, $perPage: Int) {{
  readerComments(page: $page, pageNumber: $pageNumber, perPage: $perPage) {{
    totalCount
    pagination {{ total count perPage currentPage totalPages nextPage prevPage }}
    items {{
      {COMMENT_FIELDS}
      replies {{ {COMMENT_FIELDS} replies {{ {COMMENT_FIELDS} replies {{ id }} }} }}
    }}
  }}
}}
"""
SETTINGS = """
query Settings($page: ID!) {
  readerCommentSettings(page: $page) {
    open closedReason closedMessage policy formToken maxLength maxDepth
    challengeRequired challenge commentCount
  }
}
"""
OWN = f"query Own($token: String!) {{ ownReaderComment(token: $token) {{ {OWN_FIELDS} }} }}"

CODES = {
    "INVALID",
    "REQUIRED",
    "TOO_LONG",
    "CLOSED",
    "PAGE_NOT_FOUND",
    "PARENT_NOT_FOUND",
    "MAX_DEPTH",
    "DUPLICATE",
    "RATE_LIMITED",
    "CHALLENGE_FAILED",
    "FORBIDDEN_ORIGIN",
}


def page_id(page):
    return str(getattr(page, "pk", page))


def form_token(gql, page):
    return gql(SETTINGS, {"page": page_id(page)})["data"]["readerCommentSettings"]["formToken"]


def comment_input(page, **fields):
    return {
        "page": page_id(page),
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "body": "Local services work best when local people run them.",
        **fields,
    }


def post(gql, page, *, token=True, headers=None, **fields):
    """createReaderComment with a fresh form token; returns the payload."""
    data = comment_input(page, **fields)
    if token and "formToken" not in data:
        data["formToken"] = form_token(gql, page)
    return gql(CREATE, {"input": data}, **(headers or {}))["data"]["createReaderComment"]


def errors(payload):
    """[(field, code)] for compact asserts."""
    return [(error["field"], error["code"]) for error in payload["errors"]]


def assert_well_formed(payload):
    for error in payload["errors"]:
        assert error["code"] in CODES
        assert error["message"]
        if error["code"] != "RATE_LIMITED":
            assert error["retryAfter"] is None


def thread(gql, page, **variables):
    return gql(THREAD, {"page": page_id(page), **variables})["data"]["readerComments"]


def all_ids(items):
    """Every comment id in a thread, replies included."""
    found = []
    for item in items:
        found.append(item["id"])
        found += all_ids(item.get("replies") or [])
    return found


def approve(comment, moderator):
    """A moderator's approval, with history (which trust depends on)."""
    change_status(
        comment, ReaderComment.Status.APPROVED, ReaderComment.Reason.MODERATOR, actor=moderator
    )
    comment.refresh_from_db()
    return comment


def messages_to(address):
    return [message for message in mail.outbox if address in message.to]


def link_paths(message, name):
    """Site-relative paths of the /comments/<name>/ links in one message."""
    pattern = re.compile(rf"{re.escape(settings.BASE_URL)}/comments/{name}/\S+?/")
    return [urlsplit(match.group(0)).path for match in pattern.finditer(message.body)]
