"""The one comment form: the HTML view and `createReaderComment` both validate with it."""

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator
from django.utils import timezone

from .render import normalise_line, normalise_text

FORM_TOKEN_SALT = "comments.form"  # noqa: S105 - a salt, not a secret

# Outcomes of `check_form_token` (not secrets).
TOKEN_OK = "ok"  # noqa: S105
TOKEN_TOO_FAST = "too_fast"  # noqa: S105
TOKEN_EXPIRED = "expired"  # noqa: S105
TOKEN_BAD = "bad"  # noqa: S105


def form_token(page_id):
    """A signed note of which page's form was served, and when."""
    return signing.dumps({"p": int(page_id), "t": timezone.now().timestamp()}, salt=FORM_TOKEN_SALT)


def check_form_token(token, page_id):
    """TOKEN_OK, or why not: too soon after serving, too old, or not ours for this page."""
    try:
        data = signing.loads(
            token or "", salt=FORM_TOKEN_SALT, max_age=settings.COMMENTS["FORM_TOKEN_MAX_AGE"]
        )
    except signing.SignatureExpired:
        return TOKEN_EXPIRED
    except signing.BadSignature:
        return TOKEN_BAD
    if not isinstance(data, dict) or data.get("p") != page_id:
        return TOKEN_BAD
    age = timezone.now().timestamp() - float(data.get("t", 0))
    if age < settings.COMMENTS["FORM_TOKEN_MIN_SECONDS"]:
        return TOKEN_TOO_FAST
    return TOKEN_OK


# Quotes, angle brackets and backticks are legal in few real addresses and are
# how a value breaks out of an attribute; refuse them rather than rely on
# every consumer escaping.
UNSAFE_URL_CHARACTERS = set("\"'<>`\\")


WEBSITE_MESSAGE = "Enter a web address starting with http:// or https://, or leave it empty."


def validate_website(value):
    URLValidator(schemes=["http", "https"], message=WEBSITE_MESSAGE)(value)
    if UNSAFE_URL_CHARACTERS & set(value):
        raise forms.ValidationError(WEBSITE_MESSAGE, code="invalid")


class WebsiteField(forms.CharField):
    """An http(s) address; "example.org" is taken to mean https://example.org."""

    widget = forms.URLInput
    default_validators = [validate_website]

    def to_python(self, value):
        value = super().to_python(value).strip()
        if value and "://" not in value and ":" not in value.split("/", 1)[0]:
            value = f"https://{value}"
        return value


class BodyField(forms.CharField):
    """The comment text: normalised first, so whitespace alone counts as empty."""

    def to_python(self, value):
        return normalise_text(value)

    def validate(self, value):
        if not value:
            raise forms.ValidationError("Write your comment.", code="required")
        limit = settings.COMMENTS["MAX_LENGTH"]
        if len(value) > limit:
            raise forms.ValidationError(
                f"Comments can be at most {limit} characters long; this one has {len(value)}.",
                code="too_long",
                params={"limit": limit},
            )


class NameField(forms.CharField):
    def to_python(self, value):
        return normalise_line(value)


class CommentForm(forms.Form):
    """Name, email, website and the comment, with the bot traps beside them.

    Pass `user` for a signed-in commenter: their name and email come from the
    account, so neither field is required of them.
    """

    page = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    name = NameField(label="Name", max_length=80, required=False)
    email = forms.EmailField(label="Email (never shown)", max_length=254, required=False)
    website = WebsiteField(label="Website (optional)", max_length=300, required=False)
    body = BodyField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    notify_replies = forms.BooleanField(label="Email me about replies", required=False)
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
    challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    # People never see this field (the frontend hides it); bots fill it in.
    homepage = forms.CharField(label="Leave this empty", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["body"].widget.attrs["maxlength"] = settings.COMMENTS["MAX_LENGTH"]
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["website"].widget.attrs.update(autocomplete="url")
        self.fields["homepage"].widget.attrs.update(autocomplete="off", tabindex="-1")
        for name, field in self.fields.items():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-describedby", f"error-{name}")

    def clean(self):
        cleaned = super().clean()
        if self.user is None:
            if not cleaned.get("name") and "name" not in self.errors:
                self.add_error("name", forms.ValidationError("Enter your name.", code="required"))
            if not cleaned.get("email") and "email" not in self.errors:
                self.add_error(
                    "email", forms.ValidationError("Enter your email address.", code="required")
                )
        return cleaned


class ErasureRequestForm(forms.Form):
    """ "Erase my comments": the address whose comments should go."""

    email = forms.EmailField(
        label="The email address you commented with",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "aria-describedby": "error-email"}),
    )
