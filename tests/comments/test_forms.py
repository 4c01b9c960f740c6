"""CommentForm and the form token: field rules shared by the mutation and the HTML form."""

import datetime

from django.utils import timezone

import pytest

from comments.forms import (
    FORM_TOKEN_SALT,
    TOKEN_BAD,
    TOKEN_EXPIRED,
    TOKEN_OK,
    TOKEN_TOO_FAST,
    CommentForm,
    check_form_token,
    form_token,
)
from tests.comments.helpers import aged_token

VALID = {"name": "Ada", "email": "ada@example.org", "body": "Hello"}


def codes(form):
    return {
        name: [error["code"] for error in errors]
        for name, errors in form.errors.get_json_data().items()
    }


@pytest.mark.parametrize(
    "changes,expected",
    [
        ({}, {}),
        ({"body": ""}, {"body": ["required"]}),
        ({"body": " \n\t \n "}, {"body": ["required"]}),
        ({"body": "\u202e\x00"}, {"body": ["required"]}),
        ({"body": "x" * 5001}, {"body": ["too_long"]}),
        ({"name": ""}, {"name": ["required"]}),
        ({"name": "   "}, {"name": ["required"]}),
        ({"name": "n" * 81}, {"name": ["max_length"]}),
        ({"email": ""}, {"email": ["required"]}),
        ({"email": "not-an-email"}, {"email": ["invalid"]}),
        ({"website": "javascript:alert(1)"}, {"website": ["invalid"]}),
        ({"website": "data:text/html,<script>alert(1)</script>"}, {"website": ["invalid"]}),
        ({"website": "ftp://example.org/"}, {"website": ["invalid"]}),
        ({"website": 'https://example.org/"onmouseover="alert(1)'}, {"website": ["invalid"]}),
        ({"website": "https://example.org/<script>"}, {"website": ["invalid"]}),
        ({"website": "https://example.org/path?q=1"}, {}),
        ({"parent": "abc"}, {"parent": ["invalid"]}),
    ],
)
def test_field_rules(changes, expected):
    form = CommentForm({**VALID, **changes})
    form.is_valid()
    assert codes(form) == expected


def test_too_long_says_the_limit(settings):
    settings.COMMENTS = {**settings.COMMENTS, "MAX_LENGTH": 20}
    form = CommentForm({**VALID, "body": "y" * 21})
    assert not form.is_valid()
    assert "20" in form.errors["body"][0]


def test_length_is_counted_after_trimming(settings):
    settings.COMMENTS = {**settings.COMMENTS, "MAX_LENGTH": 5}
    assert CommentForm({**VALID, "body": "  hello \n\n\n"}).is_valid()


def test_a_bare_domain_is_taken_as_https():
    form = CommentForm({**VALID, "website": "example.org"})
    assert form.is_valid()
    assert form.cleaned_data["website"] == "https://example.org"


def test_signed_in_commenters_need_neither_name_nor_email(django_user_model, db):
    user = django_user_model(username="reader")
    assert CommentForm({"body": "Hi"}, user=user).is_valid()


def test_labels_are_the_contract_ones():
    labels = {name: field.label for name, field in CommentForm().fields.items()}
    assert labels["name"] == "Name"
    assert labels["email"] == "Email (never shown)"
    assert labels["website"] == "Website (optional)"
    assert labels["body"] == "Comment"
    assert labels["notify_replies"] == "Email me about replies"


def _token_made(seconds_ago, page_id=7):
    made = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return aged_token({"p": page_id, "t": made.timestamp()}, FORM_TOKEN_SALT, seconds_ago)


@pytest.mark.parametrize(
    "token,expected",
    [
        (lambda: form_token(7), TOKEN_TOO_FAST),
        (lambda: _token_made(1), TOKEN_TOO_FAST),
        (lambda: _token_made(60), TOKEN_OK),
        (lambda: _token_made(60 * 60 * 24 + 5), TOKEN_EXPIRED),
        (lambda: form_token(8), TOKEN_BAD),
        (lambda: "", TOKEN_BAD),
        (lambda: "forged:token", TOKEN_BAD),
        (lambda: aged_token({"p": 7, "t": 0}, "another.salt", 60), TOKEN_BAD),
    ],
)
def test_form_token_ages(settings, token, expected):
    settings.COMMENTS = {**settings.COMMENTS, "FORM_TOKEN_MIN_SECONDS": 3}
    assert check_form_token(token(), 7) == expected
