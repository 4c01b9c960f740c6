"""The comment section under a story or case study, built from the API."""

from urllib.parse import urlencode

from django.urls import reverse

from ..caching import AUTHOR_COOKIE
from ..client import execute
from ..context import int_param, page_links

COMMENTABLE = {"StoryPage", "CaseStudyPage"}
PUBLISHED = "PUBLISHED"
# Fields the form shows; errors for anything else go in the summary only.
FORM_FIELDS = {"name", "email", "website", "body", "notify_replies"}
# The comment site.js clones for a comment posted without a reload.
PLACEHOLDER_ID = "__ID__"
PLACEHOLDER = {
    "id": PLACEHOLDER_ID,
    "name": "",
    "depth": 1,
    "is_pending": True,
    "own": {"id": PLACEHOLDER_ID, "body": ""},
}


def report_reasons():
    from comments.models import CommentReport

    return CommentReport.Reason.choices


def walk(threads):
    for comment in threads:
        yield comment
        yield from walk(comment.get("replies") or [])


def own_comment(request, page_id):
    """The author's own comment on this page through their cookie, as the API shows it.

    The API's answer has neither the page nor the plain text; the service's
    row gives both (the text fills the edit form).
    """
    token = request.COOKIES.get(AUTHOR_COOKIE)
    if not token:
        return None
    from comments.service import own_comment as find_own

    comment = find_own(token)
    if comment is None or str(comment.page_id) != str(page_id):
        return None
    own = execute("own_comment", {"token": token}, request)["ownReaderComment"]
    if own is None:
        return None
    own.update(body=comment.body, replies=[], is_pending=own["state"] != PUBLISHED)
    return own


def place_own_comment(threads, own, pagination):
    """Show the author's comment where it will appear; return it if its place is on another page.

    A published one is already in the thread (it just gains the author's
    controls). A pending reply goes under its parent, a pending top-level
    comment at the end of the last page; anywhere else it is shown on its own.
    """
    if own is None:
        return None
    by_id = {comment["id"]: comment for comment in walk(threads)}
    shown = by_id.get(own["id"])
    if shown is not None:
        shown["own"] = own
        return None
    if own["state"] == PUBLISHED:
        return own
    own["own"] = own
    if own["parentId"]:
        parent = by_id.get(own["parentId"])
        if parent is None:
            return own
        parent.setdefault("replies", []).append(own)
        return None
    if (pagination.get("nextPage") or 0) == 0:
        threads.append(own)
        return None
    return own


def reply_query(request):
    """The query string a Reply link starts with: the current comment page, if any."""
    query = request.GET.copy()
    query.pop("reply", None)
    return query.urlencode() + "&" if query else ""


def commenter(request):
    """A signed-in reader: they comment under their account's name and verified email."""
    from comments.identity import account_identity

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    name, _email, _verified = account_identity(user)
    return {"name": name, "user": user}


def sign_in_url(request, page):
    from comments.accounts import providers_configured

    if not providers_configured():
        return ""
    return reverse("account_login") + "?" + urlencode({"next": f"{page['url']}#comments"})


def with_service_errors(form, errors):
    """The service's errors about a field (a duplicate, say) beside it, like the form's own."""
    for error in errors:
        if error.field in FORM_FIELDS and error.message not in form.errors.get(error.field, []):
            form.add_error(error.field, error.message)
    return form


def build_form(request, page, settings_data, result, reply_to):
    from comments.forms import CommentForm

    if result is not None:
        # Refused before the form was checked (closed, rate limited): keep what they typed.
        form = result.form if result.form is not None else CommentForm(request.POST)
        return with_service_errors(form, result.errors)
    initial = {
        "page": page["id"],
        "form_token": settings_data["formToken"],
        "parent": reply_to["id"] if reply_to else "",
    }
    user = getattr(request, "user", None)
    return CommentForm(initial=initial, user=user if user and user.is_authenticated else None)


def comment_section(request, page, *, result=None, edit_result=None):
    """Template context for the comment section (`comments`), or {} for pages without one.

    `result` is a failed no-JavaScript post (its form and errors are shown);
    `edit_result` a failed edit of the author's own comment.
    """
    if page["__typename"] not in COMMENTABLE:
        return {}
    variables = {"page": page["id"], "pageNumber": int_param(request, "comments")}
    data = execute("comments", variables, request)
    settings_data = data["readerCommentSettings"]
    listing = data["readerComments"]
    threads = listing["items"]
    own = own_comment(request, page["id"])
    own_elsewhere = place_own_comment(threads, own, listing["pagination"])
    if not (settings_data["open"] or listing["totalCount"] or own or result):
        return {}  # comments were never open here: no empty section
    max_depth = settings_data["maxDepth"]
    reply_to = None
    if settings_data["open"]:
        wanted = request.GET.get("reply", "")
        reply_to = next(
            (
                comment
                for comment in walk(threads)
                if comment["id"] == wanted
                and comment["depth"] < max_depth
                and not (comment.get("is_pending") or comment.get("deleted"))
            ),
            None,
        )
    errors = result.errors if result is not None else []
    section = {
        "settings": settings_data,
        "threads": threads,
        "total": listing["totalCount"],
        "pagination": listing["pagination"],
        "page_links": page_links(
            request, listing["pagination"], param="comments", fragment="#comments", drop=["reply"]
        ),
        "reply_query": reply_query(request),
        "max_depth": max_depth,
        "own": own,
        "own_elsewhere": own_elsewhere,
        "edit_errors": edit_result.errors if edit_result is not None else [],
        # What they typed, back in the edit box beside the error.
        "edit_body": request.POST.get("body") if edit_result is not None else None,
        "reply_to": reply_to,
        "commenter": commenter(request),
        "placeholder": PLACEHOLDER,
        "report_reasons": report_reasons(),
    }
    if settings_data["open"]:
        section.update(
            form=build_form(request, page, settings_data, result, reply_to),
            form_errors=[e for e in errors if not e.field or e.field not in FORM_FIELDS],
            post_url=reverse("comments:post", args=[page["id"]]),
            sign_in_url="" if section["commenter"] else sign_in_url(request, page),
        )
    elif errors:
        section["form_errors"] = errors  # e.g. closed while they were typing
    return {"comments": section}
