"""Two demo partners whose widgets a newcomer can try from a second local server.

Origins on loopback ports 8001 and 8002 let `python -m http.server 8001` serve
a page with the admin's Embed code while `make run` serves us on 8000; the
`.example` origins show what a real partner's entry looks like. Like the
author, partners are made once and are then the editors' (origins and colours
change in the admin), so a second load never rewrites them.
"""

from pledges.models import Partner

PARTNERS = [
    {
        "slug": "northfield-community-foundation",
        "name": "Northfield Community Foundation",
        "website": "https://www.northfield-foundation.example",
        "allowed_origins": "\n".join(
            [
                "http://127.0.0.1:8001",
                "http://localhost:8001",
                "https://www.northfield-foundation.example",
            ]
        ),
        # A deep plum: 9.6:1 against the widget's white, well past AA.
        "accent_colour": "#7a1f5c",
    },
    {
        "slug": "calderdale-council",
        "name": "Calderdale Council",
        "website": "https://www.calderdale-council.example",
        "allowed_origins": "\n".join(
            [
                "http://127.0.0.1:8002",
                "http://localhost:8002",
                "https://www.calderdale-council.example",
            ]
        ),
        "accent_colour": "",
    },
]


def load_partners(tally):
    """{slug: Partner}, creating the missing ones (validated as the admin would)."""
    return {
        fields["slug"]: tally.once(
            "partners",
            fields["name"],
            Partner.objects.filter(slug=fields["slug"]).first(),
            lambda fields=fields: _create(fields),
        )
        for fields in PARTNERS
    }


def _create(fields):
    partner = Partner(**fields)
    partner.full_clean()
    partner.save()
    return partner
