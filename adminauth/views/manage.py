"""Setting up, renewing and turning off two-factor authentication in the admin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import django_otp

from ..devices import (
    confirm_authenticator,
    new_recovery_codes,
    qr_code_svg,
    recovery_codes_left,
    remove_all,
    secret_for_typing,
    unconfirmed_authenticator,
)
from ..forms import NewAuthenticatorCodeForm
from ..policy import requires_two_factor

MANAGE_URL = reverse_lazy("adminauth_manage")


class TwoFactorPage(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Two-factor authentication"
    header_icon = "key"
    breadcrumbs_items = []


class ManageView(TwoFactorPage):
    template_name = "adminauth/manage.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            has_authenticator=django_otp.user_has_device(user, confirmed=True),
            required=requires_two_factor(user),
            codes_left=recovery_codes_left(user),
            **kwargs,
        )


class EnrolView(TwoFactorPage):
    """Scan a QR code, confirm with a code; recovery codes are shown once, here."""

    template_name = "adminauth/enrol.html"
    page_subtitle = "Set up"

    def get_context_data(self, **kwargs):
        device = unconfirmed_authenticator(self.request.user)
        return super().get_context_data(
            qr_code=qr_code_svg(device),
            secret=secret_for_typing(device),
            required=requires_two_factor(self.request.user),
            **kwargs,
        )

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=NewAuthenticatorCodeForm()))

    def post(self, request):
        form = NewAuthenticatorCodeForm(request.POST)
        device = unconfirmed_authenticator(request.user)
        if form.is_valid():
            if confirm_authenticator(device, form.cleaned_data["code"]):
                # This session has just proved it holds the device.
                django_otp.login(request, device)
                return show_recovery_codes(request, first_time=True)
            form.add_error("code", "That code is not right. Check the time on your phone.")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RecoveryCodesView(TwoFactorPage):
    """POST only: new recovery codes replace the old ones."""

    http_method_names = ["post"]

    def post(self, request):
        if not django_otp.user_has_device(request.user, confirmed=True):
            return redirect(MANAGE_URL)
        return show_recovery_codes(request, first_time=False)


class DisableView(TwoFactorPage):
    http_method_names = ["post"]

    def post(self, request):
        if requires_two_factor(request.user):
            messages.error(
                request,
                "One of your groups requires two-factor authentication, so it stays on.",
            )
        else:
            remove_all(request.user)
            messages.success(request, "Two-factor authentication is off for your account.")
        return redirect(MANAGE_URL)


def show_recovery_codes(request, first_time):
    # Rendered straight from the POST, never stored for a later page: once
    # this page is gone, nobody (the user included) can see the codes again.
    view = TwoFactorPage(template_name="adminauth/recovery_codes.html")
    view.setup(request)
    context = view.get_context_data(
        codes=new_recovery_codes(request.user),
        first_time=first_time,
        done_url=reverse("wagtailadmin_home") if first_time else MANAGE_URL,
    )
    # Wagtail's admin URLs already send Cache-Control: no-store.
    return view.render_to_response(context)
