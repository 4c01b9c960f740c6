"""What blocks give through the API once cms/graphql/hardening.py has trimmed them.

The hiding half of each rule is held by test_privacy.py; these are the other
halves, so a guard that hid everything would not pass as private-safe.
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


def test_items_of_a_list_block_answer_their_id(site_tree, gql):
    """A wish is a bare StructValue to grapple; asking its id must not fail the page."""
    wish = {"title": "A wish", "text": "Why", "page": None, "link_url": ""}
    wishes = {"heading": "Wishes", "intro": "", "wishes": [wish]}
    StoryPageFactory(
        parent=site_tree["stories"], slug="wishes", body=[{"type": "wish_list", "value": wishes}]
    )
    result = gql(
        """{ page(urlPath: "/stories/wishes/") { ... on StoryPage { body {
             id ... on WishListBlock { wishes { id ... on WishBlock { title } } }
           } } } }"""
    )
    block = result["data"]["page"]["body"][0]
    assert block["id"]
    assert [item["title"] for item in block["wishes"]] == ["A wish"]


def test_a_document_chooser_gives_no_document(gql, db):
    """Documents may sit in private collections: the block offers no route to one."""
    result = gql('{ __type(name: "DocumentChooserBlock") { fields { name } } }')
    names = {field["name"] for field in result["data"]["__type"]["fields"]}
    assert "document" not in names
    assert "blockType" in names
