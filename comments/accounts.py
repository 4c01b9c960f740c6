"""Signing in to comment, through django-allauth: adapters and helpers.

Commenter accounts come only from a social or OpenID Connect provider
(`SOCIALACCOUNT_ONLY`): no local sign-up and no password. They never hold
the staff or superuser flag, a group or a permission, so Wagtail's admin
(which asks for `wagtailadmin.access_admin`) refuses them, and a provider
sign-in that lands on any other kind of account is refused. An email address
counts as verified only when the provider said so, at the latest sign-in.
"""

from django.conf import settings
from django.db import transaction
from django.shortcuts import render

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .models import Commenter


def providers_configured() -> bool:
    """Whether any sign-in provider is set up, i.e. whether to offer "Sign in to comment".

    Reads settings only (providers come from the environment), so a page can
    ask on every render without a query.
    """
    return any(provider.get("APPS") for provider in settings.SOCIALACCOUNT_PROVIDERS.values())


def is_commenter(user) -> bool:
    """A signed-in account made by signing in to comment, still without any privilege."""
    if not getattr(user, "is_authenticated", False) or user.is_staff or user.is_superuser:
        return False
    return Commenter.objects.filter(user=user).exists()


def verified_email(user) -> str | None:
    """The commenter's email if their provider said it is verified, else None.

    The primary address first; another verified one (GitHub reports several) if not.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    address = (
        EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").first()
    )
    return address.email if address else None


def _strip_privileges(user):
    user.is_staff = False
    user.is_superuser = False


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # No local accounts at all; the social adapter decides for providers.
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        _strip_privileges(user)
        return user

    def save_user(self, request, sociallogin, form=None):
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            _strip_privileges(user)
            user.save(update_fields=["is_staff", "is_superuser"])
            user.groups.clear()
            user.user_permissions.clear()
            Commenter.objects.get_or_create(user=user)
        return user

    def pre_social_login(self, request, sociallogin):
        """Refuse a provider sign-in to anything but a plain commenter account.

        For a returning commenter, record what the provider says now about
        each address: a verification it withdrew no longer counts.
        """
        if not sociallogin.is_existing:
            return
        user = sociallogin.user
        if not is_commenter(user) or user.groups.exists() or user.user_permissions.exists():
            response = render(
                request, "socialaccount/authentication_error.html", {"refused": True}, status=403
            )
            raise ImmediateHttpResponse(response)
        for address in sociallogin.email_addresses:
            EmailAddress.objects.update_or_create(
                user=user,
                email__iexact=address.email,
                defaults={"email": address.email, "verified": bool(address.verified)},
            )
