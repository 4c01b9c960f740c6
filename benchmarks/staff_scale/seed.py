"""A million signatures, generated inside PostgreSQL in one INSERT ... SELECT.

Python makes only what the rows point at: two pledges, 400 councils and 20
partners. Every signature column is then a function of the row number `g`
(a fixed mix, the same on every run): nine in ten individuals, one in ten
organisations or councils; most confirmed, some waiting, a few rejected or
withdrawn; one in three through a partner's widget; signed over about eight
months, newest last. Names repeat (50 first names by 200 surnames), as real
ones do, so a name search finds thousands; emails are unique.
"""

import time

from django.db import connection, transaction

from wagtail.models import Site

from core.models import LocalAuthority
from pledges.models import Partner, PledgePage

COUNCILS = 400
PARTNERS = 20
FIRST = ["Ada", "Ben", "Cara", "Dev", "Ela", "Finn", "Gita", "Hugo", "Ines", "Jack", "Kofi", "Lena", "Mo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vik", "Wes", "Xia", "Yara", "Zac", "Amir", "Bea", "Cole", "Dina", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lia", "Max", "Noor", "Oli", "Pat", "Raj", "Sue", "Tom", "Una", "Val", "Will", "Yusuf", "Zoe"]  # fmt: skip
SURNAMES = [f"{stem}{suffix}" for stem in ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright", "Khan", "Evans", "Thomas", "Roberts", "Walker", "Green", "Hall", "Wood", "Hughes", "Lewis"]
    for suffix in ("", "son", "ley", "ford", "ton", "er", "by", "well", "field", "more")]  # fmt: skip
UTM_SOURCES = ["newsletter", "facebook", "twitter", "partner-mail", "press"]

SIGNATURES_SQL = """
INSERT INTO pledges_signature (
    pledge_id, signer_type, status, status_reason, name, email, email_canonical,
    organisation, role, postcode, cabinet_champion, leadership_champion, endorsement,
    endorsement_detail, show_name, send_updates, utm_source, utm_medium, utm_campaign,
    utm_term, utm_content, ip_hash, emails_sent, created_at, confirmed_at, verified_at,
    local_authority_id, partner_id
)
SELECT
    CASE WHEN kind = 'council' THEN %(council_pledge)s ELSE %(pledge)s END,
    kind,
    status,
    CASE WHEN status = 'rejected' THEN 'Not a council decision' ELSE '' END,
    name,
    'signer' || g || '@example' || (g %% 7) || '.org',
    'signer' || g || '@example' || (g %% 7) || '.org',
    CASE WHEN kind = 'individual' THEN '' ELSE 'Organisation ' || (g %% 5000) END,
    CASE WHEN kind = 'individual' THEN '' ELSE 'Director' END,
    'LS' || (g %% 30) || ' ' || (g %% 9) || 'AB',
    '', '', '', '',
    g %% 3 = 0,
    g %% 2 = 0,
    CASE WHEN g %% 4 = 0 THEN (%(utm)s::text[])[1 + g %% 5] ELSE '' END,
    CASE WHEN g %% 4 = 0 THEN 'email' ELSE '' END,
    '', '', '',
    md5(g::text),
    1,
    created,
    CASE WHEN status IN ('confirmed', 'verified', 'rejected', 'withdrawn')
        THEN created + interval '7 minutes' END,
    CASE WHEN status IN ('verified', 'rejected') THEN created + interval '2 days' END,
    CASE WHEN kind = 'council' THEN %(first_council)s + g %% %(councils)s END,
    CASE WHEN g %% 3 = 0 THEN %(first_partner)s + g %% %(partners)s END
FROM (
    SELECT
        g,
        CASE WHEN g %% 50 = 7 THEN 'council'
             WHEN g %% 10 = 3 THEN 'organisation'
             ELSE 'individual' END AS kind,
        CASE WHEN g %% 50 = 7 THEN (ARRAY['confirmed', 'verified', 'verified', 'rejected'])[1 + g %% 4]
             WHEN g %% 20 IN (1, 2, 5) THEN 'pending'
             WHEN g %% 100 = 11 THEN 'withdrawn'
             ELSE 'confirmed' END AS status,
        (%(first)s::text[])[1 + g %% %(first_count)s] || ' '
            || (%(surnames)s::text[])[1 + (g / %(first_count)s) %% %(surname_count)s] AS name,
        now() - (%(rows)s - g) * interval '20 seconds' AS created
    FROM generate_series(1, %(rows)s) AS g
) AS generated
"""


def _targets():
    root = Site.objects.get(is_default_site=True).root_page
    pledges = [
        root.add_child(
            instance=PledgePage(
                title=title,
                slug=slug,
                summary="Sign up.",
                statement="<p>We will keep it local.</p>",
                thank_you_text="<p>Thank you.</p>",
                allow_councils=councils,
                allow_individuals=not councils,
                allow_organisations=not councils,
                goal=1_000_000,
            )
        )
        for title, slug, councils in [
            ("Keep it Local pledge", "pledge", False),
            ("Council commitment", "councils", True),
        ]
    ]
    councils = LocalAuthority.objects.bulk_create(
        LocalAuthority(
            name=f"Council {n:03d}",
            short_name=f"Place {n:03d}",
            gss_code=f"E{n:08d}",
            region=LocalAuthority.Region.YORKSHIRE,
            kind=LocalAuthority.Kind.UNITARY,
        )
        for n in range(COUNCILS)
    )
    partners = Partner.objects.bulk_create(
        Partner(name=f"Partner {n:02d}", slug=f"partner-{n:02d}") for n in range(PARTNERS)
    )
    return pledges, councils, partners


def _indexes(cursor):
    """(name, definition) of the signature table's indexes, but its primary key."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes "
        "WHERE tablename = 'pledges_signature' AND indexname <> 'pledges_signature_pkey'"
    )
    return cursor.fetchall()


def seed(rows):
    """Seed `rows` signatures; returns the seconds the INSERT, indexes and ANALYZE took."""
    with transaction.atomic():
        (pledge, council_pledge), councils, partners = _targets()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # A scratch database, so: no foreign-key triggers checking every row
        # against keys made a moment ago, and the indexes built once at the end
        # rather than kept up row by row.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        indexes = _indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            SIGNATURES_SQL,
            {
                "rows": rows,
                "pledge": pledge.pk,
                "council_pledge": council_pledge.pk,
                "first_council": councils[0].pk,
                "councils": COUNCILS,
                "first_partner": partners[0].pk,
                "partners": PARTNERS,
                "first": FIRST,
                "first_count": len(FIRST),
                "surnames": SURNAMES,
                "surname_count": len(SURNAMES),
                "utm": UTM_SOURCES,
            },
        )
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET session_replication_role = DEFAULT")
        # Fresh statistics, as autovacuum would gather soon after a real campaign's rows.
        cursor.execute("VACUUM ANALYZE pledges_signature")
    return time.perf_counter() - started
