"""Authenticator apps (TOTP) and recovery codes (static tokens) for staff."""

from base64 import b32encode

from django.db import transaction
from django.utils.safestring import mark_safe

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def unconfirmed_authenticator(user):
    """The authenticator being set up: the same key on every reload until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def confirm_authenticator(device, code):
    """Confirm a new authenticator with a code from it; the user's old ones go."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return True


def new_recovery_codes(user):
    """Replace the user's recovery codes; the caller shows them once, they are not kept in view."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def matching_device(user, code):
    """The device that accepts the code, or None. A recovery code works only once."""
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.devices_for_user(user, confirmed=True):
            # verify_token locks the device row, so two requests cannot spend one code.
            verified = django_otp.verify_token(user, device.persistent_id, code)
            if verified:
                return verified
    return None


def remove_all(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def qr_code_svg(device):
    # Inline SVG: no image request, no script, and a white ground for dark mode.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title="QR code for your authenticator app"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup, no user input in it


def secret_for_typing(device):
    """The key in base32, in groups of four, for apps that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
