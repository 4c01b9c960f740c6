"""The one signing form: the pledge page's HTML form and `signPledge` both use it."""

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone

from core.models import LocalAuthority

from .identity import canonical_email
from .models import Signature

FORM_TOKEN_SALT = "pledges.form"  # noqa: S105 - a salt, not a secret


def form_token(pledge_id):
    """A signed note of when the form was served, for the minimum fill time."""
    return signing.dumps({"p": pledge_id, "t": timezone.now().timestamp()}, salt=FORM_TOKEN_SALT)


def form_age(token, pledge_id):
    """Seconds since the form was served, or None if the token is not ours."""
    try:
        data = signing.loads(
            token, salt=FORM_TOKEN_SALT, max_age=settings.PLEDGES["FORM_TOKEN_MAX_AGE"]
        )
    except signing.BadSignature:
        return None
    if data.get("p") != pledge_id:
        return None
    return timezone.now().timestamp() - data["t"]


# Fields each kind of signer fills in, beyond the consents.
FIELDS_BY_TYPE = {
    Signature.SignerType.INDIVIDUAL: ("name", "email", "postcode"),
    Signature.SignerType.ORGANISATION: ("organisation", "name", "role", "email", "local_authority"),
    Signature.SignerType.COUNCIL: (
        "local_authority",
        "name",
        "role",
        "email",
        "cabinet_champion",
        "leadership_champion",
        "endorsement",
    ),
}
REQUIRED_BY_TYPE = {
    Signature.SignerType.INDIVIDUAL: {"name", "email"},
    Signature.SignerType.ORGANISATION: {"organisation", "name", "role", "email"},
    Signature.SignerType.COUNCIL: {
        "local_authority",
        "name",
        "role",
        "email",
        "cabinet_champion",
        "leadership_champion",
        "endorsement",
    },
}
NOT_ALLOWED_MESSAGE = "This pledge is not for you to sign as that."
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


class SignatureForm(forms.ModelForm):
    # Bot traps: a field people never see, and the signed time the form was served.
    website = forms.CharField(required=False, label="Leave this empty")
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    partner_slug = forms.SlugField(required=False, widget=forms.HiddenInput)
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.all(),
        required=False,
        to_field_name="gss_code",
        label="Council",
        empty_label="Choose a council",
    )

    class Meta:
        model = Signature
        fields = [
            "signer_type",
            "name",
            "email",
            "organisation",
            "role",
            "local_authority",
            "postcode",
            "cabinet_champion",
            "leadership_champion",
            "endorsement",
            "endorsement_detail",
            "show_name",
            "send_updates",
            *UTM_FIELDS,
        ]
        labels = {
            "signer_type": "I am signing as",
            "name": "Your name",
            "email": "Email address",
            "organisation": "Organisation name",
            "role": "Your role",
            "postcode": "Postcode (optional)",
            "cabinet_champion": "Cabinet Keep it Local champion",
            "leadership_champion": "Senior leadership Keep it Local champion",
            "endorsement": "How the council endorsed the principles",
            "endorsement_detail": "Tell us more (optional)",
            "show_name": "Show my name (or my organisation's) on the list of supporters",
            "send_updates": "Send me campaign updates by email",
        }
        widgets = {
            "signer_type": forms.RadioSelect,
            **dict.fromkeys(UTM_FIELDS, forms.HiddenInput),
        }

    def __init__(self, *args, allowed_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_types = list(
            allowed_types or [choice for choice, _ in Signature.SignerType.choices]
        )
        self.fields["signer_type"].choices = [
            (value, label)
            for value, label in Signature.SignerType.choices
            if value in self.allowed_types
        ]
        self.fields["signer_type"].error_messages["invalid_choice"] = NOT_ALLOWED_MESSAGE
        if len(self.allowed_types) == 1:
            self.fields["signer_type"].initial = self.allowed_types[0]
        for name in (
            "name",
            "email",
            "organisation",
            "role",
            "cabinet_champion",
            "leadership_champion",
        ):
            self.fields[name].required = False
        self.fields["endorsement"].choices = [("", "Choose one"), *Signature.Endorsement.choices]
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["postcode"].widget.attrs.update(autocomplete="postal-code")
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        for name, field in self.fields.items():
            if not field.widget.is_hidden and name != "signer_type":
                field.widget.attrs.setdefault("aria-describedby", f"error-{name}")

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data.get("postcode", "").upper().split())
        compact = postcode.replace(" ", "")
        if postcode and not (
            5 <= len(compact) <= 7 and compact[:1].isalpha() and compact[-3:-2].isdigit()
        ):
            raise forms.ValidationError("Enter a UK postcode, like LS1 4AP.", code="invalid")
        return postcode

    def clean(self):
        cleaned = super().clean()
        signer_type = cleaned.get("signer_type")
        if signer_type and signer_type not in self.allowed_types:
            self.add_error(
                "signer_type",
                forms.ValidationError(NOT_ALLOWED_MESSAGE, code="not_allowed"),
            )
            return cleaned
        for name in REQUIRED_BY_TYPE.get(signer_type, ()):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    forms.ValidationError(
                        f"Enter {self.fields[name].label.lower()}.", code="required"
                    ),
                )
        if cleaned.get("endorsement") == Signature.Endorsement.OTHER and not cleaned.get(
            "endorsement_detail"
        ):
            self.add_error(
                "endorsement_detail",
                forms.ValidationError(
                    "Tell us how the council endorsed the principles.", code="required"
                ),
            )
        # Keep only what this kind of signer fills in.
        keep = set(FIELDS_BY_TYPE.get(signer_type, ()))
        if signer_type == Signature.SignerType.COUNCIL:
            keep.add("endorsement_detail")
        for name in (
            "organisation",
            "role",
            "local_authority",
            "postcode",
            "cabinet_champion",
            "leadership_champion",
            "endorsement",
            "endorsement_detail",
        ):
            if name not in keep and name in cleaned:
                cleaned[name] = None if name == "local_authority" else ""
        if cleaned.get("email"):
            cleaned["email_canonical"] = canonical_email(cleaned["email"])
        return cleaned
