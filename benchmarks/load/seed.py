"""The site, its one pledge, and the people who sign it."""

import json
from urllib.parse import quote

from .config import COUNT_DOCUMENT, DOMAINS, FIRST, LAST, PLEDGE_SLUG


def build_site():
    """A home page as the default site's root, and one open pledge under it."""
    from wagtail.models import Page, Site

    from home.models import HomePage
    from pledges.models import PledgePage

    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for page in root.get_children():  # Wagtail's welcome page
        page.delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="Home", slug="home", hero_heading="Keep it Local")
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Load"
    )
    return home.add_child(
        instance=PledgePage(
            title="The Keep it Local pledge",
            slug=PLEDGE_SLUG,
            summary="Keep public services local.",
            statement="<p>We will keep it local.</p>",
            thank_you_text="<p>Thank you.</p>",
            allow_individuals=True,
            allow_organisations=True,
            allow_councils=False,
            goal=10_000,
        )
    )


def count_path():
    """The persisted-query GET a widget or partner uses for the pledge's count."""
    from cms.graphql.persisted import id_of

    variables = quote(json.dumps({"slugs": [PLEDGE_SLUG]}, separators=(",", ":")))
    return f"/graphql/?id={id_of(COUNT_DOCUMENT)}&variables={variables}"


def make_people(count, rng):
    """Distinct people: one mailbox and one address each; some on Gmail, some organisations."""
    from pledges.identity import canonical_email

    people = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        gmail = rng.random() < 0.3
        # Names have no digits, so the trailing number keeps mailboxes distinct
        # even where Gmail ignores the dots.
        local = f"{first}.{last}.k{i}"
        address = f"{local}@gmail.com" if gmail else f"{local}@{rng.choice(DOMAINS)}"
        person = {
            "i": i,
            "email": address,
            "canonical": canonical_email(address),
            "gmail": gmail,
            "type": "ORGANISATION" if rng.random() < 0.15 else "INDIVIDUAL",
            "name": f"{first.title()} {last.title()}",
            "ip": f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}",
            "race": False,
        }
        people.append(person)
    return people


def other_spelling(person, rng):
    """The same mailbox written another way: must be recognised as a repeat."""
    local, _, domain = person["email"].partition("@")
    if person["gmail"]:
        squashed = local.replace(".", "")
        tag = rng.choice(["pledge", "news", "x"])
        return f"{squashed.title()}+{tag}@{rng.choice(['gmail.com', 'GoogleMail.com'])}"
    return person["email"].upper()


def sign_input(person, address, pledge_id, token, rng):
    data = {
        "pledgeId": str(pledge_id),
        "signerType": person["type"],
        "name": person["name"],
        "email": address,
        "showName": rng.random() < 0.5,
        "sendUpdates": rng.random() < 0.3,
        "formToken": token,
        "utmSource": "load-test",
    }
    if person["type"] == "ORGANISATION":
        data.update(organisation=f"{person['name'].split()[1]} Community Trust", role="Chair")
    elif rng.random() < 0.4:
        data["postcode"] = "LS1 4AP"
    return data
