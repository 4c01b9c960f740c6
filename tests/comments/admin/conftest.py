"""Staff for the Comments admin tests: a superuser, a member of the "Comment
moderators" group (made by the data migration) and a page editor who may not
moderate. The pending count is cached, so every test starts with an empty cache."""

from django.contrib.auth.models import Group, User
from django.core.cache import cache

from wagtail.models import GroupPagePermission

import pytest


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator(db):
    user = User.objects.create_user(
        "mod", "mod@example.org", "pw", first_name="Mo", last_name="Derator"
    )
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def editor(site_tree):
    """Wagtail's "Editors" group: pages, images, documents; nothing of comments."""
    user = User.objects.create_user("ed", "ed@example.org", "pw")
    group = Group.objects.get(name="Editors")
    assert GroupPagePermission.objects.filter(group=group).exists()
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client
