"""Who must pass a second step, and what is left for them to do."""

from django.conf import settings
from django.urls import reverse

import django_otp

VERIFY = "verify"
ENROL = "enrol"


def requires_two_factor(user):
    """True when one of the user's groups requires two-factor authentication."""
    return user.groups.filter(two_factor_policy__required=True).exists()


def pending_step(user):
    """The step a signed-in user still owes (VERIFY or ENROL), or None.

    Anyone with an authenticator must use it, required or not; a member of a
    group that requires one, and has none yet, must set one up.
    """
    if not user.is_authenticated or user.is_verified():
        return None
    if django_otp.user_has_device(user, confirmed=True):
        return VERIFY
    if requires_two_factor(user):
        return ENROL
    return None


def admin_prefixes():
    prefixes = [reverse("wagtailadmin_home")]
    if settings.DJANGO_ADMIN_ENABLED:
        prefixes.append("/django-admin/")
    return tuple(prefixes)
