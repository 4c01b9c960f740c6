"""What a locked-out sign-in sees: the admin login page with a plain message."""

from django.conf import settings
from django.template.response import TemplateResponse

from wagtail.admin.views.account import LoginView


def lockout_message():
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return (
        "Too many failed sign-in attempts for this account or from this address. "
        f"Signing in is locked for {minutes} minutes, even with the right password: "
        "try again later, or ask an administrator to unlock it."
    )


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page, status 429, with the reason above the form.

    Used for the password step and the code step alike, so staff see one
    message wherever the limit was reached.
    """
    view = LoginView()
    view.setup(request)
    context = view.get_context_data(
        form=view.get_form_class()(request), lockout_message=lockout_message()
    )
    response = TemplateResponse(request, "adminauth/login_locked.html", context, status=429)
    return response.render()
