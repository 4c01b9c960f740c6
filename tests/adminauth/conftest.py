"""Staff accounts and sign-in helpers for the admin security tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-staff-passphrase"
LOGIN_URL = "/admin/login/"


@pytest.fixture
def editor(db):
    """A non-superuser with admin access through Wagtail's own "Editors" group."""
    user = get_user_model().objects.create_user("editor", "editor@example.invalid", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def authenticator(editor):
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def current_code(device):
    """The code the user's app shows now, computed from the device key."""
    device.refresh_from_db()
    return str(
        totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
        )
    ).zfill(device.digits)


def sign_in(client, username, password=PASSWORD, ip="198.51.100.7", **extra):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def signed_in(client):
    return "_auth_user_id" in client.session
