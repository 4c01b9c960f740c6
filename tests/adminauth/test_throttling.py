"""Admin login throttling (django-axes) through Wagtail's own login view."""

import datetime
import io

from django.core.management import call_command

import pytest
from axes.models import AccessAttempt

from .conftest import PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts"


def fail(client, username, times, ip="198.51.100.7", **extra):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", ip=ip, **extra)
        assert response.status_code in (200, 429)
    return response


def test_a_few_wrong_passwords_still_let_the_right_one_in(client, editor):
    fail(client, "editor", 4)
    response = sign_in(client, "editor")
    assert response.status_code == 302 and signed_in(client)


def test_the_account_locks_after_five_wrong_passwords_even_for_the_right_one(client, editor):
    fail(client, "editor", 5)
    response = sign_in(client, "editor")
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    # The Wagtail login page itself, with the reason in its message area.
    assert 'class="login-form"' in page and LOCKED in page and "15 minutes" in page


def test_per_account_guesses_spread_over_addresses_still_lock_it(client, editor):
    for number in range(5):
        fail(client, "editor", 1, ip=f"203.0.113.{number + 1}")
    response = sign_in(client, "editor", ip="203.0.113.99")
    assert response.status_code == 429 and not signed_in(client)


def test_per_address_guesses_spread_over_accounts_lock_the_address(client, editor):
    for number in range(5):
        fail(client, f"someone{number}", 1, ip="203.0.113.50")
    assert sign_in(client, "editor", ip="203.0.113.50").status_code == 429
    # The account itself is not locked: from elsewhere its owner gets in.
    assert sign_in(client, "editor", ip="203.0.113.51").status_code == 302


def test_behind_a_proxy_the_address_is_the_forwarded_client(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for number in range(5):
        # A client's own X-Forwarded-For entries are ignored: only the hop the
        # proxy appended counts, as in pledges.identity.client_ip.
        fail(
            client,
            f"someone{number}",
            1,
            ip=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.60",
        )
    attempt = AccessAttempt.objects.filter(username="someone0").get()
    assert attempt.ip_address == "203.0.113.60"
    locked = sign_in(client, "editor", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.60")
    assert locked.status_code == 429
    # Another reader behind the same proxy is not locked out with them.
    other = sign_in(client, "editor", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.61")
    assert other.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, editor, settings):
    fail(client, "editor", 5)
    assert sign_in(client, "editor").status_code == 429
    past = AccessAttempt.objects.all()[0].attempt_time - settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=past - datetime.timedelta(seconds=1))
    assert sign_in(client, "editor").status_code == 302


def test_axes_reset_unlocks_an_account(client, editor):
    fail(client, "editor", 5)
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    call_command("axes_reset_ip", "198.51.100.7", stdout=io.StringIO())
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
