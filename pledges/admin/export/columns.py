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
    """What an export reads once, before its rows: the names behind the foreign keys.

    Every name is defused here, once, rather than in each of a million rows.
    """

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.pledges = _defused(_names(PledgePage, "title"))
        self.councils = _defused(_names(LocalAuthority, "name"))
        self.partners = _defused(_names(Partner, "name"))
        self.signer_types = _defused(dict(Signature.SignerType.choices))
        self.statuses = _defused(dict(Signature.Status.choices))
        self.endorsements = _defused(dict(Signature.Endorsement.choices))

    def when(self, value):
        # isoformat, cut to the second, is WHEN_FORMAT at a third of strftime's cost.
        return value.astimezone(self.zone).isoformat(" ", "seconds")[:19] if value else ""


def _defused(names):
    return {key: csv_safe(str(name)) for key, name in names.items()}


def _text(_lookups):
    """A column of the signer's own text: defused in every row."""
    return csv_safe


def _plain(_lookups):
    return None


def _from(name):
    """A cell that looks the raw value up in one of the `Lookups` dictionaries."""

    def make(lookups):
        table = getattr(lookups, name)
        return lambda value: table.get(value, "")

    return make


# (heading, field read, how to make the cell from the lookups: None keeps the value).
# Every column that can hold text either defuses it (`_text`) or reads defused
# names (`_from`); tests/pledges/test_admin_scale.py checks every cell.
EXPORT_COLUMNS = [
    ("ID", "pk", _plain),
    ("Pledge", "pledge_id", _from("pledges")),
    ("Signer type", "signer_type", _from("signer_types")),
    ("Status", "status", _from("statuses")),
    ("Status reason", "status_reason", _text),
    ("Contact name", "name", _text),
    ("Email", "email", _text),
    ("Organisation", "organisation", _text),
    ("Role", "role", _text),
    ("Council", "local_authority_id", _from("councils")),
    ("Postcode", "postcode", _text),
    ("Cabinet champion", "cabinet_champion", _text),
    ("Leadership champion", "leadership_champion", _text),
    ("Endorsement", "endorsement", _from("endorsements")),
    ("Endorsement detail", "endorsement_detail", _text),
    ("Show name publicly", "show_name", lambda _lookups: _yes_no),
    ("Send updates", "send_updates", lambda _lookups: _yes_no),
    ("Partner", "partner_id", _from("partners")),
    ("utm_source", "utm_source", _text),
    ("utm_medium", "utm_medium", _text),
    ("utm_campaign", "utm_campaign", _text),
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
    Only the columns that change are touched, by position.
    """
    lookups = Lookups()
    changes = [
        (position, cell)
        for position, (_heading, _field, make) in enumerate(EXPORT_COLUMNS)
        if (cell := make(lookups)) is not None
    ]
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=chunk_size):
        row = list(values)
        for position, cell in changes:
            row[position] = cell(row[position])
        yield row
