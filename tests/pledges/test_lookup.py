"""Pledge pages kept in each process (pledges/lookup.py): no query when kept,
and never older than a publish, another server's publish, or MAX_AGE."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page

import pytest

from cms.graphql.visibility import Visibility
from core import generations
from pledges import lookup
from tests.pledges.helpers import errors, individual

pytestmark = pytest.mark.django_db


def loaded(pk):
    with CaptureQueriesContext(connection) as captured:
        page = lookup.pledge(pk)
    return page, len(captured.captured_queries)


def test_a_kept_pledge_costs_no_query(pledge):
    first, first_queries = loaded(pledge.pk)
    again, again_queries = loaded(pledge.pk)
    assert (first.pk, first_queries) == (pledge.pk, 1)
    assert again is first
    assert again_queries == 0


def test_an_unknown_pledge_is_none(pledge):
    assert lookup.pledge(pledge.pk + 1000) is None
    assert lookup.public_pledge(None, Visibility()) is None


def test_closing_a_pledge_is_seen_by_the_next_signature(pledge, sign, commit):
    lookup.pledge(pledge.pk)
    pledge.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    with commit():
        pledge.save_revision().publish()
    result = sign(pledge, **individual())
    assert errors(result) == [(None, "CLOSED")]


def test_another_servers_publish_is_seen_through_the_shared_generation(pledge):
    kept = lookup.pledge(pledge.pk)
    type(pledge).objects.filter(pk=pledge.pk).update(goal=999)  # saved elsewhere
    assert lookup.pledge(pledge.pk) is kept  # this process has not heard yet
    generations.bump(lookup.GENERATION_KEY)  # the other server's, after its commit
    assert lookup.pledge(pledge.pk).goal == 999


def test_a_lost_bump_delays_a_change_by_max_age_at_most(pledge, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(lookup.time, "monotonic", lambda: clock[0])
    lookup.pledge(pledge.pk)
    type(pledge).objects.filter(pk=pledge.pk).update(goal=999)  # no bump reaches us
    clock[0] += lookup.MAX_AGE - 1
    assert lookup.pledge(pledge.pk).goal == 10
    clock[0] += 2
    assert lookup.pledge(pledge.pk).goal == 999


def test_moving_the_parent_moves_the_kept_pledge(pledge, site_tree):
    """A move changes the pledge's path (and so where it is public) without saving it."""
    home = site_tree["home"]
    section = home.add_child(instance=Page(title="Campaigns", slug="campaigns"))
    pledge.move(section, pos="last-child")
    kept = lookup.pledge(pledge.pk)
    archive = home.add_child(instance=Page(title="Archive", slug="archive"))
    section.move(archive, pos="last-child")
    pledge.refresh_from_db()
    assert lookup.pledge(pledge.pk).path == pledge.path != kept.path


def test_a_draft_pledge_is_not_public_but_is_found_for_its_links(pledge):
    pledge.unpublish()
    assert lookup.public_pledge(pledge.pk, Visibility()) is None
    assert lookup.pledge(pledge.pk).live is False
