from tests.factories import StoryPageFactory


def test_story_list_returns_live_stories(site_tree, gql):
    StoryPageFactory(parent=site_tree["stories"], title="A wish list")
    result = gql("{ stories { items { title url } pagination { total } } }")
    assert result["data"]["stories"]["items"][0]["title"] == "A wish list"
