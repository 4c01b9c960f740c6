"""Forms for the Pledges admin: reasons for staff decisions, bulk invalidation, embed options."""

import ipaddress
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from wagtail.admin.widgets import AdminDateTimeInput

from pledges.contrast import validate_accent
from pledges.embed_code import THEMES, VARIANTS
from pledges.identity import hash_ip
from pledges.models import PledgePage

FULL_HASH_LENGTH = 32  # what identity.hash_ip keeps
HASH_RE = re.compile(r"^[0-9a-f]{8,32}$")
DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the signature and quoted in the email to the council's contact.",
    )


class InvalidateForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with each signature, for the record. Nobody is emailed.",
    )


class ConfirmForm(forms.Form):
    """Verifying asks for nothing more than a yes; a bulk action still needs a form."""


class InvalidationForm(forms.Form):
    """Which signatures of one pledge to invalidate: every criterion given must match."""

    pledge = forms.ModelChoiceField(queryset=PledgePage.objects.order_by("title"))
    ip = forms.CharField(
        required=False,
        label="IP hash or address",
        help_text="The hash prefix shown in the admin (at least 8 characters), the whole hash, "
        "or an IP address from a server log (we hash it the same way).",
    )
    email_domain = forms.CharField(
        required=False,
        help_text="spam.example matches @spam.example and its subdomains, such as @mx.spam.example.",
    )
    signed_from = forms.DateTimeField(
        required=False, widget=AdminDateTimeInput, label="Signed from"
    )
    signed_to = forms.DateTimeField(required=False, widget=AdminDateTimeInput, label="Signed to")
    reason = forms.CharField(
        max_length=200,
        initial="Invalid signature (bulk invalidation)",
        help_text="Kept with each signature, for the record.",
    )

    def clean_ip(self):
        value = self.cleaned_data["ip"].strip().lower()
        if not value:
            return ""
        try:
            return hash_ip(str(ipaddress.ip_address(value)))
        except ValueError:
            pass
        value = value.rstrip("…").rstrip(".")
        if not HASH_RE.match(value):
            raise ValidationError(
                "Enter an IP address, or at least 8 characters of an IP hash (0-9, a-f)."
            )
        return value

    def clean_email_domain(self):
        domain = self.cleaned_data["email_domain"].strip().lower().lstrip("@")
        if domain and not DOMAIN_RE.match(domain):
            # At least two labels: "com" alone would match every .com address.
            raise ValidationError("Enter a domain such as spam.example.")
        return domain

    def clean(self):
        cleaned = super().clean()
        if self.errors:  # a field's own error says more than anything below
            return cleaned
        start, end = cleaned.get("signed_from"), cleaned.get("signed_to")
        if bool(start) != bool(end):
            raise ValidationError("Give both ends of the time window, or neither.")
        if start and end <= start:
            self.add_error("signed_to", "The window must end after it starts.")
        if not (cleaned.get("ip") or cleaned.get("email_domain") or start):
            raise ValidationError(
                "Give an IP hash, an email domain or a time window: "
                "a whole pledge is never invalidated at once."
            )
        return cleaned

    def ip_is_prefix(self):
        return 0 < len(self.cleaned_data.get("ip", "")) < FULL_HASH_LENGTH

    def matches(self, queryset):
        """Narrow `queryset` (one pledge's signatures) to those the criteria match."""
        data = self.cleaned_data
        queryset = queryset.filter(pledge=data["pledge"])
        if ip := data.get("ip"):
            lookup = "ip_hash__startswith" if self.ip_is_prefix() else "ip_hash"
            queryset = queryset.filter(**{lookup: ip})
        if domain := data.get("email_domain"):
            queryset = queryset.filter(
                Q(email__iendswith=f"@{domain}") | Q(email__iendswith=f".{domain}")
            )
        if data.get("signed_from") and data.get("signed_to"):
            queryset = queryset.filter(
                created_at__gte=data["signed_from"], created_at__lt=data["signed_to"]
            )
        return queryset


VARIANT_LABELS = {
    "full": "Full: the statement and the form",
    "compact": "Compact: the summary and the form",
    "counter": "Counter: the count, the progress bar and a button to sign",
}
THEME_LABELS = {
    "auto": "Automatic: follow the visitor's light or dark setting",
    "light": "Light",
    "dark": "Dark",
}


class EmbedForm(forms.Form):
    """The options of a partner's widget code; a GET form, so a link can share a choice."""

    pledge = forms.ModelChoiceField(
        queryset=PledgePage.objects.none(),
        empty_label=None,
        help_text="Only published pledges can be embedded.",
    )
    variant = forms.ChoiceField(
        choices=[(name, VARIANT_LABELS[name]) for name in VARIANTS],
        help_text="Partners ask most for the counter, which fits a sidebar.",
    )
    theme = forms.ChoiceField(choices=[(name, THEME_LABELS[name]) for name in THEMES])
    accent = forms.CharField(
        required=False,
        max_length=7,
        label="Accent colour",
        validators=[validate_accent],
        help_text="#RRGGBB for the buttons and progress bar; leave empty for ours. It must be "
        "dark enough for white text (AA contrast).",
        widget=forms.TextInput(attrs={"placeholder": "#0b6e4f", "size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = PledgePage.objects.live().public().order_by("title")

    def options(self):
        """The cleaned choices as embed_code keyword arguments."""
        return {name: self.cleaned_data[name] for name in ("variant", "accent", "theme")}
