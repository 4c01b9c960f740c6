"""The schema builds on this Wagtail: our tripwire for grapple upgrades."""

import pytest
from graphql import validate_schema


def test_schema_builds_and_validates():
    from cms.schema import schema

    assert validate_schema(schema.graphql_schema) == []
    query_fields = set(schema.graphql_schema.query_type.fields)
    assert query_fields == {
        "page",
        "pages",
        "stories",
        "caseStudies",
        "siteSearch",
        "siteSettings",
        "principles",
        "serviceAreas",
        "localAuthorities",
        "pledgeSupporters",
        "keepItLocalCouncils",
        "pledgeChallenge",
        "pledgesBySlug",
        "pledgeFormToken",
        "readerComments",
        "readerCommentSettings",
        "ownReaderComment",
    }
    assert set(schema.graphql_schema.mutation_type.fields) == {
        "signPledge",
        "createReaderComment",
        "editReaderComment",
        "deleteReaderComment",
        "reportReaderComment",
    }


def test_every_page_type_and_block_is_in_the_schema():
    from cms.schema import schema

    type_map = schema.graphql_schema.type_map
    for name in (
        "HomePage",
        "StoryIndexPage",
        "StoryPage",
        "CaseStudyIndexPage",
        "CaseStudyPage",
        "PledgeIndexPage",
        "PledgePage",
        "Person",
        "Principle",
        "ServiceArea",
        "LocalAuthority",
        "SiteSettings",
        "HeadingBlock",
        "CaptionedImageBlock",
        "QuoteBlock",
        "CallToActionBlock",
        "WishListBlock",
        "WishBlock",
        "FactBlock",
        "PartnerOrganisationBlock",
        "SocialLinkBlock",
    ):
        assert name in type_map, name


# Grapple's image types carry the stored file, its collection and upload details;
# readers get renditions and the editor's text only.
@pytest.mark.parametrize(
    ("type_name", "internal"),
    [
        (
            "ImageObjectType",
            {"file", "fileHash", "fileSize", "collection", "createdAt", "tags", "renditions"},
        ),
        ("ImageRenditionObjectType", {"file", "focalPointKey"}),
    ],
)
def test_image_types_expose_no_stored_file_or_upload_details(type_name, internal):
    from cms.schema import schema

    fields = set(schema.graphql_schema.get_type(type_name).fields)
    assert "url" in fields
    assert not internal & fields
