"""A page chosen in a block reaches the API when, and only when, readers may see it.

The hiding half is held by test_privacy.py; this is the other half, so a
guard that hid every chosen page would not pass as private-safe.
"""

from tests.factories import PledgePageFactory, StoryPageFactory


def test_a_block_chooser_still_gives_a_public_page(site_tree, gql):
    """The guard on a chosen page hides private pages, not every page."""
    pledge = PledgePageFactory(parent=site_tree["home"], title="Public pledge", slug="pledge")
    cta = {"heading": "Go", "page": pledge.pk, "link_url": "", "link_text": "Go"}
    StoryPageFactory(
        parent=site_tree["stories"], slug="cta", body=[{"type": "call_to_action", "value": cta}]
    )
    result = gql(
        """{ page(urlPath: "/stories/cta/") { ... on StoryPage { body {
             ... on CallToActionBlock { blocks { ... on PageChooserBlock { page { title } } } }
           } } } }"""
    )
    chosen = [block for block in result["data"]["page"]["body"][0]["blocks"] if block]
    assert chosen == [{"page": {"title": "Public pledge"}}]
