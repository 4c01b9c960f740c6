"""The widget script as partners load it: size budget, cache life, no eval.

That it adds a single global (`window.KeepItLocal`) is checked in a real
browser, in tests/browser/test_embeds.py.
"""

import gzip
import re

import pytest

BUDGET = 6 * 1024  # gzipped bytes: the contract with partners
URL = "/embed/v1/pledge.js"


@pytest.fixture
def served(client, db):
    def get(**headers):
        response = client.get(URL, **headers)
        assert response.status_code == 200
        return response

    return get


def test_gzipped_within_budget_and_same_as_plain(served):
    zipped = served(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = served()
    assert zipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert len(zipped.content) <= BUDGET, f"{len(zipped.content)} bytes gzipped"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["Vary"] == "Accept-Encoding"


def test_cached_for_a_year_and_immutable(served):
    cache_control = {part.strip() for part in served()["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=31536000", "immutable"}


def test_loadable_from_any_origin(served):
    response = served()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_etags_differ_by_encoding_and_revalidate(client, served):
    plain, zipped = served()["ETag"], served(HTTP_ACCEPT_ENCODING="gzip")["ETag"]
    assert plain != zipped
    assert client.get(URL, HTTP_IF_NONE_MATCH=plain).status_code == 304


def test_no_eval_and_no_inline_styles(served):
    """What a strict host CSP (no 'unsafe-eval', no 'unsafe-inline') would refuse."""
    source = served().content.decode()
    assert not re.search(
        r"\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\(\s*[\"'`]", source
    )
    assert not re.search(r"""setAttribute\(\s*["']style|\.style\s*=|<style""", source)
    assert "adoptedStyleSheets" in source  # styles come through constructable sheets


def test_the_source_file_itself_fits_the_budget():
    """Partners may fetch the file from a mirror that does not compact it."""
    import gzip
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "frontend/static/frontend/embed/pledge.js"
    assert len(gzip.compress(source.read_bytes(), 9)) <= 6144
