"""Every page type in a real browser: errors, WCAG 2.2 AA, layout, keyboard and no-JS."""

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Read-only tests; the marker makes pytest-django create the test database.
pytestmark = pytest.mark.django_db

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def add_axe(page):
    """Load axe-core through DevTools: the site's CSP (rightly) refuses the
    inline <script> that `add_script_tag` would write."""
    page.evaluate(AXE.read_text())


# name: (path, expected status). Names become screenshot file names.
PAGES = {
    "home": ("/", 200),
    "standard": ("/privacy/", 200),
    "story-index": ("/stories/", 200),
    "story-index-news": ("/stories/?kind=news", 200),
    "story-index-tag": ("/stories/?tag=christmas", 200),
    "story": ("/stories/christmas-wish-list/", 200),
    "case-study-index": ("/case-studies/", 200),
    "case-study-index-region": ("/case-studies/?region=yorkshire", 200),
    "case-study": ("/case-studies/leeds-community-mental-health/", 200),
    "pledge-council": ("/become-a-keep-it-local-council/", 200),
    "pledge-network": ("/join-the-network/", 200),
    "pledge-index": ("/pledges/", 200),
    "search": ("/search/?q=council", 200),
    "search-empty": ("/search/", 200),
    "not-found": ("/no-such-page/", 404),
}
WIDTHS = [375, 1280]

# JavaScript run in the page. `describe` names an element in failure messages.
DESCRIBE = """const describe = (el) => el.tagName.toLowerCase()
    + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
        ? "." + el.className.trim().split(/\\s+/).join(".") : "")
    + (el.getAttribute("href") ? `[href="${el.getAttribute("href")}"]` : "");"""

LOAD_IMAGES = """async () => {
    const images = [...document.images];
    images.forEach((img) => { img.loading = "eager"; });
    await Promise.all(images.map((img) => img.decode().catch(() => null)));
    return images.filter((img) => !img.naturalWidth).map((img) => img.src);
}"""

LAYOUT = f"""() => {{
    {DESCRIBE}
    const limit = window.innerWidth;
    const wide = [...document.body.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
        .filter((el) => !el.closest(".visually-hidden, .skip-link"));
    return {{
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: limit,
        wide: wide.slice(0, 10).map(describe),
        mains: document.querySelectorAll("main, [role=main]").length,
        h1s: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
    }};
}}"""

# Numbers every link, and returns the numbers of those a sighted user can see.
NUMBER_LINKS = """() => [...document.querySelectorAll("a[href]")]
    .map((a, index) => { a.dataset.linkIndex = index; return a; })
    .filter((a) => a.getClientRects().length && getComputedStyle(a).visibility !== "hidden")
    .map((a) => a.dataset.linkIndex)"""

FOCUSABLE = """() => document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"
).length"""

FOCUS = f"""() => {{
    {DESCRIBE}
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {{
        link: el.dataset.linkIndex ?? null,
        label: describe(el),
        skip: el.classList.contains("skip-link"),
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        onScreen: box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
    }};
}}"""

OUTLINE = """() => ({
    h1: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
})"""


@contextmanager
def open_page(contexts, url, *, width=1280, height=900, javascript=True):
    """A fresh tab at `url`; yields (page, response, errors)."""
    page = contexts[javascript].new_page()
    page.set_viewport_size({"width": width, "height": height})
    errors = []
    # Keep the tests hermetic: anything not from the live server is an error.
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))

    def block(route):
        errors.append(f"off-site request: {route.request.url}")
        route.abort()

    def on_console(message):
        if message.type == "error":
            errors.append(f"console error: {message.text} at {message.location.get('url')}")

    page.route(lambda request_url: not request_url.startswith(origin), block)
    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    try:
        response = page.goto(url, wait_until="load")
        yield page, response, errors
    finally:
        page.close()


def unexpected(errors, page_url, status):
    """Errors, less the one Chromium logs for a page that is meant to be an error page."""
    if status < 400:
        return errors
    expected = f"status of {status} (Not Found) at {page_url}"
    return [error for error in errors if not error.endswith(expected)]


@pytest.fixture(params=list(PAGES))
def target(request, site_url):
    path, status = PAGES[request.param]
    return {"name": request.param, "url": site_url + path, "status": status}


def test_page_loads_without_errors(contexts, target):
    with open_page(contexts, target["url"]) as (page, response, errors):
        broken_images = page.evaluate(LOAD_IMAGES)
    assert response.status == target["status"]
    assert unexpected(errors, target["url"], target["status"]) == []
    assert broken_images == []


def test_no_wcag_a_or_aa_violations(contexts, target):
    with open_page(contexts, target["url"]) as (page, _, _errors):
        add_axe(page)
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
    violations = [
        f"{rule['id']} ({rule['impact']}): {rule['help']}\n"
        + "\n".join(f"    {' '.join(node['target'])}" for node in rule["nodes"])
        for rule in result["violations"]
    ]
    assert not violations, "axe-core found:\n" + "\n".join(violations)


@pytest.mark.parametrize("width", WIDTHS)
def test_layout_holds(contexts, target, width, screenshot_dir):
    with open_page(contexts, target["url"], width=width) as (page, _, _errors):
        page.evaluate(LOAD_IMAGES)  # lazy images below the fold, for the screenshot
        page.screenshot(path=screenshot_dir / f"{target['name']}-{width}.png", full_page=True)
        layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["innerWidth"], f"too wide: {layout['wide']}"
    assert layout["wide"] == [], "elements past the right edge"
    assert layout["mains"] == 1
    assert len(layout["h1s"]) == 1, layout["h1s"]


def test_keyboard_reaches_every_link(contexts, target):
    with open_page(contexts, target["url"]) as (page, _, _errors):
        visible_links = set(page.evaluate(NUMBER_LINKS))
        stops = []
        for _ in range(page.evaluate(FOCUSABLE) + 5):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS)
            if focus is None or (stops and focus == stops[0]):
                break  # focus has left the page, or come round again
            stops.append(focus)
        missed = page.evaluate(
            "(numbers) => numbers.map((n) => "
            "document.querySelector(`[data-link-index='${n}']`).getAttribute('href'))",
            sorted(visible_links - {stop["link"] for stop in stops}),
        )
        # The skip link takes keyboard users past the header into <main>.
        page.focus("a.skip-link")
        page.keyboard.press("Enter")
        skipped_to = page.evaluate("document.activeElement.id")

    assert stops and stops[0]["skip"], "the skip link should be the first Tab stop"
    assert missed == [], "links Tab never reaches"
    assert [stop["label"] for stop in stops if not stop["ring"]] == [], "no focus ring"
    assert [stop["label"] for stop in stops if not stop["onScreen"]] == [], "focus off screen"
    assert skipped_to == "main"


def test_works_without_javascript(contexts, target):
    with open_page(contexts, target["url"]) as (page, _, _errors):
        with_js = page.evaluate(OUTLINE)
    with open_page(contexts, target["url"], javascript=False) as (page, response, _errors):
        without_js = page.evaluate(OUTLINE)
    assert response.status == target["status"]
    assert without_js == with_js


@pytest.mark.parametrize(
    ("start", "field", "value", "lands_on", "status_text"),
    [
        ("/search/", "#q", "council", "/search/?q=council", "for “council”"),
        ("/no-such-page/", "#q-404", "wish", "/search/?q=wish", "for “wish”"),
        (
            "/case-studies/",
            "#filter-region",
            "yorkshire",
            "/case-studies/?region=yorkshire",
            "2 case",
        ),
    ],
    ids=["search", "not-found", "case-study-filters"],
)
def test_forms_work_without_javascript(
    contexts, site_url, start, field, value, lands_on, status_text
):
    with open_page(contexts, site_url + start, javascript=False) as (page, _, _errors):
        control = page.locator(field)
        if control.evaluate("(el) => el.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
        with page.expect_navigation():
            control.locator("xpath=ancestor::form").locator("[type=submit]").click()
        assert page.url.startswith(site_url + lands_on)
        assert status_text in page.locator("[role=status]").inner_text()
