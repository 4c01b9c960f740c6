"""Signed-in commenters: the form offers sign-in, then comments under the account."""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from cms.settings.base import social_providers
from comments.models import Commenter, ReaderComment
from tests.frontend.comments_helpers import hidden_value, latest_comment, page_html, section


@pytest.fixture
def provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = social_providers(
        {
            "OIDC_PROVIDERS": '[{"id": "local", "name": "Local ID", "server_url": '
            '"http://127.0.0.1:9", "client_id": "kil", "secret": "not-a-secret"}]'
        }
    )


@pytest.fixture
def commenter(db):
    user = get_user_model().objects.create_user(
        "gwen-1234", email="gwen@example.org", first_name="Gwen", last_name="Jones"
    )
    Commenter.objects.create(user=user)
    EmailAddress.objects.create(user=user, email="gwen@example.org", verified=True, primary=True)
    return user


def test_no_sign_in_link_without_a_provider(story, client):
    assert "Sign in to comment" not in page_html(client, story.url)


def test_sign_in_link_returns_to_the_comments(story, client, provider):
    text = section(page_html(client, story.url))
    link = re.search(r'<a href="([^"]+)">Sign in to comment</a>', text).group(1)
    assert link == f"{reverse('account_login')}?next={story.url.replace('/', '%2F')}%23comments"


def test_signed_in_commenters_comment_as_themselves(story, client, provider, commenter):
    client.force_login(commenter)
    text = section(page_html(client, story.url))
    assert "Commenting as <strong>Gwen Jones</strong>" in text
    assert f'href="{reverse("account_logout")}?next=' in text
    assert 'name="email"' not in text and 'name="name"' not in text
    assert "Sign in to comment" not in text
    assert 'name="csrfmiddlewaretoken"' in text  # the page is personal, never cached


def test_a_signed_in_post_needs_the_csrf_token_and_uses_the_account(story, provider, commenter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(commenter)
    text = page_html(client, story.url)
    data = {
        "page": hidden_value(text, "page"),
        "form_token": hidden_value(text, "form_token"),
        "body": "Signed-in words",
    }
    url = reverse("comments:post", args=[story.pk])
    assert client.post(url, data).status_code == 403
    assert not ReaderComment.objects.exists()

    data["csrfmiddlewaretoken"] = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', text
    ).group(1)
    response = client.post(url, data)
    assert response.status_code == 303
    comment = latest_comment()
    assert (comment.user, comment.name, comment.email) == (
        commenter,
        "Gwen Jones",
        "gwen@example.org",
    )
    assert comment.email_verified


def test_a_signed_in_account_without_a_name_is_asked_for_one(story, client, commenter):
    commenter.first_name = commenter.last_name = ""
    commenter.save()
    client.force_login(commenter)
    text = section(page_html(client, story.url))
    assert "You are signed in" in text
    assert 'name="name"' in text and 'name="email"' not in text
