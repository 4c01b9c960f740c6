"""`body_html`: paragraphs, line breaks and http(s) links; everything else is text."""

import pytest

from comments.render import body_html, find_links, normalise_line, normalise_text

REL = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize(
    "text,html",
    [
        ("One line.", "<p>One line.</p>"),
        ("First.\n\nSecond.", "<p>First.</p><p>Second.</p>"),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("A\r\n\r\n\r\n\r\nB", "<p>A</p><p>B</p>"),
        ("   \n\n  ", ""),
        (
            "See https://example.org/a?b=1&c=2.",
            f'<p>See <a href="https://example.org/a?b=1&amp;c=2" {REL}>'
            "https://example.org/a?b=1&amp;c=2</a>.</p>",
        ),
        (
            "(see https://en.wikipedia.org/wiki/Leeds_(city))",
            f'<p>(see <a href="https://en.wikipedia.org/wiki/Leeds_(city)" {REL}>'
            "https://en.wikipedia.org/wiki/Leeds_(city)</a>)</p>",
        ),
        ("http://", "<p>http://</p>"),
        ("ftp://example.org/file", "<p>ftp://example.org/file</p>"),
        ("<b>bold</b> & <i>x</i>", "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;</p>"),
        ("{{ request.user }} {% debug %}", "<p>{{ request.user }} {% debug %}</p>"),
    ],
)
def test_body_html(text, html):
    assert body_html(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "Rydw i'n byw yng Nghymru: ŵ ŷ Ŵ Ŷ â ê î ô û",
        "یہ ہماری مقامی کونسل ہے",  # Urdu, right to left
        "שלום עולם",  # Hebrew
        "Gwych! 👍🏽 👨‍👩‍👧 🏴󠁧󠁢󠁷󠁬󠁳󠁿",
        "漢字とかな",
        "Zero\u200dwidth joiner and \u200cnon-joiner and \u200fRLM",
    ],
)
def test_text_in_any_script_is_kept_intact(text):
    assert body_html(text) == f"<p>{text}</p>"


def test_decomposed_letters_are_composed():
    assert normalise_text("w\u0302") == "ŵ"


def test_bidi_overrides_and_control_characters_are_removed():
    assert normalise_text("a\u202eb\u2066c\x00d\x07e\tf") == "abcde\tf"


def test_names_collapse_to_one_line():
    assert normalise_line("  Ada \n\n Lovelace\t ") == "Ada Lovelace"


@pytest.mark.parametrize(
    "text,links",
    [
        ("none here", []),
        ("https://a.example and http://b.example/x.", ["https://a.example", "http://b.example/x"]),
        ("javascript:alert(1) data:text/html,hi www.example.org", []),
        ("HTTPS://SHOUT.EXAMPLE", ["HTTPS://SHOUT.EXAMPLE"]),
    ],
)
def test_find_links(text, links):
    assert find_links(text) == links
