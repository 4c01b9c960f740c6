"""The second sign-in step: a code from the authenticator app, or a recovery code."""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

import django_otp
from axes.handlers.proxy import AxesProxyHandler

from ..devices import matching_device
from ..forms import CodeForm
from ..lockout import lockout_response
from ..policy import VERIFY, pending_step


def next_url(request):
    """Where to go after this step: the page asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


class VerifyView(View):
    template_name = "adminauth/verify.html"

    def get(self, request):
        if pending_step(request.user) != VERIFY:
            return redirect(next_url(request))
        return self.render(CodeForm())

    def post(self, request):
        user = request.user
        if pending_step(user) != VERIFY:
            return redirect(next_url(request))
        # Wrong codes count against the same limit as wrong passwords, per
        # account and per address, so the password alone buys no more guesses.
        credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return self.locked_out(request)
        form = CodeForm(request.POST)
        if form.is_valid():
            device = matching_device(user, form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)
                return redirect(next_url(request))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if not AxesProxyHandler.is_allowed(request, credentials):
                return self.locked_out(request)
            form.add_error(
                "code",
                "That code is not right. Codes change every 30 seconds; a recovery "
                "code works only once.",
            )
        return self.render(form, status=400)

    def locked_out(self, request):
        logout(request)
        return lockout_response(request)

    def render(self, form, status=200):
        context = {"form": form, "next": next_url(self.request)}
        return render(self.request, self.template_name, context, status=status)
