from django.urls import include, path, reverse

from wagtail import hooks

from . import urls
from .forms import GroupTwoFactorForm


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("", include(urls))]


@hooks.register("register_group_permission_panel")
def register_two_factor_policy_panel():
    return GroupTwoFactorForm


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("adminauth_manage"),
        "label": "Two-factor authentication",
        "help_text": "Sign in with a code from an authenticator app as well as your password.",
    }
