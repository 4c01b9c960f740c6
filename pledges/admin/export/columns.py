"""The columns of a signatures export, read as plain values rather than models.

An export of every signature is a million rows; building a model instance and
following three relations for each costs more than the whole rest of the
export. So each column names the database field it reads (one `values_list`
over the signatures table alone) and how to turn that value into a cell; the
names of pledges, councils and partners, a few hundred rows at most, are read
once into dictionaries. The IP hash is never exported.
"""

from django.utils import timezone

from core.models import LocalAuthority
from pledges.models import Partner, PledgePage, Signature

WHEN_FORMAT = "%Y-%m-%d %H:%M:%S"


def csv_safe(value):
    """Stop a spreadsheet running a signer's text as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _yes_no(value):
    return "yes" if value else "no"


def _names(model, field):
    return dict(model.objects.values_list("pk", field))


class Lookups:
    """What an export reads once, before its rows: the names behind the foreign keys."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.pledges = _names(PledgePage, "title")
        self.councils = _names(LocalAuthority, "name")
        self.partners = _names(Partner, "name")
        self.signer_types = dict(Signature.SignerType.choices)
        self.statuses = dict(Signature.Status.choices)
        self.endorsements = dict(Signature.Endorsement.choices)

    def when(self, value):
        return value.astimezone(self.zone).strftime(WHEN_FORMAT) if value else ""


def _plain(_lookups):
    return None


def _from(name):
    """A cell that looks the raw value up in one of the `Lookups` dictionaries."""

    def make(lookups):
        table = getattr(lookups, name)
        return lambda value: table.get(value, "") if value is not None else ""

    return make


# (heading, field read, how to make the cell from the lookups: None keeps the value)
EXPORT_COLUMNS = [
    ("ID", "pk", _plain),
    ("Pledge", "pledge_id", _from("pledges")),
    ("Signer type", "signer_type", _from("signer_types")),
    ("Status", "status", _from("statuses")),
    ("Status reason", "status_reason", _plain),
    ("Contact name", "name", _plain),
    ("Email", "email", _plain),
    ("Organisation", "organisation", _plain),
    ("Role", "role", _plain),
    ("Council", "local_authority_id", _from("councils")),
    ("Postcode", "postcode", _plain),
    ("Cabinet champion", "cabinet_champion", _plain),
    ("Leadership champion", "leadership_champion", _plain),
    ("Endorsement", "endorsement", _from("endorsements")),
    ("Endorsement detail", "endorsement_detail", _plain),
    ("Show name publicly", "show_name", lambda _lookups: _yes_no),
    ("Send updates", "send_updates", lambda _lookups: _yes_no),
    ("Partner", "partner_id", _from("partners")),
    ("utm_source", "utm_source", _plain),
    ("utm_medium", "utm_medium", _plain),
    ("utm_campaign", "utm_campaign", _plain),
    ("Signed at", "created_at", lambda lookups: lookups.when),
    ("Confirmed at", "confirmed_at", lambda lookups: lookups.when),
    ("Verified at", "verified_at", lambda lookups: lookups.when),
]
HEADINGS = [heading for heading, _field, _cell in EXPORT_COLUMNS]
FIELDS = [field for _heading, field, _cell in EXPORT_COLUMNS]


def export_rows(queryset, chunk_size=2000):
    """Every row of the export as a list of cells, each text cell defused.

    The rows come through `iterator()`: a server-side cursor on PostgreSQL, a
    chunked fetch on SQLite, so memory holds one chunk whatever the count.
    """
    lookups = Lookups()
    cells = [make(lookups) for _heading, _field, make in EXPORT_COLUMNS]
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=chunk_size):
        row = [
            value if cell is None else cell(value)
            for cell, value in zip(cells, values, strict=True)
        ]
        yield [csv_safe(value) if value.__class__ is str else value for value in row]
