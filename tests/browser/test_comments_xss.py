"""The XSS corpus, posted through createReaderComment, approved, and opened in chromium.

Every payload tries to push onto `window.__pwned` (or open a dialog). Nothing
may run, and no element in the comments may carry an event handler or a
script or data URL, whether the payload came in the text, the name or the
website, through the API or (for the frontend's own escaping) straight into
the table, or through the page's own form with JavaScript.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

import pytest

from comments.models import ReaderComment
from tests.browser.comments import approve, comment_limits, fresh_contexts, post_comment, story  # noqa: F401
from tests.browser.test_pages import open_page
from tests.factories import ReaderCommentFactory

pytestmark = pytest.mark.django_db
STORY = "more-councils-sign-up"
RUN = "window.__pwned.push(1)"

BODIES = [
    f"<script>{RUN}</script>",
    f"<img src=x onerror={RUN}>",
    f'<a href="javascript:{RUN}">click</a>',
    f'<a href="jav&#x09;ascript:{RUN}">entity tab</a>',
    f"java&#x09;script:{RUN}",
    f'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{RUN}">x</a>',
    f"javascript:{RUN}",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZC5wdXNoKDEpPC9zY3JpcHQ+",
    f'<a href="data:text/html,<script>{RUN}</script>">data</a>',
    f"<svg onload={RUN}><script>{RUN}</script></svg>",
    f"<svg><a xlink:href='javascript:{RUN}'><text x='0' y='20'>svg link</text></a></svg>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f"<math href='javascript:{RUN}'>math link</math>",
    f"<div><p>unclosed <b>nesting</i></p><img src=x onerror={RUN}",
    f"<<script>script>{RUN}<</script>/script>",
    f"<!--<script>{RUN}//-->",
    f"<iframe src=javascript:{RUN}></iframe>",
    f"<form><button formaction=javascript:{RUN}>go</button></form>",
    f"<a href='https://ok.example' onclick='{RUN}' onmouseover='{RUN}'>hover me</a>",
    f"<details open ontoggle={RUN}>x</details>",
    f"<input autofocus onfocus={RUN}>",
    "{{ 7*7 }} {% now 'Y' %} ${7*7} <%= 7*7 %>",
    f'https://example.org/"onmouseover="{RUN}"x="',
    f"https://x.example/?q=<img/src/onerror={RUN}>",
    "https://x.example/`${window.__pwned.push(1)}`",
]
NAMES = [f"<script>{RUN}</script>", f'"><img src=x onerror={RUN}>', "{{ request.user }}"]
WEBSITES = [
    f"javascript:{RUN}",
    f"java\tscript:{RUN}",
    f"data:text/html,<script>{RUN}</script>",
    f'https://example.org/"onmouseover="{RUN}',
    f"https://example.org/'onfocus='{RUN}'autofocus='",
    f'"><script>{RUN}</script>',
    "https://example.org/fine",
]

# The page's own check: handlers, script URLs and elements that have no place in a comment.
INSPECT = """() => {
    const section = document.querySelector("#comments");
    const bad = [];
    const scriptUrl = (value) => /^(javascript|data|vbscript):/i.test(
        (value || "").replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, ""));
    for (const element of section.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            if (name.startsWith("on")) bad.push(`${element.tagName} ${name}`);
            if (["href", "src", "xlink:href", "action", "formaction", "data", "srcdoc"].includes(name)
                && scriptUrl(attribute.value)) bad.push(`${element.tagName} ${name}=${attribute.value}`);
        }
    }
    const inComments = "[data-comment-text] *, [data-comment-author] *";
    for (const element of section.querySelectorAll(inComments)) {
        if (!["P", "BR", "A"].includes(element.tagName)) bad.push(`<${element.tagName}> in a comment`);
    }
    return {
        bad,
        comments: section.querySelectorAll("[data-comment]").length,
        scripts: [...document.scripts].map((script) => script.src || "inline"),
        text: section.innerText,
    };
}"""
ARM = """window.__pwned = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = () => window.__pwned.push(name);
}"""


@pytest.fixture(scope="module")
def corpus(site_url, comment_limits, django_db_blocker):  # noqa: F811
    """Every payload posted through the API and approved; what the API refused, and why."""
    with django_db_blocker.unblock():
        page = story(STORY)
        moderator = get_user_model().objects.create_user("xss-moderator")
        client = Client()
        posted, refused = [], []
        fields = (
            [{"body": body} for body in BODIES]
            + [{"name": name} for name in NAMES]
            + [{"website": website} for website in WEBSITES]
        )
        for number, extra in enumerate(fields):
            data = {"name": f"Tester {number}", "email": f"xss{number}@example.org"}
            data["body"] = f"Payload {number}."
            data.update(extra)
            result = post_comment(client, page, **data)
            if result["errors"]:
                refused.append((extra, [error["code"] for error in result["errors"]]))
                continue
            approve(result["comment"]["id"], moderator)
            posted.append(extra)
        # Past the API's own checks: the frontend must still escape what is stored.
        for website in WEBSITES:
            ReaderCommentFactory(page=page, name=f'Stored "{website[:20]}', website=website)
        cache.clear()
        return {"url": site_url + page.url, "posted": posted, "refused": refused}


@pytest.fixture
def dialogs():
    return []


@pytest.fixture
def contexts(browser, dialogs):
    """Fresh contexts whose pages record any dialog and swap alert() and co. for a flag."""
    with fresh_contexts(browser) as made:
        for context in made.values():
            context.add_init_script(ARM)
            context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield made


def provoke(page):
    """Hover and focus everything in the comments, so any handler that got in would fire."""
    for card in page.locator("#comments .comment__card").all():
        card.hover(force=True)
    page.evaluate(
        """() => {
            for (const el of document.querySelectorAll("#comments [data-comment] *")) {
                for (const type of ["mouseover", "mouseenter", "pointerover"]) {
                    el.dispatchEvent(new MouseEvent(type, { bubbles: true }));
                }
                if (el.focus) { el.focus(); el.blur(); }
            }
        }"""
    )


def test_the_api_takes_every_body_and_name_and_refuses_bad_websites(corpus):
    refused_fields = {next(iter(extra)) for extra, _codes in corpus["refused"]}
    assert refused_fields <= {"website"}, corpus["refused"]
    for _extra, codes in corpus["refused"]:
        assert codes == ["INVALID"]
    assert {"website": "https://example.org/fine"} in corpus["posted"]


def test_nothing_from_the_corpus_runs_in_chromium(contexts, dialogs, corpus, screenshot_dir):
    with open_page(contexts, corpus["url"]) as (page, _, errors):
        provoke(page)
        page.wait_for_timeout(200)  # let any timer a payload set go off
        found = page.evaluate(INSPECT)
        pwned = page.evaluate("window.__pwned")
        page.locator("#comments").screenshot(path=screenshot_dir / "comments-xss.png")
    assert pwned == [] and dialogs == []
    assert found["bad"] == []
    assert found["comments"] == len(corpus["posted"]) + len(WEBSITES)
    # Typed text is shown as text, template syntax unevaluated.
    assert "<script>window.__pwned.push(1)</script>" in found["text"]
    assert "{{ 7*7 }} {% now 'Y' %} ${7*7} <%= 7*7 %>" in found["text"]
    assert [src for src in found["scripts"] if not src.endswith("/js/site.js")] == []
    assert errors == []


def test_a_payload_posted_through_the_page_with_javascript_stays_inert(contexts, dialogs, corpus):
    with open_page(contexts, corpus["url"]) as (page, _, errors):
        page.fill("#id_name", f"<img src=x onerror={RUN}>")
        page.fill("#id_email", "xss-form@example.org")
        page.fill("#id_body", f'<svg onload={RUN}><a href="javascript:{RUN}">x</a></svg>')
        page.click("#respond button[type=submit]")
        mine = page.locator("li.comment--pending")
        mine.wait_for()
        provoke(page)
        page.reload()  # and again, restored from sessionStorage
        page.locator("li.comment--pending").wait_for()
        provoke(page)
        found = page.evaluate(INSPECT)
        pwned = page.evaluate("window.__pwned")
    assert pwned == [] and dialogs == []
    assert found["bad"] == []
    assert "<svg onload" in found["text"]
    assert errors == []
    assert ReaderComment.objects.filter(email="xss-form@example.org").exists()
