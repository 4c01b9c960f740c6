"""The story index and its stories: the Christmas wish list, a blog post, a news item.

All words here are our own, written from the campaign facts in DESIGN.md.
"""

import datetime

from stories.models import StoryPage

from . import raw

INDEX_SLUG = "stories"
INDEX = {
    "title": "Stories",
    "show_in_menus": True,
    "intro": "News, blog posts and our yearly wish list from the Keep it Local network.",
}


def wish_list(ctx):
    case, pledge = ctx.case_studies, ctx.pledges
    leeds = raw.page_link(case["leeds"], "Leeds built mental health support around communities")
    newcastle = raw.page_link(case["newcastle"], "Newcastle made social value open to all")
    calderdale = raw.page_link(case["calderdale"], "Calderdale backs its community sector")
    links = f"Read how {leeds}, how {newcastle} and how {calderdale}."
    wishes = [
        raw.wish(
            "Councils that choose to Keep it Local",
            "Our biggest wish is simple: that more councils look first to the organisations "
            "already rooted in their communities when they design and buy services. "
            "Endorsing the six principles is where it starts.",
            pledge["council"],
        ),
        raw.wish(
            "Mental health support close to home",
            "Leeds shows what becomes possible when mental health support is built around "
            "community organisations. We would love to see it in many more places.",
            case["leeds"],
        ),
        raw.wish(
            "Social value that everyone can see",
            "Newcastle City Council is open about how it weighs social value. Clear rules "
            "like that let small local groups compete on fair terms.",
            case["newcastle"],
        ),
        raw.wish(
            "Real backing for the whole community sector",
            "Calderdale supports its community sector in a wide range of ways. Every place "
            "deserves a council that treats local groups as partners.",
            case["calderdale"],
        ),
        raw.wish(
            "You, in the Keep it Local network",
            "Last but not least, we would like you to join us: people and organisations who "
            "want services to stay local, sharing stories, events and webinars all year.",
            pledge["network"],
        ),
    ]
    return {
        "slug": "christmas-wish-list",
        "tags": ["Christmas", "Wish list", "Councils"],
        "fields": {
            "title": "Our Christmas wish list for local charities",
            "kind": StoryPage.Kind.WISH_LIST,
            "date": datetime.date(2025, 12, 16),
            "author": ctx.author,
            "hero_image": ctx.images["wish-list"],
            "summary": "Five things we are hoping for this Christmas, from councils that "
            "choose local organisations first to a bigger Keep it Local network next year.",
            "body": [
                raw.paragraph(
                    "<p>It has been another demanding year for community organisations. "
                    "Food banks, advice centres, youth clubs and peer support groups have "
                    "carried their neighbourhoods through rising bills and longer queues, "
                    "often on short-term grants. So, in the spirit of the season, here is "
                    "what we would most like to find under the tree.</p>"
                ),
                raw.wish_list(
                    "Our wish list for local charities",
                    "Five wishes, in no particular order except the first.",
                    wishes,
                ),
                raw.heading("Councils already doing it"),
                raw.paragraph(
                    "<p>None of this is wishful thinking. Since 2020 a growing group of "
                    "councils, from Bristol and Hackney to Oldham and Wirral, has signed up "
                    f"to the principles. {links}</p>"
                ),
                raw.quote(
                    "Community organisations have held their neighbourhoods together all "
                    "year. The best gift a council can give them is a fair chance to keep "
                    "doing it.",
                    ctx.author.name,
                    f"{ctx.author.role}, {ctx.author.organisation}",
                ),
                raw.call_to_action(
                    "Join the Keep it Local network",
                    "Get stories, events and webinars from the councils and community "
                    "organisations that keep it local.",
                    pledge["network"],
                    "Join the network",
                ),
            ],
        },
    }


def blog_post(ctx):
    calderdale = raw.page_link(
        ctx.case_studies["calderdale"], "Calderdale supports its community sector"
    )
    return {
        "slug": "why-spending-locally-is-good-value",
        "tags": ["Local economy", "Commissioning"],
        "fields": {
            "title": "Why spending locally is good value for councils",
            "kind": StoryPage.Kind.BLOG,
            "date": datetime.date(2025, 10, 14),
            "author": ctx.author,
            "hero_image": ctx.images["blog"],
            "summary": "When a council commissions a local organisation, the money does more "
            "than pay for a service. Here is why that matters when budgets are tight.",
            "body": [
                raw.paragraph(
                    "<p>Tight budgets push councils towards ever bigger contracts that "
                    "promise savings at scale. But the lowest price on paper is not always "
                    "the best value for a place.</p>"
                ),
                raw.heading("Money that keeps working"),
                raw.paragraph(
                    "<p>A local organisation employs local people, buys from local "
                    "suppliers and brings in volunteers and other funding. The money it "
                    "receives keeps circulating in the area, which is why the third Keep it "
                    "Local principle asks councils to increase local spend.</p>"
                ),
                raw.heading("Help that arrives early"),
                raw.paragraph(
                    "<p>Community groups are often the first to notice when someone is "
                    "struggling. Funding them to help early, before a crisis, costs less "
                    "than the acute services that follow. See how "
                    f"{calderdale}.</p>"
                ),
                raw.call_to_action(
                    "Is your council in?",
                    "Ask your council to endorse the six principles and become a Keep it "
                    "Local council.",
                    ctx.pledges["council"],
                    "See what councils sign up to",
                ),
            ],
        },
    }


def news_item(ctx):
    return {
        "slug": "more-councils-sign-up",
        "tags": ["Councils", "Network news"],
        "fields": {
            "title": "More councils sign up to Keep it Local",
            "kind": StoryPage.Kind.NEWS,
            "date": datetime.date(2025, 11, 20),
            "author": ctx.author,
            "hero_image": ctx.images["news"],
            "summary": "The network of Keep it Local councils keeps growing, from West "
            "Yorkshire to the Sussex coast.",
            "body": [
                raw.paragraph(
                    "<p>The first councils joined Keep it Local in 2020: Bristol, Bradford, "
                    "Calderdale, Hackney, Kirklees, Lewisham, Newcastle, Oldham, Rotherham, "
                    "South Gloucestershire and Wirral. Leeds and Wakefield came next, and "
                    "Cheshire West and Chester, City of York, East Sussex and Malvern Hills "
                    "have joined them since.</p>"
                ),
                raw.heading("What joining involves"),
                raw.paragraph(
                    "<p>A council joins by endorsing the six principles, signed by its leader "
                    "and chief executive or agreed by its cabinet. It names two Keep it Local "
                    "champions, one in the cabinet and one in the senior leadership team, and "
                    "brings its community together to talk about what the principles should "
                    "mean locally.</p>"
                ),
                raw.call_to_action(
                    "Become a Keep it Local council",
                    "Find out what your council commits to, and how to start.",
                    ctx.pledges["council"],
                    "Become a Keep it Local council",
                ),
            ],
        },
    }


STORIES = {"wish-list": wish_list, "blog": blog_post, "news": news_item}
