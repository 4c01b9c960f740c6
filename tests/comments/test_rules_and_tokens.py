"""Block rules store normalised values and know when they apply; tokens are single-purpose."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from comments import tokens
from comments.models import BlockRule
from pledges.identity import hash_ip_prefix
from tests.factories import BlockRuleFactory, ReaderCommentFactory

Kind = BlockRule.Kind


@pytest.mark.django_db
def test_active_rules_exclude_paused_and_expired_ones():
    now = timezone.now()
    forever = BlockRuleFactory()
    later = BlockRuleFactory(expires_at=now + datetime.timedelta(days=1))
    BlockRuleFactory(expires_at=now - datetime.timedelta(seconds=1))
    BlockRuleFactory(active=False)
    assert set(BlockRule.objects.active()) == {forever, later}
    assert list(BlockRule.objects.active(now=now + datetime.timedelta(days=2))) == [forever]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        (Kind.EMAIL, " Jo.Bloggs+spam@gmail.com ", "jobloggs@gmail.com"),
        (Kind.DOMAIN, "@Spam.Example", "spam.example"),
        (Kind.KEYWORD, "  cheap pills ", "cheap pills"),
        (Kind.IP_PREFIX, "203.0.113.9", hash_ip_prefix("203.0.113.200")),
        (Kind.IP_PREFIX, "203.0.113.0/24", hash_ip_prefix("203.0.113.1")),
        (Kind.IP_PREFIX, "2001:db8:5::/48", hash_ip_prefix("2001:db8:5:1::1")),
    ],
)
def test_values_are_stored_normalised(kind, typed, stored):
    assert BlockRuleFactory(kind=kind, value=typed).value == stored


@pytest.mark.django_db
def test_a_ban_from_a_comment_keeps_its_prefix_hash(site_tree):
    from tests.factories import StoryPageFactory

    comment = ReaderCommentFactory(page=StoryPageFactory(parent=site_tree["stories"]))
    rule = BlockRuleFactory(kind=Kind.IP_PREFIX, value=comment.ip_prefix_hash)
    assert rule.value == comment.ip_prefix_hash


@pytest.mark.parametrize("typed", ["203.0.0.0/16", "example.com", ""])
def test_an_ip_rule_needs_an_address_or_a_standard_network(typed):
    rule = BlockRule(kind=Kind.IP_PREFIX, value=typed)
    with pytest.raises(ValidationError) as error:
        rule.clean()
    assert "value" in error.value.message_dict


def test_rule_text_never_shows_the_ip_hash():
    rule = BlockRule(kind=Kind.IP_PREFIX, value="a" * 32, action=BlockRule.Action.HOLD)
    assert "a" * 32 not in str(rule)


class Stub:
    pk = 42


@pytest.mark.parametrize(
    ("make", "read"),
    [
        (tokens.author_token, tokens.author_comment_id),
        (tokens.notify_confirm_token, tokens.notify_confirm_comment_id),
        (tokens.unsubscribe_token, tokens.unsubscribe_comment_id),
    ],
)
def test_comment_tokens_round_trip(make, read):
    assert read(make(Stub())) == 42
    assert read("garbage") is None


def test_tokens_are_not_interchangeable():
    assert tokens.author_comment_id(tokens.unsubscribe_token(Stub())) is None
    assert tokens.unsubscribe_comment_id(tokens.author_token(Stub())) is None


def test_author_token_expires_after_the_edit_window(settings, monkeypatch):
    token = tokens.author_token(Stub())
    window = settings.COMMENTS["AUTHOR_TOKEN_MAX_AGE"]
    assert window == 900
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + window + 1)
    assert tokens.author_comment_id(token) is None


def test_erasure_token_carries_the_canonical_email():
    token = tokens.erasure_token("Jo.Bloggs@GoogleMail.com")
    assert tokens.erasure_email(token) == "jobloggs@gmail.com"
    assert tokens.erasure_email(token + "x") is None
