import os

from wagtail.models import Page, Site

import pytest

from tests.factories import (
    CaseStudyIndexPageFactory,
    HomePageFactory,
    StoryIndexPageFactory,
)

if os.environ.get("MUTATE") == "1":
    # `make mutate`: copy a migrated-once database instead of migrating per run,
    # and judge each mutant by its own area's tests.
    from tests.mutate_db import django_db_modify_db_settings  # noqa: F401
    from tests.mutate_selection import pytest_collection_modifyitems  # noqa: F401


@pytest.fixture(autouse=True)
def _forget_sites():
    """Sites and pledges are kept in the process (cms/sites.py, pledges/lookup.py): a
    rolled-back test's copies must not linger."""
    from cms import sites
    from pledges import lookup

    sites.forget()
    lookup.forget()
    yield
    sites.forget()
    lookup.forget()


@pytest.fixture
def site_tree(db):
    """A home page as the default site's root, with story and case-study indexes."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for page in root.get_children():  # Wagtail's initial welcome page
        page.delete()
    home = HomePageFactory(parent=root, slug="home")
    site = Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    stories = StoryIndexPageFactory(parent=home)
    case_studies = CaseStudyIndexPageFactory(parent=home)
    return {"site": site, "home": home, "stories": stories, "case_studies": case_studies}


@pytest.fixture
def gql(client):
    from tests.graphql_client import run_query

    def run(query, variables=None, **kwargs):
        return run_query(client, query, variables, **kwargs)

    return run
