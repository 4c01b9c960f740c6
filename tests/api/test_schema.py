"""The schema builds on this Wagtail: our tripwire for grapple upgrades."""

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
