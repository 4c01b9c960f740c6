"""Partners' embeds in a real browser, on a partner's page from a second origin.

The partner's site is a small HTTP server on another loopback port
(tests/browser/partner_site.py) serving pages with our snippets pasted in, as
the admin's Embed view gives them. Partners are created in the test database
with that site among their allowed origins; a second site is listed by none.

Unlike test_pages.py these tests write (signatures), and the live server has
to send the confirmation email and count the confirmed signature, which on
SQLite it only does outside a test transaction. So the tests carry no
`django_db` marker and this module replaces pytest-django's `db` fixture (see
`db` below): `site_url` keeps the database unblocked for the module, every
write commits at once, and `site_url` puts the database back after.
"""

import json
import re
import socket
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone

import pytest

from frontend.pledge_form import FIELD_TYPES
from pledges.counts import counts_changed, public_data_changed
from pledges.models import Partner, PledgePage, Signature

# The switch to the admin's generator, once pledges.embed_code is merged, is
# this one line: `from pledges.embed_code import iframe_snippet, script_snippet`.
from tests.browser.embed_snippets import iframe_snippet, script_snippet
from tests.browser.embeds import (
    AXE_RUN,
    FOCUSED,
    FRAME_HEIGHT,
    OVERFLOW,
    STYLE_PROPERTIES,
    STYLES,
    WIDGET_REPORT,
    open_host,
    sign_in_widget,
    tab_to,
    widget,
)
from tests.browser.partner_site import HOSTILE_CSS, PartnerSite, html_page, strict_csp
from tests.pledges.helpers import link, make_signature

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = [375, 1280]
VARIANTS = ["full", "compact", "counter"]
THEMES = ["light", "dark"]
CONFIRMED_BEFORE = 12  # enough to pass the network pledge's minimum


@pytest.fixture(autouse=True)
def db(site_url):
    """Stands in for pytest-django's `db`: no per-test transaction to roll back.

    A test using a fixture named `db` is also what makes pytest-django create
    the test database when this file runs alone (site_url refuses any other).
    """


@pytest.fixture(scope="module", autouse=True)
def signing_settings(site_url):
    """No wait before a form may be sent, no proof of work, and room for every
    attempt these tests make from 127.0.0.1 (the live server runs in-process)."""
    pledges = {
        **settings.PLEDGES,
        "MIN_FILL_SECONDS": 0,
        "CHALLENGE": False,
        "RATE_PER_IP": (500, 60 * 60),
    }
    with override_settings(PLEDGES=pledges):
        yield


@pytest.fixture(scope="module")
def partner_site():
    site = PartnerSite()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def stranger_site():
    """A site no partner lists: someone else's page with a partner's snippet copied in."""
    site = PartnerSite()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def partners(site_url, partner_site):
    return {
        "leeds": Partner.objects.create(
            name="Leeds Community Foundation",
            slug="leeds-cf",
            allowed_origins=f"https://www.leedscf.example\n{partner_site.origin}",
        ),
        "elsewhere": Partner.objects.create(
            name="Elsewhere Trust", slug="elsewhere", allowed_origins="https://elsewhere.example"
        ),
    }


def live_pledge(slug):
    return PledgePage.objects.live().get(slug=slug)


@pytest.fixture(scope="module")
def pledge(site_url):
    """The network pledge, with enough confirmed signatures that its count shows."""
    page = live_pledge("join-the-network")
    PledgePage.objects.filter(pk=page.pk).update(count_shown_from=CONFIRMED_BEFORE)
    for n in range(CONFIRMED_BEFORE):
        make_signature(
            page,
            email=f"earlier{n}@example.org",
            status=Signature.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
    counts_changed(page.pk)
    public_data_changed()
    page.refresh_from_db()
    return page


@pytest.fixture(scope="module")
def council_pledge(site_url):
    """The council pledge, with no signatures: its count stays hidden."""
    return live_pledge("become-a-keep-it-local-council")


@pytest.fixture(scope="module")
def browser_contexts(browser):
    """JavaScript on and off, and one that ignores CSP so axe can be injected."""
    made = {
        "js": browser.new_context(reduced_motion="reduce"),
        "nojs": browser.new_context(reduced_motion="reduce", java_script_enabled=False),
        "axe": browser.new_context(reduced_motion="reduce", bypass_csp=True),
    }
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def fresh_context(browser):
    """A context with an empty HTTP cache, like a new visitor's browser."""
    made = []

    def make(**options):
        context = browser.new_context(reduced_motion="reduce", **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def publish(site_url, partner_site, request):
    """`publish(body, site=..., csp=True, css=False, query="")`: a partner page's URL."""
    counter = iter(range(1000))

    def make(body, *, site=None, csp=True, css=False, query="", head=""):
        site = site or partner_site
        name = re.sub(r"\W+", "-", request.node.name).strip("-")
        path = f"/{name}-{next(counter)}/"
        headers = {"Content-Security-Policy": strict_csp(site_url)} if csp is True else {}
        if isinstance(csp, str):
            headers = {"Content-Security-Policy": csp}
        if css:
            site.publish("/hostile.css", HOSTILE_CSS, content_type="text/css")
            head += '<link rel="stylesheet" href="/hostile.css">'
        return site.publish(path, html_page(body, head=head), headers=headers) + query

    return make


@pytest.fixture
def allowed(site_url, partner_site, stranger_site):
    return [site_url, partner_site.origin, stranger_site.origin]


def snippet(partners, pledge, site_url, partner="leeds", **options):
    return script_snippet(partners[partner], pledge, base_url=site_url, **options)


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.mark.parametrize("which", ["network", "council"])
def test_script_snippet_renders_in_an_open_shadow_root(
    browser_contexts, publish, allowed, partners, pledge, council_pledge, site_url, which
):
    page = {"network": pledge, "council": council_pledge}[which]
    with open_host(
        browser_contexts["js"], publish(snippet(partners, page, site_url)), allowed=allowed
    ) as visit:
        events = visit.wait_for_events(1)
        report = visit.page.evaluate(WIDGET_REPORT, 0)
    assert visit.errors == []
    assert [event["type"] for event in events] == ["loaded"]
    kinds = set(page.signer_types())
    expected = {camel(name) for name, types in FIELD_TYPES if types & kinds}
    assert report["mode"] == "open"
    assert report["title"] == page.title
    assert set(report["names"]) == expected | {"signerType", "showName", "sendUpdates"}
    assert report["signerTypes"] == [kind for kind in Signature.SignerType.values if kind in kinds]
    assert report["checked"] == [], "consents must be off by default"
    # The fallback link stays in the light DOM (not rendered: the shadow root has no slot).
    assert report["fallback"] == {
        "href": f"{site_url}{page.url}?utm_source=leeds-cf&utm_medium=embed",
        "text": f"Sign the pledge: {page.title}",
        "shown": False,
    }


LOOKS = [(variant, theme) for variant in VARIANTS for theme in THEMES]


def gallery(partners, pledge, site_url):
    """Every variant in every theme, one widget each (one data request for them all)."""
    return "\n".join(
        snippet(partners, pledge, site_url, variant=variant, theme=theme)
        for variant, theme in LOOKS
    )


def axe_findings(page):
    result = page.evaluate(AXE_RUN, AXE_TAGS)
    assert result["insideChecked"] > 0, "axe checked nothing inside the widgets"
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} in "
        + ", ".join(f"{'-'.join(LOOKS[index])} {target}" for index, target in rule["nodes"])
        for rule in result["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_wcag_violations_inside_any_widget(
    browser_contexts, publish, allowed, partners, pledge, site_url, width
):
    url = publish(gallery(partners, pledge, site_url))
    with open_host(browser_contexts["axe"], url, allowed=allowed, width=width) as visit:
        assert len(visit.wait_for_events(len(LOOKS))) == len(LOOKS)
        visit.page.add_script_tag(path=str(AXE))
        fresh = axe_findings(visit.page)
        # And with the errors an empty form brings, announced beside each field.
        widgets = visit.page.locator("[data-keepitlocal-pledge]")
        forms = [index for index, (variant, _) in enumerate(LOOKS) if variant != "counter"]
        for index in forms:
            widgets.nth(index).locator("button[type=submit]").click()
        for index in forms:
            widgets.nth(index).locator("[aria-invalid=true]").first.wait_for()
        with_errors = axe_findings(visit.page)
    assert visit.errors == []
    assert not fresh, "axe-core found:\n" + "\n".join(fresh)
    assert not with_errors, "axe-core found, with errors shown:\n" + "\n".join(with_errors)


def widget_styles(browser_contexts, url, allowed, count, *, provoke=False):
    """Computed styles inside each widget; with `provoke`, one CSP violation of our
    own making afterwards, which the page's listener must have seen."""
    with open_host(browser_contexts["js"], url, allowed=allowed, height=4000) as visit:
        visit.wait_for_events(count)
        styles = visit.page.evaluate(STYLES, STYLE_PROPERTIES)
        if provoke:
            visit.page.evaluate("() => { new Image().src = 'http://nowhere.invalid/x.png'; }")
            visit.page.wait_for_function("window.__seen.violations.length > 0")
        return visit, styles


def test_hostile_host_css_and_strict_csp_change_nothing(
    browser_contexts, publish, allowed, partners, pledge, site_url
):
    body = "\n".join(snippet(partners, pledge, site_url, variant=v) for v in VARIANTS)
    plain, plain_styles = widget_styles(browser_contexts, publish(body, csp=False), allowed, 3)
    hostile, hostile_styles = widget_styles(
        browser_contexts, publish(body, css=True), allowed, 3, provoke=True
    )

    assert hostile.response.headers["content-security-policy"] == strict_csp(site_url)
    assert [event["type"] for event in hostile.final["events"]] == ["loaded"] * 3
    assert [len(widget) for widget in hostile_styles] == [len(widget) for widget in plain_styles]
    changed = [
        f"{VARIANTS[index]} {name} {prop}: {plain_style[prop]} -> {hostile_style[prop]}"
        for index, (plain_widget, hostile_widget) in enumerate(
            zip(plain_styles, hostile_styles, strict=True)
        )
        for (name, plain_style), (_, hostile_style) in zip(
            plain_widget, hostile_widget, strict=True
        )
        for prop in STYLE_PROPERTIES
        if plain_style[prop] != hostile_style[prop]
    ]
    assert changed == [], "the host page's CSS reached inside the widget"
    assert hostile.errors == []
    assert hostile.final["violations"] == ["img-src http://nowhere.invalid/x.png"]
    assert [text for _, text in hostile.console if "Content Security Policy" in text] == [
        text for _, text in hostile.console if "nowhere.invalid" in text
    ]


def test_two_widgets_make_one_data_request(
    browser_contexts, publish, allowed, partners, pledge, council_pledge, site_url
):
    body = snippet(partners, pledge, site_url) + snippet(
        partners, council_pledge, site_url, variant="counter"
    )
    with open_host(browser_contexts["js"], publish(body), allowed=allowed) as visit:
        events = visit.wait_for_events(2)
        titles = visit.page.locator("[data-keepitlocal-pledge] h2").all_inner_texts()
        requests = visit.data_requests()
    assert sorted((event["type"], event["widget"]) for event in events) == [
        ("loaded", 0),
        ("loaded", 1),
    ]
    assert titles == [pledge.title, council_pledge.title]
    assert len(requests) == 1, requests
    assert f"pledges={council_pledge.slug}%2C{pledge.slug}&partner=leeds-cf" in requests[0]


def counted(pledge):
    return Signature.objects.counted().filter(pledge=pledge).count()


def test_keyboard_signing_fires_events_and_credits_partner_and_utm(
    browser_contexts, publish, allowed, partners, pledge, site_url
):
    email = "keyboard@example.org"
    query = "?utm_source=leeds-newsletter&utm_campaign=spring-appeal"
    url = publish(snippet(partners, pledge, site_url), query=query)
    count = counted(pledge)
    with open_host(browser_contexts["js"], url, allowed=allowed) as visit:
        page = visit.page
        visit.wait_for_events(1)
        stops = tab_to(page, {"name": "signerType"})
        for _ in range(len(pledge.signer_types())):  # arrows move within a radio group
            if page.evaluate(FOCUSED)["value"] == "individual":
                break
            page.keyboard.press("ArrowDown")
        focus = page.evaluate(FOCUSED)
        assert (focus["value"], focus["checked"]) == ("individual", True)
        stops += tab_to(page, {"name": "name"})
        page.keyboard.type("Ada Keyboard")
        stops += tab_to(page, {"name": "email"})
        page.keyboard.type("ada-at-example.org")
        stops += tab_to(page, {"name": "showName"})
        page.keyboard.press("Space")
        stops += tab_to(page, {"tag": "button"})
        page.keyboard.press("Enter")
        # The error summary takes focus; its link leads to the field to mend.
        page.wait_for_function(f"() => ({FOCUSED})()?.role === 'alert'")
        summary = page.evaluate(FOCUSED)["text"]
        stops += tab_to(page, {"tag": "a"})
        page.keyboard.press("Enter")
        assert page.evaluate(FOCUSED)["name"] == "email"
        page.keyboard.press("Control+A")
        page.keyboard.type(email)
        stops += tab_to(page, {"tag": "button"})
        page.keyboard.press("Enter")
        visit.wait_for_events(1, types=("signed",))
        thanks = page.evaluate(FOCUSED)

    assert visit.errors == []
    assert "There is a problem" in summary and "email" in summary.lower()
    assert thanks["role"] == "status" and "Check your email" in thanks["text"]
    assert [stop["name"] or stop["tag"] for stop in stops if not stop["ring"]] == [], (
        "no focus ring"
    )
    events = visit.final["events"]
    assert [event["type"] for event in events] == ["loaded", "signed"]
    detail = {"pledge": pledge.slug, "partner": "leeds-cf", "count": count}
    for event in events:
        assert event == {**event, "widget": 0, "bubbles": True, "composed": True, "detail": detail}
    assert "keyboard" not in json.dumps(events).lower()  # neither the name nor the email

    signature = Signature.objects.get(email=email)
    assert signature.partner == partners["leeds"]
    assert (signature.utm_source, signature.utm_medium, signature.utm_campaign) == (
        "leeds-newsletter",
        "",
        "spring-appeal",
    )
    assert (signature.signer_type, signature.name) == ("individual", "Ada Keyboard")
    assert (signature.show_name, signature.send_updates) == (True, False)
    assert signature.status == Signature.Status.PENDING
    assert [message.to for message in mail.outbox] == [[email]]


def shown_count(fresh_context, url, allowed):
    """What a new visitor sees: the loaded event's count and the number on screen."""
    with open_host(fresh_context(), url, allowed=allowed) as visit:
        (event,) = visit.wait_for_events(1)
        shown = widget(visit.page).locator(".n strong").inner_text()
    return event["detail"]["count"], shown


def test_count_goes_up_once_the_signature_is_confirmed(
    browser_contexts, fresh_context, publish, allowed, partners, pledge, site_url
):
    email = "counted@example.org"
    counter = publish(snippet(partners, pledge, site_url, variant="counter"))
    before = counted(pledge)
    assert before >= pledge.count_shown_from
    assert shown_count(fresh_context, counter, allowed) == (before, str(before))

    with open_host(
        browser_contexts["js"], publish(snippet(partners, pledge, site_url)), allowed=allowed
    ) as visit:
        visit.wait_for_events(1)
        sign_in_widget(visit.page, name="Cora Counted", email=email)
        visit.wait_for_events(1, types=("signed",))
    assert shown_count(fresh_context, counter, allowed) == (before, str(before))

    with open_host(
        browser_contexts["js"], site_url + link("confirm", to=email), allowed=allowed
    ) as visit:
        assert visit.response.status == 200
        # Opening the link only offers the button; the POST confirms.
        assert Signature.objects.get(email=email).status == Signature.Status.PENDING
        with visit.page.expect_navigation():
            visit.page.get_by_role("button", name="Confirm my signature").click()
    assert Signature.objects.get(email=email).status == Signature.Status.CONFIRMED
    assert shown_count(fresh_context, counter, allowed) == (before + 1, str(before + 1))


# case: (the site the page is on, the partner whose snippet it carries)
REFUSED = {
    "unlisted-site": ("stranger", "leeds"),
    "another-partners-snippet": ("partner", "elsewhere"),
}


@pytest.fixture(params=list(REFUSED))
def refused(request, publish, partner_site, stranger_site, partners):
    """A page that may not use our embeds: its case, the partner and how to publish it."""
    site_name, partner = REFUSED[request.param]
    site = {"stranger": stranger_site, "partner": partner_site}[site_name]
    return SimpleNamespace(
        case=request.param,
        partner=partners[partner],
        publish=lambda body: publish(body, site=site),
    )


def test_non_allowed_origin_cannot_frame_the_iframe(
    browser_contexts, refused, allowed, pledge, site_url
):
    url = refused.publish(iframe_snippet(refused.partner, pledge, base_url=site_url))
    with open_host(browser_contexts["js"], url, allowed=allowed) as visit:
        (frame,) = visit.page.main_frame.child_frames
        frame_url = frame.url
        content = frame.content()
    assert not frame_url.startswith(site_url), frame_url
    assert pledge.title not in content
    assert "data-parent-origins" not in content
    assert any("frame-ancestors" in text for _, text in visit.console), visit.console


def test_non_allowed_origin_cannot_sign_through_the_script(
    browser_contexts, refused, allowed, pledge, site_url
):
    email = f"{refused.case}@example.org"
    url = refused.publish(script_snippet(refused.partner, pledge, base_url=site_url))
    with open_host(browser_contexts["js"], url, allowed=allowed) as visit:
        visit.wait_for_events(1)
        sign_in_widget(visit.page, name="Eve Elsewhere", email=email)
        summary = widget(visit.page).locator("[role=alert]")
        summary.wait_for()
        message = summary.inner_text()
    assert visit.errors == []
    assert [event["type"] for event in visit.final["events"]] == ["loaded"]
    assert not Signature.objects.filter(email=email).exists()
    if refused.case == "unlisted-site":
        # Refused by the browser: the preflight got no Access-Control-Allow-Origin.
        assert "could not be sent" in message
        assert any("CORS policy" in text for _, text in visit.console), visit.console
    else:
        # Past CORS (the site is another partner's), refused by our origin check.
        assert "Signing from this website is not allowed." in message


def our_frame(page, site_url):
    return next(frame for frame in page.frames if frame.url.startswith(site_url + "/embed/"))


def test_iframe_signs_without_javascript(
    browser_contexts, publish, allowed, partners, pledge, site_url
):
    email = "noscript@example.org"
    url = publish(iframe_snippet(partners["leeds"], pledge, base_url=site_url))
    with open_host(browser_contexts["nojs"], url, allowed=allowed) as visit:
        frame = visit.page.frame_locator("iframe")
        frame.locator("input[name=signer_type][value=individual]").check()
        frame.locator("input[name=name]").fill("Nell Noscript")
        frame.locator("button[type=submit]").click()
        # A plain post: the page comes back with the error beside the field.
        frame.locator("#error-email:not([hidden])").wait_for()
        error = frame.locator("#error-email").inner_text()
        frame.locator("input[name=email]").fill(email)
        frame.locator("button[type=submit]").click()
        frame.locator("[role=status]").wait_for()
        thanks = frame.locator("main").inner_text()
        thanks_url = our_frame(visit.page, site_url).url
        host_url = visit.page.url
    assert visit.errors == []
    assert error
    assert "/thanks/" in thanks_url and "partner=leeds-cf" in thanks_url
    assert host_url == url, "the host page must stay where it was"
    assert "Ask others to sign" in thanks
    signature = Signature.objects.get(email=email)
    assert (signature.partner, signature.name) == (partners["leeds"], "Nell Noscript")


def test_iframe_resizes_to_its_content_for_our_frames_only(
    browser_contexts, publish, allowed, partners, pledge, site_url, stranger_site
):
    stranger_site.publish("/not-ours/", html_page("<p>Someone else's frame.</p>"))
    csp = strict_csp(site_url).replace(
        f"frame-src {site_url}", f"frame-src {site_url} {stranger_site.origin}"
    )
    body = (
        snippet(partners, pledge, site_url, variant="counter")
        + iframe_snippet(partners["leeds"], pledge, base_url=site_url)
        + f'<iframe id="stranger" src="{stranger_site.origin}/not-ours/" title="Not ours"></iframe>'
    )
    with open_host(browser_contexts["js"], publish(body, csp=csp), allowed=allowed) as visit:
        page = visit.page
        ours = page.locator("iframe[src*='/embed/pledges/']")
        page.wait_for_function(
            "() => document.querySelector(\"iframe[src*='/embed/pledges/']\").style.height"
        )
        content = our_frame(page, site_url).evaluate(
            "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"
        )
        sized = ours.evaluate(FRAME_HEIGHT)
        # A frame from another origin asks to be resized too; it must be ignored.
        page.evaluate(
            "() => { window.__heard = []; addEventListener('message', (e) => __heard.push(e.origin)); }"
        )
        stranger = next(
            frame for frame in page.frames if frame.url.startswith(stranger_site.origin)
        )
        stranger.evaluate("() => parent.postMessage({type: 'keepitlocal:resize', height: 99}, '*')")
        page.wait_for_function("(origin) => __heard.includes(origin)", arg=stranger_site.origin)
        stranger_height = page.locator("#stranger").evaluate(FRAME_HEIGHT)
    assert visit.errors == []
    assert sized["style"] == f"{content}px"
    assert sized["inner"] == content != 640
    assert stranger_height == {"inner": 150, "style": ""}


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def never_answer(held):
    return lambda route: held.append(route)


FAILURES = {
    "server-stopped": None,
    "data-aborted": lambda route: route.abort(),
    "data-500": lambda route: route.fulfill(
        status=500, json={"error": "x"}, headers={"Access-Control-Allow-Origin": "*"}
    ),
    "data-too-slow": "hold",
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_fallback_link_stays_when_we_are_down(
    browser_contexts, publish, allowed, partners, pledge, site_url, failure
):
    handler = FAILURES[failure]
    held = []
    base = f"http://127.0.0.1:{closed_port()}" if handler is None else site_url
    routes = []
    if handler is not None:
        routes = [("**/embed/v1/data/**", never_answer(held) if handler == "hold" else handler)]
    csp = strict_csp(base)
    body = script_snippet(partners["leeds"], pledge, base_url=base)
    with open_host(
        browser_contexts["js"], publish(body, csp=csp), allowed=[*allowed, base], routes=routes
    ) as visit:
        if handler is not None:
            visit.wait_for_events(1, timeout=20000)  # the widget gives up after 5 s
        link = widget(visit.page).locator(":scope > a")
        fallback = (link.is_visible(), link.get_attribute("href"))
        has_shadow = widget(visit.page).evaluate("(host) => host.shadowRoot !== null")
    assert fallback == (True, f"{base}{pledge.url}?utm_source=leeds-cf&utm_medium=embed")
    assert has_shadow is False
    assert visit.errors == []
    assert visit.final["calls"] == [], "our script logged to the host's console"
    # Only the browser's own network messages, never ours.
    assert [
        text for _, text in visit.console if not text.startswith("Failed to load resource")
    ] == []
    expected = (
        [] if handler is None else [{"pledge": pledge.slug, "partner": "leeds-cf", "count": None}]
    )
    assert [event["detail"] for event in visit.final["events"]] == expected


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_every_variant(
    browser_contexts, publish, allowed, partners, pledge, site_url, screenshot_dir, width
):
    with open_host(
        browser_contexts["js"],
        publish(gallery(partners, pledge, site_url)),
        allowed=allowed,
        width=width,
    ) as visit:
        visit.wait_for_events(len(LOOKS))
        for index, (variant, theme) in enumerate(LOOKS):
            widget(visit.page, index).screenshot(
                path=screenshot_dir / f"embed-{variant}-{theme}-{width}.png"
            )
        layout = visit.page.evaluate(OVERFLOW)
        # The full widget with the errors of an empty form, and after signing.
        full = widget(visit.page, LOOKS.index(("full", "light")))
        full.locator("button[type=submit]").click()
        full.locator("[role=alert]").wait_for()
        full.screenshot(path=screenshot_dir / f"embed-full-light-errors-{width}.png")
        sign_in_widget(
            visit.page,
            LOOKS.index(("full", "light")),
            name="Sam Shot",
            email=f"shot{width}@example.org",
        )
        visit.wait_for_events(1, types=("signed",))
        full.screenshot(path=screenshot_dir / f"embed-full-light-thanks-{width}.png")
        after = visit.page.evaluate(OVERFLOW)
    body = snippet(partners, pledge, site_url, variant="counter") + iframe_snippet(
        partners["leeds"], pledge, base_url=site_url
    )
    # Tall enough for the whole frame: parts of a cross-origin frame outside
    # the viewport may not be painted for the screenshot.
    with open_host(
        browser_contexts["js"], publish(body), allowed=allowed, width=width, height=2400
    ) as framed:
        framed.page.wait_for_function("() => document.querySelector('iframe').style.height")
        framed.page.locator("iframe").screenshot(path=screenshot_dir / f"embed-iframe-{width}.png")
        frame_layout = framed.page.evaluate(OVERFLOW)
        inside = our_frame(framed.page, site_url).evaluate(
            "() => document.documentElement.scrollWidth <= innerWidth"
        )
    assert visit.errors == framed.errors == []
    for found in (layout, after, frame_layout):
        assert found["scrollWidth"] <= found["innerWidth"]
        assert found["wide"] == []
    assert inside, "the iframe's page scrolls sideways"


def test_script_adds_one_global(browser_contexts, publish, allowed, partners, pledge, site_url):
    placeholder = re.sub(r"<script\b[^>]*></script>\s*", "", snippet(partners, pledge, site_url))
    with open_host(browser_contexts["js"], publish(placeholder), allowed=allowed) as visit:
        before = visit.page.evaluate("Object.keys(window)")
        visit.page.add_script_tag(url=f"{site_url}/embed/v1/pledge.js")
        visit.wait_for_events(1)
        added = visit.page.evaluate(
            "(before) => Object.keys(window).filter((k) => !before.includes(k))", before
        )
        api = visit.page.evaluate("Object.keys(window.KeepItLocal)")
    assert visit.errors == []
    assert added == ["KeepItLocal"]
    assert api == ["start"]
