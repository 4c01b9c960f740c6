"""A page's published conversation, paginated by top-level comment, in two queries.

What readers see: approved comments, and in place of a deleted comment a
placeholder, but only while it still has visible replies (so a thread never
loses its shape when someone deletes or erases theirs). Anything pending,
spam or rejected is left out together with everything beneath it: a reply
never appears without the comment it answers.

The first query reads only ids, parents and statuses for the whole page, to
work out visibility and pagination; the second loads the public columns of
the comments on the requested page of the thread.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from .models import ReaderComment

Status = ReaderComment.Status
PUBLIC_COLUMNS = (
    "id",
    "page_id",
    "parent_id",
    "depth",
    "status",
    "name",
    "website",
    "body",
    "created_at",
    "edited_at",
)


@dataclass
class Thread:
    items: list  # top-level ReaderComments, each with `.visible_replies` filled in
    total_count: int  # approved comments on the page, replies included
    top_level_count: int
    page_number: int
    per_page: int

    @property
    def total_pages(self):
        return max(1, math.ceil(self.top_level_count / self.per_page))


@dataclass
class _Shape:
    children: dict = field(default_factory=lambda: defaultdict(list))
    shown: set = field(default_factory=set)
    tops: list = field(default_factory=list)
    approved: int = 0


def _shape(page_id):
    shape = _Shape()
    rows = list(
        ReaderComment.objects.filter(page_id=page_id, status__in=[Status.APPROVED, Status.DELETED])
        .order_by("created_at", "pk")
        .values_list("pk", "parent_id", "status")
    )
    for pk, parent_id, _status in rows:
        if parent_id is not None:
            shape.children[parent_id].append(pk)
    # A reply always has a larger id than its parent: walking ids downwards
    # settles every child before its parent.
    status_of = {pk: status for pk, _parent, status in rows}
    for pk in sorted(status_of, reverse=True):
        if status_of[pk] == Status.APPROVED:
            shape.approved += 1
            shape.shown.add(pk)
        elif any(child in shape.shown for child in shape.children.get(pk, ())):
            shape.shown.add(pk)
    shape.tops = [pk for pk, parent_id, _ in rows if parent_id is None and pk in shape.shown]
    return shape


def _descendants(shape, pks):
    found, stack = [], list(pks)
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(child for child in shape.children.get(pk, ()) if child in shape.shown)
    return found


def page_thread(page_id, page_number=1, per_page=None):
    """One page of the thread; `page_id` None (no such page) gives an empty thread."""
    limit = settings.COMMENTS["PAGE_SIZE"]
    per_page = max(1, min(int(per_page or limit), limit))
    page_number = max(1, int(page_number or 1))
    shape = _shape(page_id) if page_id is not None else _Shape()
    start = (page_number - 1) * per_page
    tops = shape.tops[start : start + per_page]
    comments = {}
    if tops:
        wanted = _descendants(shape, tops)
        comments = {
            comment.pk: comment
            for comment in ReaderComment.objects.filter(pk__in=wanted).only(*PUBLIC_COLUMNS)
        }
    for comment in comments.values():
        comment.visible_replies = [
            comments[child] for child in shape.children.get(comment.pk, ()) if child in comments
        ]
    return Thread(
        items=[comments[pk] for pk in tops],
        total_count=shape.approved,
        top_level_count=len(shape.tops),
        page_number=page_number,
        per_page=per_page,
    )
