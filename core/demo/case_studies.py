"""The case-study index and the three councils the campaign cites.

Only what the campaign says about each council is stated as fact; outcomes
are qualitative, and partners are described by kind rather than invented
by name, until the real details replace them.
"""

from . import raw

INDEX_SLUG = "case-studies"
INDEX = {
    "show_in_menus": True,
    "title": "Case studies",
    "intro": "Councils that already keep it local, and what they did. Browse by region, "
    "service or principle.",
}

DEMO_NOTE = raw.paragraph(
    "<p><em>Sample content for the demo site. The campaign's own case study has the "
    "full story and the figures.</em></p>"
)


def _case_study(ctx, slug, council, areas, principles, fields, body, outcomes, partners):
    shown = [ctx.principles[each] for each in principles]
    return {
        "slug": slug,
        "story_keys": fields.pop("related"),
        "fields": {
            **fields,
            "local_authority": ctx.councils[council],
            "service_areas": [ctx.service_areas[each] for each in areas],
            "principles": shown,
            "body": [*body, DEMO_NOTE],
            "outcomes": [
                raw.fact(f"{len(shown)} of 6", "Keep it Local principles this work shows"),
                *(raw.fact(figure, caption) for figure, caption in outcomes),
            ],
            "partner_organisations": [raw.organisation(name) for name in partners],
        },
    }


def leeds(ctx):
    return _case_study(
        ctx,
        "leeds-community-mental-health",
        "Leeds",
        ["mental-health", "early-help"],
        ["whole-system", "neighbourhood-level", "early-intervention"],
        {
            "title": "Leeds: mental health support built around communities",
            "summary": "Leeds City Council built its mental health support around community "
            "organisations, so people can find help in the neighbourhoods where they live.",
            "hero_image": ctx.images["leeds"],
            "related": ["wish-list"],
        },
        [
            raw.heading("The approach"),
            raw.paragraph(
                "<p>Rather than treating mental health as a single service to buy in, Leeds "
                "looked to the community organisations already supporting people across the "
                "city. Help is offered close to home, by groups that people know and trust.</p>"
            ),
            raw.heading("Why it matters"),
            raw.paragraph(
                "<p>Local groups reach people a distant provider can miss, and they can offer "
                "support earlier, before problems grow. It is the whole-system, "
                "neighbourhood-first thinking the principles describe.</p>"
            ),
            raw.quote(
                "Leeds shows that a big city can still commission like a neighbourhood.",
                ctx.author.name,
                f"{ctx.author.role}, {ctx.author.organisation}",
            ),
        ],
        [
            ("Citywide", "mental health support rooted in communities"),
            ("Local first", "community organisations deliver the support"),
        ],
        ["Neighbourhood mental health groups", "Peer support networks"],
    )


def newcastle(ctx):
    return _case_study(
        ctx,
        "newcastle-social-value",
        "Newcastle",
        ["social-value", "community-sector"],
        ["local-spend", "commit-to-community", "local-by-default"],
        {
            "title": "Newcastle: an open approach to social value",
            "summary": "Newcastle City Council is open about how it weighs social value when "
            "it commissions, which helps local organisations show what they bring.",
            "hero_image": ctx.images["newcastle"],
            "related": ["wish-list", "blog"],
        },
        [
            raw.heading("The approach"),
            raw.paragraph(
                "<p>Social value is the wider good a contract does for a place: jobs, "
                "skills, volunteering and a stronger local economy. Newcastle is "
                "transparent about how it takes that into account, so bidders know what "
                "counts and residents can see what was promised.</p>"
            ),
            raw.heading("Why it matters"),
            raw.paragraph(
                "<p>Clear, published expectations level the field for small community "
                "organisations, whose value often lies in exactly what a price comparison "
                "leaves out.</p>"
            ),
        ],
        [
            ("2020", "joined Keep it Local as one of the first councils"),
            ("Open", "how social value is weighed, for every bidder to see"),
        ],
        ["Local voluntary and community organisations", "Small local businesses"],
    )


def calderdale(ctx):
    return _case_study(
        ctx,
        "calderdale-community-sector",
        "Calderdale",
        ["community-sector", "early-help"],
        ["whole-system", "neighbourhood-level", "commit-to-community"],
        {
            "title": "Calderdale: backing the whole community sector",
            "summary": "Calderdale Council supports its community sector in a wide range of "
            "ways, treating local organisations as partners in how the borough works.",
            "hero_image": ctx.images["calderdale"],
            "related": ["wish-list", "news"],
        },
        [
            raw.heading("The approach"),
            raw.paragraph(
                "<p>Calderdale does not rely on one grant scheme. It backs its voluntary "
                "and community sector in many different ways, because local groups need "
                "steady funding, advice and a voice in decisions to do their best work.</p>"
            ),
            raw.heading("Why it matters"),
            raw.paragraph(
                "<p>A strong community sector is what makes neighbourhood-level, "
                "preventative services possible. A council that invests in it has partners "
                "ready to step in early.</p>"
            ),
        ],
        [
            ("2020", "joined Keep it Local as one of the first councils"),
            ("Borough-wide", "support for voluntary and community groups"),
        ],
        ["Voluntary and community sector groups", "Neighbourhood community centres"],
    )


CASE_STUDIES = {"leeds": leeds, "newcastle": newcastle, "calderdale": calderdale}
