"""The example queries in docs/api.md run against the real schema.

Each ```graphql block in the document is run as written, with the ```json
block that directly follows it (if any) as its variables, against a small
site that has one of everything. `STORY_ID` in variables stands for the wish
list story's id, as the document says. An example must not error and must find
something, so the documentation cannot drift from the schema.
"""

import json
import re
from pathlib import Path

import pytest

from core.models import SiteSettings
from tests.factories import (
    CaseStudyPageFactory,
    ImageFactory,
    LocalAuthorityFactory,
    PersonFactory,
    PledgePageFactory,
    PrincipleFactory,
    ReaderCommentFactory,
    ServiceAreaFactory,
    StoryPageFactory,
)

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
EXAMPLE = re.compile(
    r"```graphql\n(?P<query>.*?)```(?:\s*```json\n(?P<variables>.*?)```)?", re.DOTALL
)


def _examples():
    examples = []
    for match in EXAMPLE.finditer(API_DOC.read_text()):
        name = re.search(r"(?:query|mutation)\s+(\w+)", match["query"])
        examples.append(
            pytest.param(
                match["query"],
                match["variables"],
                id=name.group(1) if name else f"example-{len(examples) + 1}",
            )
        )
    return examples


EXAMPLES = _examples()


@pytest.fixture
def campaign_site(site_tree):
    """One of everything the examples ask for."""
    home, stories = site_tree["home"], site_tree["stories"]
    image = ImageFactory(description="Volunteers outside a community centre")
    principles = [
        PrincipleFactory(number=1, title="Think about the whole system", slug="whole-system"),
        PrincipleFactory(number=2, title="Co-ordinate services locally", slug="neighbourhood"),
    ]
    mental_health = ServiceAreaFactory(name="Mental health", slug="mental-health")
    pledge = PledgePageFactory(parent=home, slug="sign", title="Keep it Local pledge")

    wish_list = StoryPageFactory(
        parent=stories,
        title="Our Christmas wish list",
        slug="our-christmas-wish-list",
        kind="wish-list",
        summary="What we hope councils will do next year.",
        author=PersonFactory(name="Sam Taylor"),
        hero_image=image,
        body=[
            {"type": "heading", "value": {"text": "Why local works", "level": "h2"}},
            {
                "type": "paragraph",
                "value": f'<p>Read <a linktype="page" id="{pledge.pk}">the pledge</a>.</p>',
            },
            {"type": "image", "value": {"image": image.pk, "caption": "Hub", "credit": ""}},
            {
                "type": "quote",
                "value": {"quote": "Local works.", "attribution": "A leader", "role": ""},
            },
            # No embed provider knows this address, so no request leaves the test.
            {"type": "embed", "value": "https://example.org/a-video"},
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Is your council in?",
                    "text": "",
                    "page": pledge.pk,
                    "link_url": "",
                    "link_text": "Sign the pledge",
                },
            },
            {
                "type": "wish_list",
                "value": {
                    "heading": "Our wishes",
                    "intro": "",
                    "wishes": [
                        {"title": "Councils that keep it local", "text": "T", "page": pledge.pk},
                        {"title": "Fair funding", "text": "T", "page": None, "link_url": ""},
                    ],
                },
            },
        ],
    )
    wish_list.tags.add("christmas")
    wish_list.save_revision().publish()
    comment = ReaderCommentFactory(page=wish_list, body="Local works: https://example.org")
    ReaderCommentFactory(parent=ReaderCommentFactory(parent=comment))
    ReaderCommentFactory(page=wish_list, pending=True)

    case_study = CaseStudyPageFactory(
        parent=site_tree["case_studies"],
        title="Leeds: mental health, locally",
        local_authority=LocalAuthorityFactory(name="Leeds City Council", short_name="Leeds"),
        hero_image=image,
        outcomes=[{"type": "fact", "value": {"figure": "70%", "caption": "spent locally"}}],
    )
    case_study.service_areas.add(mental_health)
    case_study.principles.add(*principles)
    case_study.save_revision().publish()

    settings = SiteSettings.for_site(site_tree["site"])
    settings.tagline = "Local services, local people"
    settings.social_links = [
        {"type": "link", "value": {"platform": "bluesky", "url": "https://bsky.app/"}}
    ]
    settings.footer_text = "<p>A campaign of local organisations.</p>"
    settings.privacy_notice_page = pledge
    settings.default_share_image = image
    settings.save()
    return {**site_tree, "wish_list": wish_list}


def _assert_found_something(data):
    assert all(value is not None for value in data.values()), data
    for value in data.values():
        if isinstance(value, dict) and "items" in value:
            assert value["items"], f"an example found nothing: {data}"


def test_the_document_has_examples():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("query,variables", EXAMPLES)
def test_example_runs_without_errors(campaign_site, gql, query, variables):
    if variables:
        variables = variables.replace("STORY_ID", str(campaign_site["wish_list"].pk))
    result = gql(query, json.loads(variables) if variables else None)
    assert "errors" not in result
    _assert_found_something(result["data"])
