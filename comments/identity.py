"""Who a signed-in commenter is, from their account (django-allauth when installed)."""

from django.apps import apps


def account_identity(user):
    """(name, email, verified) for a signed-in commenter.

    A verified address is one the sign-in provider or allauth's own email
    confirmation vouched for; only that counts towards trust. Without one the
    account's plain email is used, unverified.
    """
    # Never the username: allauth may derive it from the email address.
    name = (user.get_full_name() or "").strip()[:80]
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        address = (
            EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").first()
        )
        if address is not None:
            return name, address.email, True
    return name, user.email or "", False
