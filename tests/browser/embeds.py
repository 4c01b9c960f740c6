"""Helpers for the embed browser tests: what a partner's page logs, and reading the widget.

The upper-case strings are functions run in the page (`page.evaluate`) that
read a widget's shadow root: what it rendered, its computed styles, axe-core's
findings inside it, and whether anything overflows.

`open_host` opens a partner page in a fresh tab and records everything the
host page could notice: uncaught exceptions, console messages (the browser's
own and any console.* call made by a script), CSP violations, our widget's
events and every request it makes.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

# Runs before any page script, in every frame. Playwright injects it through
# the DevTools protocol, so the host page's CSP does not stop it.
WATCH = """(() => {
    const seen = { events: [], violations: [], calls: [] };
    Object.defineProperty(window, "__seen", { value: seen });
    const hosts = () => [...document.querySelectorAll("[data-keepitlocal-pledge]")];
    for (const type of ["loaded", "signed", "error"]) {
        document.addEventListener(`keepitlocal:${type}`, (event) => seen.events.push({
            type,
            widget: hosts().indexOf(event.target),
            bubbles: event.bubbles,
            composed: event.composed,
            detail: JSON.parse(JSON.stringify(event.detail)),
        }));
    }
    document.addEventListener("securitypolicyviolation", (event) =>
        seen.violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
        const original = console[level];
        console[level] = (...args) => {
            seen.calls.push(`${level}: ${args.map(String).join(" ")}`);
            return original.apply(console, args);
        };
    }
})();"""

# The element focused inside a widget's shadow root, or null when focus is elsewhere.
FOCUSED = """() => {
    const host = document.activeElement;
    const inner = host && host.shadowRoot && host.shadowRoot.activeElement;
    if (!inner) return null;
    return {
        tag: inner.tagName.toLowerCase(),
        name: inner.getAttribute("name") || "",
        type: inner.getAttribute("type") || "",
        role: inner.getAttribute("role") || "",
        text: inner.textContent.trim().slice(0, 80),
        checked: inner.checked === true,
        value: inner.value || "",
        ring: getComputedStyle(inner).outlineStyle !== "none",
    };
}"""


@dataclass
class Visit:
    page: object
    response: object
    errors: list = field(default_factory=list)
    console: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    final: dict = None  # what WATCH saw, kept when the tab closes

    @property
    def seen(self):
        return self.page.evaluate("window.__seen")

    def wait_for_events(self, count, types=("loaded", "error"), timeout=15000):
        self.page.wait_for_function(
            "([count, types]) => window.__seen.events"
            ".filter((e) => types.includes(e.type)).length >= count",
            arg=[count, list(types)],
            timeout=timeout,
        )
        return [event for event in self.seen["events"] if event["type"] in types]

    def data_requests(self):
        return [url for method, url in self.requests if "/embed/v1/data/" in url]


@contextmanager
def open_host(context, url, *, allowed, width=1280, height=900, routes=()):
    """A fresh tab at `url`; requests to origins outside `allowed` fail the test.

    `routes` are (pattern, handler) pairs for page.route, set before loading.
    """
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.add_init_script(WATCH)
    visit = Visit(page, None)

    def block(route):
        visit.errors.append(f"off-site request: {route.request.url}")
        route.abort()

    page.route(lambda request_url: not request_url.startswith(tuple(allowed)), block)
    for pattern, handler in routes:
        page.route(pattern, handler)
    page.on("console", lambda message: visit.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: visit.requests.append((request.method, request.url)))
    try:
        visit.response = page.goto(url, wait_until="load")
        yield visit
    finally:
        if not page.is_closed():
            visit.final = page.evaluate("window.__seen || null")
        page.close()


def tab_to(page, wanted, *, limit=40):
    """Press Tab until the focused widget element matches `wanted` (a dict subset).

    Returns every stop on the way; fails if focus leaves the widget first.
    """
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED)
        stops.append(focus)
        assert focus is not None, f"focus left the widget looking for {wanted}: {stops}"
        if all(focus.get(key) == value for key, value in wanted.items()):
            return stops
    raise AssertionError(f"Tab never reached {wanted}: {stops}")


# What a widget rendered, and what became of the fallback link.
WIDGET_REPORT = """(index) => {
    const host = document.querySelectorAll("[data-keepitlocal-pledge]")[index];
    const root = host.shadowRoot;
    const fallback = host.querySelector(":scope > a");
    return {
        mode: root && root.mode,
        title: root && root.querySelector("h2").textContent,
        names: root ? [...new Set([...root.querySelectorAll("input, select")]
            .filter((el) => !el.closest("[aria-hidden=true]")).map((el) => el.name))] : [],
        signerTypes: root ? [...root.querySelectorAll("input[name=signerType]")]
            .map((el) => el.value) : [],
        checked: root ? [...root.querySelectorAll("input[type=checkbox]")]
            .filter((el) => el.checked).map((el) => el.name) : [],
        fallback: fallback && {href: fallback.getAttribute("href"),
            text: fallback.textContent, shown: fallback.getClientRects().length > 0},
    };
}"""


AXE_RUN = """async (tags) => {
    const hosts = [...document.querySelectorAll("[data-keepitlocal-pledge]")];
    const result = await axe.run({ include: hosts }, {
        runOnly: { type: "tag", values: tags }, elementRef: true,
    });
    const widget = (node) => hosts.indexOf(node.element.getRootNode().host);
    return {
        violations: result.violations.map((rule) => ({
            id: rule.id, impact: rule.impact, help: rule.help,
            nodes: rule.nodes.map((node) => [widget(node), node.target.flat().join(" >>> ")]),
        })),
        // Proof that axe looked inside the shadow roots, not only at the hosts.
        insideChecked: result.passes.flatMap((rule) => rule.nodes).filter((node) => widget(node) >= 0).length,
    };
}"""


STYLE_PROPERTIES = [
    "display", "visibility", "color", "background-color", "font-family", "font-size",
    "font-style", "font-weight", "line-height", "letter-spacing", "word-spacing",
    "text-transform", "text-align", "text-indent", "text-shadow", "white-space", "cursor",
    "box-sizing", "margin-top", "margin-left", "padding-top", "padding-left",
    "border-top-width", "border-top-style", "outline-style", "width", "height",
]  # fmt: skip

STYLES = """(properties) => [...document.querySelectorAll("[data-keepitlocal-pledge]")]
    .map((host) => [...host.shadowRoot.querySelectorAll("*")].map((el) => {
        const style = getComputedStyle(el);
        const name = el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class") : "")
            + (el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "");
        return [name, Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]))];
    }))"""


# Anything in a widget reaching past its own right edge, or the page scrolling sideways.
OVERFLOW = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    wide: [...document.querySelectorAll("[data-keepitlocal-pledge]")].flatMap((host, index) => {
        const edge = host.getBoundingClientRect().right + 0.5;
        return [...host.shadowRoot.querySelectorAll("*")]
            .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > edge)
            .map((el) => `${index} ${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""}`);
    }),
})"""


# The frame's inner height (its border aside) and what pledge.js set.
FRAME_HEIGHT = "(frame) => ({ inner: frame.clientHeight, style: frame.style.height })"


def widget(page, index=0):
    return page.locator("[data-keepitlocal-pledge]").nth(index)


def sign_in_widget(page, index=0, *, signer="individual", **values):
    """Fill one widget's form and send it (pointer and fill: for tests not about the keyboard)."""
    form = widget(page, index)
    form.locator(f"input[name=signerType][value={signer}]").check()
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
