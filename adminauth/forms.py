from django import forms
from django.template.loader import render_to_string

from .models import GroupTwoFactorPolicy


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        # People copy codes with spaces or dashes ("123 456", "abcd-efgh").
        return "".join(ch for ch in self.cleaned_data["code"] if ch.isalnum()).lower()


class NewAuthenticatorCodeForm(CodeForm):
    """While setting up, only the app's code will do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "The 6-digit code the app shows now."


class GroupTwoFactorForm(forms.Form):
    """The "Two-factor authentication" panel on the admin's group edit page."""

    required = forms.BooleanField(
        label="Require two-factor authentication",
        required=False,
        help_text=(
            "Members must set up an authenticator app before they can use the admin, "
            "and enter a code from it each time they sign in."
        ),
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and instance.pk is not None:
            policy = GroupTwoFactorPolicy.objects.filter(group=instance).first()
            kwargs["initial"] = {"required": bool(policy and policy.required)}
        kwargs.setdefault("prefix", "two_factor")
        super().__init__(*args, **kwargs)

    def save(self):
        # The group view saves the group before its panels, so it has a pk here.
        GroupTwoFactorPolicy.objects.update_or_create(
            group=self.instance, defaults={"required": self.cleaned_data["required"]}
        )

    def as_admin_panel(self):
        return render_to_string("adminauth/group_panel.html", {"form": self})
