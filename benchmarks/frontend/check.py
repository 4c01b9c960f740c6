"""Like for like: the frontend and the native render must be the same page."""

import re
from collections import Counter
from html.parser import HTMLParser

from comments.forms import TOKEN_OK, TOKEN_TOO_FAST, check_form_token

from .site_content import EXPECTED_STORY, INDEX_PAGE_SIZE
from .variants import NATIVE, PAGES, check_cached, check_frontend, check_native, page_cache_on


class Shape(HTMLParser):
    """What a reader gets: counts of the elements that carry content, and the text."""

    CLASSES = {
        ("li", "wish"),
        ("div", "rich-text"),
        ("figure", "figure"),
        ("figure", "quote"),
        ("aside", "cta"),
        ("article", "card"),
        ("nav", "breadcrumbs"),
        ("nav", "pagination"),
        ("section", "comments"),
        ("form", "comment-form"),
    }

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.counts = Counter()
        self.text = []
        self.h1 = []
        self.attributes = Counter()  # every (tag, attribute, value): links, srcsets, meta
        self._in_h1 = False
        self.feed(html)
        self.text = " ".join(" ".join(self.text).split())

    def handle_starttag(self, tag, attrs):
        self.counts[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value)] += 1
            if name == "class":
                for css_class in (value or "").split():
                    if (tag, css_class) in self.CLASSES:
                        self.counts[f"{tag}.{css_class}"] += 1
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_h1:
            self.h1.append(data.strip())


def _expected(page):
    if page == "story":
        return {
            "img": 1 + EXPECTED_STORY["body_images"],  # the hero, then the body's images
            "li.wish": EXPECTED_STORY["wishes"],
            "div.rich-text": EXPECTED_STORY["paragraphs"] + 1,  # and the footer text
            "figure.figure": EXPECTED_STORY["body_images"],
            "figure.quote": EXPECTED_STORY["quotes"],
            "aside.cta": EXPECTED_STORY["ctas"],
            # Comments are open on the story (site_content), none posted yet.
            "section.comments": 1,
            "form.comment-form": 1,
        }
    return {"article.card": INDEX_PAGE_SIZE, "img": INDEX_PAGE_SIZE, "nav.pagination": 1}


# The comment form's hidden `form_token` signs the page and the moment the form
# was served (comments.forms.form_token: the bot trap for comments posted too
# fast or too late), so it differs between any two renders, and a cached page
# keeps the one from when it was stored (valid for a day, far beyond the page
# cache's life). It is the only per-request value in our pages: no CSRF token
# for anonymous readers, no nonce in the markup. So the comparison checks that
# each token is genuine for the page's form, then sets exactly that value aside.
FORM_TOKEN = re.compile(
    r'(<input type="hidden" name="page" value="(\d+)" id="id_page">'
    r'<input type="hidden" name="parent" id="id_parent">'
    r'<input type="hidden" name="form_token" value=")([^"]*)(")'
)
GENUINE = {TOKEN_OK, TOKEN_TOO_FAST}  # too fast for a post, but ours and for this page


def without_form_token(html, problems, label):
    """The page with its comment form token replaced; a note in `problems` if one is not ours."""

    def replace(match):
        outcome = check_form_token(match[3], int(match[2]))
        if outcome not in GENUINE:
            problems.append(f"the {label} page's comment form token is {outcome}")
        return match[1] + "(form token)" + match[4]

    return FORM_TOKEN.sub(replace, html)


def _normalised(html):
    return re.sub(r">\s+<", "><", " ".join(html.split()))


def sanity_check(client, paths, titles):
    """Both renders must be the same page: fails the run otherwise.

    Same <h1>, same count of every element, every attribute value (so every
    link, image URL, srcset and meta tag) and the same text; the counts the
    content was seeded with; and the cached answer byte for byte the
    uncached one. The comment form's token is checked and set aside first
    (see FORM_TOKEN). Returns whether the HTML is also identical once
    whitespace is collapsed (reported, not required).
    """
    identical = {}
    for page, path in paths.items():
        frontend = check_frontend(client.get(path))
        native = check_native(client.get(path, **NATIVE))
        with page_cache_on():
            client.get(path)  # a MISS stores it
            cached = check_cached(client.get(path))
        problems = []
        ours_html = without_form_token(frontend.content.decode(), problems, "frontend")
        theirs_html = without_form_token(native.content.decode(), problems, "native")
        if without_form_token(cached.content.decode(), problems, "cached") != ours_html:
            problems.append("the cached page differs from the uncached one")
        ours, theirs = Shape(ours_html), Shape(theirs_html)
        if ours.h1 != [titles[page]] or theirs.h1 != [titles[page]]:
            problems.append(f"<h1> frontend {ours.h1}, native {theirs.h1}, seeded {titles[page]!r}")
        for key, count in _expected(page).items():
            if ours.counts[key] != count or theirs.counts[key] != count:
                problems.append(
                    f"{key}: expected {count}, frontend {ours.counts[key]}, "
                    f"native {theirs.counts[key]}"
                )
        if ours.counts != theirs.counts:
            diff = {
                key: (ours.counts[key], theirs.counts[key])
                for key in ours.counts.keys() | theirs.counts.keys()
                if ours.counts[key] != theirs.counts[key]
            }
            problems.append(f"element counts differ (frontend, native): {diff}")
        if ours.attributes != theirs.attributes:
            only_ours = list((ours.attributes - theirs.attributes).elements())[:5]
            only_theirs = list((theirs.attributes - ours.attributes).elements())[:5]
            problems.append(
                f"attributes differ: only frontend {only_ours}, only native {only_theirs}"
            )
        if ours.text != theirs.text:
            at = next(
                (i for i, (a, b) in enumerate(zip(ours.text, theirs.text, strict=False)) if a != b),
                min(len(ours.text), len(theirs.text)),
            )
            problems.append(
                f"text differs at character {at}: frontend ...{ours.text[at - 60 : at + 60]!r}, "
                f"native ...{theirs.text[at - 60 : at + 60]!r}"
            )
        if problems:
            raise SystemExit(
                f"SANITY CHECK FAILED on the {PAGES[page]} ({path}): the frontend and the "
                "native render are not the same page, so their times would not compare. "
                "If the frontend templates changed, update benchmarks/frontend/templates/bench/ "
                "to match.\n  - " + "\n  - ".join(problems)
            )
        identical[page] = _normalised(ours_html) == _normalised(theirs_html)
    return identical
