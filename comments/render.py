"""Comment text: normalised once when posted, turned into HTML only when shown.

A comment is stored as plain text (see `ReaderComment`). `body_html` is the
only way it becomes HTML: every character is escaped, blank lines become
paragraphs, single newlines line breaks, and `http(s)://` addresses links.
The markup is built from escaped text and then passed through nh3 with an
allow-list of `p`, `br` and `a href` (http and https only), so even a bug in
the link finder cannot let a tag, an event handler or another URL scheme out.
"""

import html
import re
import unicodedata

import nh3

LINK_REL = "nofollow ugc noopener"
ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https"}

# Addresses start with a literal scheme, so "java&#x09;script:" or
# "data:text/html,..." stay text. A URL ends at whitespace or at characters
# that cannot appear unescaped in one.
URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"*_"
PAIRS = {")": "(", "]": "[", "}": "{"}

# Explicit bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069) can reorder the text around a comment or disguise a link;
# right-to-left writing needs none of them (the marks U+200E, U+200F and
# U+061C are kept). Other control characters have no place in a comment
# except the newline and the tab.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _control(char):
    return unicodedata.category(char) == "Cc" and char not in "\n\t"


def normalise_text(text):
    """The text as stored: NFC, "\\n" line ends, no stray controls, trimmed.

    NFC composes "w" plus a combining circumflex into "ŵ", so the same words
    compare equal however a keyboard typed them; every script survives as written.
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(BIDI_CONTROLS)
    text = "".join(char for char in text if not _control(char))
    lines = [line.rstrip() for line in text.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalise_line(text):
    """A one-line value (a name): controls removed, whitespace runs collapsed."""
    return " ".join(normalise_text(text).split())


def _trim(url):
    """Drop punctuation that ends a sentence rather than the address."""
    while url:
        last = url[-1]
        if last in TRAILING_PUNCTUATION:
            url = url[:-1]
        elif last in PAIRS and url.count(last) > url.count(PAIRS[last]):
            url = url[:-1]  # "(see https://example.org)" keeps its bracket outside
        else:
            break
    return url


def find_links(text):
    """Every web address in the text, as `body_html` would link it."""
    links = []
    for match in URL.finditer(text or ""):
        url = _trim(match.group(0))
        if url.partition("://")[2]:
            links.append(url)
    return links


def _linkify(line):
    parts, position = [], 0
    for match in URL.finditer(line):
        url = _trim(match.group(0))
        if not url.partition("://")[2]:
            continue
        start = match.start()
        parts.append(html.escape(line[position:start]))
        escaped = html.escape(url, quote=True)
        parts.append(f'<a href="{escaped}">{escaped}</a>')
        position = start + len(url)
    parts.append(html.escape(line[position:]))
    return "".join(parts)


def body_html(text):
    """Safe HTML for a comment's plain text: paragraphs, line breaks and links."""
    paragraphs = [part for part in normalise_text(text).split("\n\n") if part.strip()]
    markup = "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
