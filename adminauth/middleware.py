from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject

from .policy import ENROL, VERIFY, admin_prefixes, pending_step

# What a user half-way through signing in may still open: the step itself,
# signing out (or in as someone else), and the assets those pages load.
ALWAYS_OPEN = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}
OPEN_DURING = {
    VERIFY: ALWAYS_OPEN | {"adminauth_verify"},
    ENROL: ALWAYS_OPEN | {"adminauth_enrol"},
}


class TwoFactorMiddleware:
    """Hold staff who owe a second step at that step.

    In the admin every other page redirects to the step; anywhere else the
    user counts as signed out, so a password alone opens nothing (private
    documents, previews) outside the admin either. Goes after django-otp's
    OTPMiddleware, which says whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefixes()):
            step = pending_step(request.user)
            if step and url_name(request) not in OPEN_DURING[step]:
                return redirect_to_login(request.get_full_path(), reverse(f"adminauth_{step}"))
        else:
            user = request.user
            request.user = SimpleLazyObject(lambda: AnonymousUser() if pending_step(user) else user)
        return self.get_response(request)


def url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
