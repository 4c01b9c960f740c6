import datetime

from django.utils import timezone

import pytest

from tests.factories import CaseStudyPageFactory, StoryPageFactory


@pytest.fixture
def story(site_tree):
    # wagtail-factories leaves first_published_at empty; auto-closing counts from it.
    published = timezone.now() - datetime.timedelta(days=1)
    return StoryPageFactory(parent=site_tree["stories"], first_published_at=published)


@pytest.fixture
def case_study(site_tree):
    return CaseStudyPageFactory(parent=site_tree["case_studies"])
