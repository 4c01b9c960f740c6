"""Forms for moderators' decisions: a note for the record, and bans."""

from django import forms

from comments.models import BlockRule


class NoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: why, for other moderators. Kept in the comment's history; "
        "the commenter never sees it.",
    )


class BanForm(NoteForm):
    kind = forms.ChoiceField(
        label="Ban by",
        choices=[
            (BlockRule.Kind.EMAIL, "Email address"),
            (BlockRule.Kind.IP_PREFIX, "IP range (the /24 or /48 network)"),
        ],
        initial=BlockRule.Kind.EMAIL,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        label="For how many days",
        help_text="Blank for a ban without end. The default comes from the comment settings.",
    )
    mark_spam = forms.BooleanField(
        required=False,
        initial=True,
        label="Also mark the selected comments as spam",
    )
