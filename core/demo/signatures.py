"""A few hundred synthetic signatures over the last six weeks, so the reports look lived in.

Deterministic: one seeded generator picks the names, times and sources, so
every install gets the same signers; only the dates move, kept relative to
now so that the reports' charts always cover them. Addresses are
@example.org, IPs come from the documentation ranges (RFC 5737) and are hashed
as real ones are. Rows go in with bulk_create, so no confirmation email is
queued. If any demo address is already in the table the signatures are
loaded, and a second run adds nothing.
"""

import datetime
import random
import re

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from pledges.admin.actions import PENDING_COUNCILS_KEY
from pledges.counts import counts_changed
from pledges.identity import canonical_email, hash_ip
from pledges.models import PledgePage, Signature
from pledges.tallies import mark_changed

from .tally import CREATED, PRESENT

SEED = 2020
DAYS = 42
NETWORK_SIGNERS = 320
# Unconfirmed signatures are purged after a week, so only recent ones are still pending.
PENDING_WITHIN_DAYS = 6
IP_NETWORKS = ("192.0.2", "198.51.100")

Type = Signature.SignerType
Status = Signature.Status

FIRST_NAMES = (
    "Amara", "Ben", "Chloe", "Dev", "Ellie", "Farid", "Grace", "Harry", "Isla", "Jamal",
    "Kate", "Liam", "Maya", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sam", "Tom",
    "Una", "Vikram", "Wendy", "Yusuf", "Zara", "Aidan", "Bethan", "Callum", "Deepa", "Ewan",
)  # fmt: skip
LAST_NAMES = (
    "Ahmed", "Barker", "Clarke", "Doyle", "Evans", "Fletcher", "Gill", "Hughes", "Iqbal",
    "Jones", "Kaur", "Lewis", "Mensah", "Nowak", "Okafor", "Patel", "Quinn", "Reid", "Shah",
    "Taylor", "Usman", "Vaughan", "Walsh", "Young",
)  # fmt: skip
# Invented places and groups: no real organisation is named as a signer.
PLACES = ("Northfield", "Elmbrook", "Ashcombe", "Millbridge", "Kingsmoor", "Fernhill", "Oakvale")
GROUPS = (
    "Food Bank", "Community Association", "Youth Project", "Advice Centre", "Arts Collective",
    "Credit Union", "Men's Shed", "Carers' Network", "Tenants' Association", "Sports Club",
)  # fmt: skip
ROLES = ("Chief executive", "Director", "Chair of trustees", "Coordinator", "Manager")

# (partner slug or None for our own site, share of signers, the utm_* values seen with it)
SOURCES = (
    (
        "northfield-community-foundation",
        0.2,
        (("grantee-newsletter", "email", "keep-it-local-spring"), ("homepage", "referral", "")),
    ),
    ("calderdale-council", 0.12, (("council-news", "email", "community-week"), ("", "", ""))),
    (
        None,
        0.68,
        (
            ("", "", ""),
            ("", "", ""),
            ("mastodon", "social", "wish-list"),
            ("newsletter", "email", ""),
        ),
    ),
)

# The councils that joined first (DESIGN.md) are verified; the next one waits for staff.
VERIFIED_COUNCILS = (
    "Bristol", "Bradford", "Calderdale", "Hackney", "Kirklees", "Lewisham", "Newcastle",
    "Oldham", "Rotherham", "South Gloucestershire", "Wirral",
)  # fmt: skip
WAITING_COUNCIL = "Wakefield"


def _email(*parts):
    local = ".".join(re.sub(r"[^a-z0-9]", "", str(part).lower()) for part in parts)
    return f"{local}@example.org"


class _Maker:
    """Builds unsaved signatures from one seeded generator, relative to one `now`."""

    def __init__(self, now):
        self.rng = random.Random(SEED)
        self.now = now

    def person(self):
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def ip_hash(self):
        return hash_ip(f"{self.rng.choice(IP_NETWORKS)}.{self.rng.randint(1, 254)}")

    def moment(self, days_ago=None):
        """A time in the last six weeks, more often recent: campaigns pick up."""
        if days_ago is None:
            days_ago = DAYS * self.rng.random() ** 1.6
        return self.now - datetime.timedelta(days=days_ago)

    def confirmed(self, created):
        return min(self.now, created + datetime.timedelta(minutes=self.rng.uniform(2, 360)))

    def signature(self, pledge, email, created, status, **fields):
        confirmed_at = self.confirmed(created) if status != Status.PENDING else None
        show_name = status != Status.PENDING and self.rng.random() < 0.15
        send_updates = self.rng.random() < 0.4
        return Signature(
            pledge=pledge,
            email=email,
            email_canonical=canonical_email(email),
            status=status,
            created_at=created,
            confirmed_at=confirmed_at,
            show_name=show_name,
            show_name_at=created if show_name else None,
            send_updates=send_updates,
            send_updates_at=created if send_updates else None,
            ip_hash=self.ip_hash(),
            emails_sent=1,
            **fields,
        )

    def source(self, partners):
        weights = [share for _slug, share, _campaigns in SOURCES]
        slug, _share, campaigns = self.rng.choices(SOURCES, weights=weights)[0]
        utm_source, utm_medium, utm_campaign = self.rng.choice(campaigns)
        return {
            "partner": partners.get(slug) if slug else None,
            "utm_source": utm_source,
            "utm_medium": utm_medium,
            "utm_campaign": utm_campaign,
        }

    def network(self, pledge, partners):
        organisations = iter(self.rng.sample([f"{p} {g}" for p in PLACES for g in GROUPS], 70))
        for number in range(1, NETWORK_SIGNERS + 1):
            first, last = self.person()
            created = self.moment()
            recent = self.now - created < datetime.timedelta(days=PENDING_WITHIN_DAYS)
            status = Status.PENDING if recent and self.rng.random() < 0.3 else Status.CONFIRMED
            fields = {"signer_type": Type.INDIVIDUAL, "name": f"{first} {last}"}
            if number % 5 == 0:  # one in five signs for an organisation
                fields.update(
                    signer_type=Type.ORGANISATION,
                    organisation=next(organisations),
                    role=self.rng.choice(ROLES),
                )
            yield self.signature(
                pledge,
                _email(first, last, number),
                created,
                status,
                **fields,
                **self.source(partners),
            )

    def councils(self, pledge, councils):
        joining = [*VERIFIED_COUNCILS, WAITING_COUNCIL]
        for position, short_name in enumerate(joining):
            council = councils[short_name]
            waiting = short_name == WAITING_COUNCIL
            # Two or three days apart from six weeks ago; the newest signed three days ago.
            created = self.moment(days_ago=3 if waiting else DAYS - 1 - 2.5 * position)
            first, last = self.person()
            champion, director = self.person(), self.person()
            signature = self.signature(
                pledge,
                _email("keepitlocal", short_name),
                created,
                Status.CONFIRMED if waiting else Status.VERIFIED,
                signer_type=Type.COUNCIL,
                local_authority=council,
                name=f"{first} {last}",
                role="Leader of the council",
                cabinet_champion=f"Cllr {champion[0]} {champion[1]}",
                leadership_champion=f"{director[0]} {director[1]}, Director of Communities",
                endorsement=self.rng.choice(
                    [
                        Signature.Endorsement.LEADER_AND_CHIEF_EXECUTIVE,
                        Signature.Endorsement.CABINET_DECISION,
                    ]
                ),
            )
            if not waiting:
                signature.verified_at = min(
                    self.now,
                    signature.confirmed_at + datetime.timedelta(days=self.rng.uniform(1, 3)),
                )
            yield signature


def load_signatures(tally, pledges, councils, partners, now=None):
    maker = _Maker(now or timezone.now())
    rows = [
        *maker.network(pledges["network"], partners),
        *maker.councils(pledges["council"], councils),
    ]
    present = Signature.objects.filter(email_canonical__in=[row.email_canonical for row in rows])
    already = present.count()
    if already:
        tally.add("signatures", f"{already} synthetic signatures", PRESENT, n=already)
        return already
    Signature.objects.bulk_create(rows, batch_size=500)
    # Made in the past, behind any fold of the report tallies: those days fold again.
    mark_changed(Signature.objects.filter(pk__in=[row.pk for row in rows]))
    tally.add("signatures", f"{len(rows)} synthetic signatures", CREATED, n=len(rows))
    # Pledges signed six weeks ago were published by then; the reports chart from that day.
    start = maker.now - datetime.timedelta(days=DAYS)
    for pledge in pledges.values():
        PledgePage.objects.filter(pk=pledge.pk, first_published_at__gt=start).update(
            first_published_at=start
        )
    # Public counts and the verification badge are cached: let them see the new rows.
    for pledge in pledges.values():
        counts_changed(pledge.pk)
    transaction.on_commit(lambda: cache.delete(PENDING_COUNCILS_KEY))
    return len(rows)
