"""A signed-in commenter posts as themselves only when the request passes the CSRF check."""

import json

from django.test import Client

import pytest

from comments.models import ReaderComment
from comments.pipeline import gates
from tests.comments.helpers import CREATE, approve, comment_input, errors, form_token

pytestmark = pytest.mark.django_db
CSRF = "a" * 32


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(
        "grace", email="grace@example.org", first_name="Grace", last_name="Hopper"
    )


@pytest.fixture
def strict_client(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    client.cookies["csrftoken"] = CSRF
    return client


def create(client, story, gql, *, csrf=True, **fields):
    data = {
        "page": str(story.pk),
        "body": "Signed in and commenting.",
        "formToken": form_token(gql, story),
        **fields,
    }
    headers = {"HTTP_X_CSRFTOKEN": CSRF} if csrf else {}
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": CREATE, "variables": {"input": data}}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    return response.json()["data"]["createReaderComment"]


def test_a_signed_in_commenter_posts_with_their_account(story, gql, strict_client, reader):
    result = create(strict_client, story, gql)
    assert result["errors"] == []
    comment = ReaderComment.objects.get()
    assert (comment.user, comment.name, comment.email) == (
        reader,
        "Grace Hopper",
        "grace@example.org",
    )


def test_without_the_csrf_header_the_session_is_ignored(story, gql, strict_client):
    result = create(strict_client, story, gql, csrf=False)
    assert errors(result) == [("name", "REQUIRED"), ("email", "REQUIRED")]
    anonymous = create(
        strict_client,
        story,
        gql,
        csrf=False,
        **{k: v for k, v in comment_input(story).items() if k != "page"},
    )
    assert anonymous["errors"] == []
    assert ReaderComment.objects.get().user is None


def test_a_verified_account_earns_trust_after_one_approval(
    story, gql, strict_client, moderator, monkeypatch
):
    # The provider vouched for the address (allauth's verified EmailAddress).
    monkeypatch.setattr(
        gates, "account_identity", lambda user: ("Grace Hopper", "grace@example.org", True)
    )
    first = create(strict_client, story, gql)
    assert first["state"] == "PENDING_MODERATION"
    assert ReaderComment.objects.get().status_reason == "first_time"
    approve(ReaderComment.objects.get(), moderator)
    second = create(strict_client, story, gql, body="And again, published at once.")
    assert second["state"] == "PUBLISHED"
    assert second["comment"]["state"] == "PUBLISHED"


def test_an_unverified_account_earns_no_trust(story, gql, strict_client, moderator):
    create(strict_client, story, gql)
    approve(ReaderComment.objects.get(), moderator)
    second = create(strict_client, story, gql, body="Still held.")
    assert second["state"] == "PENDING_MODERATION"
