"""Reference data: the six principles, service areas, councils and the author.

Principles, service areas and councils are facts, so a second load puts back
any that drifted. Everything editors own (the author, images, pages) is only
ever created, never rewritten (see `pages.py`).
"""

from core.models import LocalAuthority, Person, Principle, ServiceArea

from .tally import CREATED, PRESENT, UPDATED

Kind = LocalAuthority.Kind
Region = LocalAuthority.Region

PRINCIPLES = [
    (
        1,
        "whole-system",
        "Think about the whole system, not individual service silos.",
        "Look at how services fit together across a place instead of buying each "
        "one on its own. People's lives do not split along contract lines, so "
        "support should not either.",
    ),
    (
        2,
        "neighbourhood-level",
        "Co-ordinate services at the neighbourhood level.",
        "Plan and join up support close to where people live, with the groups "
        "residents already know and trust.",
    ),
    (
        3,
        "local-spend",
        "Increase local spend to invest in the local economy.",
        "Money spent with local organisations keeps working in the area, as wages, "
        "supplies and volunteering. Count that value when deciding who delivers.",
    ),
    (
        4,
        "early-intervention",
        "Focus on early intervention now to save costs tomorrow.",
        "Fund the community support that helps before a problem turns into a "
        "crisis; it costs less than emergency services later and helps people sooner.",
    ),
    (
        5,
        "commit-to-community",
        "Commit to your community and proactively support local organisations.",
        "Treat local groups as partners: fund them fairly, share what you know and "
        "help them build the capacity to deliver.",
    ),
    (
        6,
        "local-by-default",
        "Commission services simply and collaboratively so they are local by default.",
        "Keep tenders proportionate, design services with the community and make "
        "local the starting point rather than the exception.",
    ),
]

SERVICE_AREAS = [
    ("mental-health", "Mental health"),
    ("social-value", "Social value and procurement"),
    ("community-sector", "Community sector support"),
    ("adult-social-care", "Adult social care"),
    ("early-help", "Early help"),
    ("children-and-families", "Children and families"),
    ("employment-and-skills", "Employment and skills"),
]

# (GSS code, name, short name, region, kind). The first eleven joined in 2020;
# Leeds and Wakefield followed, then the last four.
COUNCILS = [
    ("E06000023", "Bristol City Council", "Bristol", Region.SOUTH_WEST, Kind.UNITARY),
    (
        "E08000032",
        "City of Bradford Metropolitan District Council",
        "Bradford",
        Region.YORKSHIRE,
        Kind.METROPOLITAN,
    ),
    ("E08000033", "Calderdale Council", "Calderdale", Region.YORKSHIRE, Kind.METROPOLITAN),
    ("E09000012", "Hackney Council", "Hackney", Region.LONDON, Kind.LONDON),
    ("E08000034", "Kirklees Council", "Kirklees", Region.YORKSHIRE, Kind.METROPOLITAN),
    ("E09000023", "Lewisham Council", "Lewisham", Region.LONDON, Kind.LONDON),
    ("E08000021", "Newcastle City Council", "Newcastle", Region.NORTH_EAST, Kind.METROPOLITAN),
    ("E08000004", "Oldham Council", "Oldham", Region.NORTH_WEST, Kind.METROPOLITAN),
    (
        "E08000018",
        "Rotherham Metropolitan Borough Council",
        "Rotherham",
        Region.YORKSHIRE,
        Kind.METROPOLITAN,
    ),
    (
        "E06000025",
        "South Gloucestershire Council",
        "South Gloucestershire",
        Region.SOUTH_WEST,
        Kind.UNITARY,
    ),
    ("E08000015", "Wirral Council", "Wirral", Region.NORTH_WEST, Kind.METROPOLITAN),
    ("E08000035", "Leeds City Council", "Leeds", Region.YORKSHIRE, Kind.METROPOLITAN),
    ("E08000036", "Wakefield Council", "Wakefield", Region.YORKSHIRE, Kind.METROPOLITAN),
    (
        "E06000050",
        "Cheshire West and Chester Council",
        "Cheshire West and Chester",
        Region.NORTH_WEST,
        Kind.UNITARY,
    ),
    ("E06000014", "City of York Council", "York", Region.YORKSHIRE, Kind.UNITARY),
    ("E10000011", "East Sussex County Council", "East Sussex", Region.SOUTH_EAST, Kind.COUNTY),
    (
        "E07000235",
        "Malvern Hills District Council",
        "Malvern Hills",
        Region.WEST_MIDLANDS,
        Kind.DISTRICT,
    ),
]

# An invented byline; no real person is quoted anywhere in the demo.
AUTHOR = {
    "name": "Sam Ellery",
    "organisation": "Locality",
    "role": "Campaigns officer",
    "bio": "Sam works on Keep it Local, helping councils and community groups make "
    "the case for commissioning locally.",
}


def sync(tally, kind, model, lookup, values):
    """`update_or_create` that writes only when a value actually differs."""
    obj = model.objects.filter(**lookup).first()
    label = next(iter(lookup.values()))
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        tally.add(kind, label, CREATED)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    tally.add(kind, label, UPDATED if changed else PRESENT)
    return obj


def load_reference(tally, portrait=None):
    """Sync the snippets; returns them keyed the way the pages refer to them."""
    principles = {
        slug: sync(
            tally,
            "principles",
            Principle,
            {"number": number},
            {"slug": slug, "title": title, "summary": summary},
        )
        for number, slug, title, summary in PRINCIPLES
    }
    service_areas = {
        slug: sync(tally, "service areas", ServiceArea, {"slug": slug}, {"name": name})
        for slug, name in SERVICE_AREAS
    }
    councils = {
        short_name: sync(
            tally,
            "councils",
            LocalAuthority,
            {"gss_code": code},
            {"name": name, "short_name": short_name, "region": region, "kind": kind},
        )
        for code, name, short_name, region, kind in COUNCILS
    }
    # The byline is demo content rather than fact: made once, then the editors'.
    author = tally.once(
        "people",
        AUTHOR["name"],
        Person.objects.filter(name=AUTHOR["name"], organisation=AUTHOR["organisation"]).first(),
        lambda: Person.objects.create(**AUTHOR, image=portrait),
    )
    return {
        "principles": principles,
        "service_areas": service_areas,
        "councils": councils,
        "author": author,
    }
