"""Placing demo pages in the tree without ever duplicating or rewriting them.

A page is found by its slug under its parent. If it is there, it is left
exactly as it is (an editor may have changed it since); if not, it is added
as a draft and published once, after every page it links to exists.
"""

from django.core.management.base import CommandError

from wagtail.fields import StreamField

from .tally import CREATED, PRESENT


class PagePlacer:
    def __init__(self, tally):
        self.tally = tally
        self.created = []  # in creation order, so parents publish first

    def place(self, parent, model, slug, fields, tags=()):
        """The page of `model` at `slug` under `parent`, added as a draft if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            page = existing.specific
            if not isinstance(page, model):
                raise CommandError(
                    f"'{existing.url_path}' is a {type(page).__name__}, not a "
                    f"{model.__name__}; move or rename it and load again."
                )
            self.tally.add("pages", page.title, PRESENT)
            return page
        page = model(slug=slug, live=False, **fields)
        for tag in tags:
            page.tags.add(tag)
        validate_streams(page)
        parent.add_child(instance=page)
        self.created.append(page)
        self.tally.add("pages", page.title, CREATED)
        return page

    def is_new(self, page):
        return any(page.pk == each.pk for each in self.created)

    def publish_created(self):
        """Publish every page placed in this run, each with a single revision."""
        for page in self.created:
            validate_streams(page)
            page.save_revision().publish()


def validate_streams(page):
    """Run the blocks' own checks; a model save does not, and demo data drifts."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            field.stream_block.clean(getattr(page, field.name))
