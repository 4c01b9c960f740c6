"""Which page may be created where: editors only get sensible choices."""

from wagtail.models import Page

import pytest

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from home.models import HomePage
from pledges.models import PledgeIndexPage, PledgePage
from stories.models import StoryIndexPage, StoryPage


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (HomePage, Page, True),
        (StoryIndexPage, HomePage, True),
        (StoryPage, StoryIndexPage, True),
        (StoryPage, HomePage, False),
        (CaseStudyIndexPage, HomePage, True),
        (CaseStudyPage, CaseStudyIndexPage, True),
        (CaseStudyPage, StoryIndexPage, False),
        (PledgePage, HomePage, True),
        (PledgePage, PledgeIndexPage, True),
        (PledgePage, StoryIndexPage, False),
        (StoryIndexPage, StoryIndexPage, False),
    ],
)
def test_parent_and_child_rules(child, parent, allowed):
    fits = child in parent.allowed_subpage_models() and parent in child.allowed_parent_page_models()
    assert fits is allowed


def test_leaf_pages_take_no_children():
    for model in (StoryPage, CaseStudyPage, PledgePage):
        assert model.allowed_subpage_models() == []


def test_only_one_home_page(site_tree):
    assert HomePage.max_count == 1
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_one_story_index_per_home(site_tree):
    assert not StoryIndexPage.can_create_at(site_tree["home"])
    assert PledgePage.can_create_at(site_tree["home"])


def test_every_editor_field_has_help_text():
    from django.apps import apps

    # Records people create by signing or commenting, not content editors write.
    records = {
        "Signature",
        "EmailDelivery",
        "ReaderComment",
        "CommentStatusChange",
        "CommentReport",
        "CommentEmail",
        # Sums the report keeps of those records (pledges/tallies.py): no screen edits them.
        "ReportTally",
        "ReportFold",
        "ReportStaleDay",
    }
    for app in ("core", "home", "stories", "casestudies", "pledges", "comments"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__ in records:
                continue
            own_fields = [
                field
                for field in model._meta.get_fields(include_parents=False)
                if field.concrete and not field.auto_created and field.editable
            ]
            for field in own_fields:
                if field.name in {
                    "page",
                    "content_object",
                    "page_ptr",
                    "site",
                    "sort_order",
                    "tag",
                }:
                    continue
                assert field.help_text, f"{model.__name__}.{field.name} has no help_text"
