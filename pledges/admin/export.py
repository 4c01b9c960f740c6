"""The columns of a signatures export (CSV or XLSX), for staff with the export permission."""

from django.utils import timezone


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _yes_no(value):
    return "yes" if value else "no"


def csv_safe(value):
    """Stop a spreadsheet running a signer's text as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


# (key, heading, value) for each exported column. The IP hash is never exported.
EXPORT_COLUMNS = [
    ("id", "ID", lambda s: s.pk),
    ("pledge", "Pledge", lambda s: s.pledge.title),
    ("signer_type", "Signer type", lambda s: s.get_signer_type_display()),
    ("status", "Status", lambda s: s.get_status_display()),
    ("status_reason", "Status reason", lambda s: s.status_reason),
    ("name", "Contact name", lambda s: s.name),
    ("email", "Email", lambda s: s.email),
    ("organisation", "Organisation", lambda s: s.organisation),
    ("role", "Role", lambda s: s.role),
    ("council", "Council", lambda s: s.local_authority.name if s.local_authority_id else ""),
    ("postcode", "Postcode", lambda s: s.postcode),
    ("cabinet_champion", "Cabinet champion", lambda s: s.cabinet_champion),
    ("leadership_champion", "Leadership champion", lambda s: s.leadership_champion),
    ("endorsement", "Endorsement", lambda s: s.get_endorsement_display()),
    ("endorsement_detail", "Endorsement detail", lambda s: s.endorsement_detail),
    ("show_name", "Show name publicly", lambda s: _yes_no(s.show_name)),
    ("send_updates", "Send updates", lambda s: _yes_no(s.send_updates)),
    ("partner", "Partner", lambda s: s.partner.name if s.partner_id else ""),
    ("utm_source", "utm_source", lambda s: s.utm_source),
    ("utm_medium", "utm_medium", lambda s: s.utm_medium),
    ("utm_campaign", "utm_campaign", lambda s: s.utm_campaign),
    ("created_at", "Signed at", lambda s: _when(s.created_at)),
    ("confirmed_at", "Confirmed at", lambda s: _when(s.confirmed_at)),
    ("verified_at", "Verified at", lambda s: _when(s.verified_at)),
]
