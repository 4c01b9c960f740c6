"""cms/graphql/visibility.py's own promises, for callers outside the API's resolvers."""

from wagtail.models import Site

import pytest

from cms.graphql.visibility import Visibility, parse_id
from tests.factories import HomePageFactory, StoryPageFactory


# Ids arrive from clients as text; anything but a database-sized number is None,
# never an exception (int("abc")) nor an overflow in the database (19 digits).
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (42, 42),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("abc", None),
        ("4a", None),
        ("-1", None),
        ("١٢", None),  # Arabic-Indic digits: isdigit() says yes, the database says no
        ("", None),
        (None, None),
    ],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


def test_public_page_refuses_a_draft(site_tree):
    draft = StoryPageFactory(parent=site_tree["stories"], live=False)
    live = StoryPageFactory(parent=site_tree["stories"])
    visibility = Visibility(site=site_tree["site"])
    visibility.warm([draft.pk, live.pk])
    assert visibility.public_page(draft.pk) is None
    assert visibility.public_page(live.pk).pk == live.pk


def test_outside_a_request_the_default_site_is_the_one_seen(site_tree):
    """A task or a feed built without a request sees the default site, not another."""
    other_home = HomePageFactory(parent=site_tree["home"].get_parent(), slug="other")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    visibility = Visibility()
    assert visibility.site == site_tree["site"]
    assert visibility.is_public(site_tree["stories"])
    assert not visibility.is_public(other_home)
