"""Hostile or careless queries get a clean error, never a 500 or a long wait."""

import json

import pytest

from tests.factories import CaseStudyPageFactory, StoryPageFactory


@pytest.fixture
def stories(site_tree):
    return [StoryPageFactory(parent=site_tree["stories"]) for _ in range(3)]


def codes(result):
    return [error.get("extensions", {}).get("code") for error in result["errors"]]


def test_unknown_fields_are_still_errors(stories, gql):
    result = gql("{ stories { items { notAField } } }", expect_errors=True)
    assert "Cannot query field 'notAField'" in result["errors"][0]["message"]


def test_depth_limit(stories, gql):
    nested = "title"
    for _ in range(14):
        nested = f"children(limit: 1) {{ {nested} }}"
    result = gql(f'{{ page(urlPath: "/") {{ {nested} }} }}', expect_errors=True)
    assert codes(result) == ["QUERY_TOO_DEEP"]
    assert result.get("data") is None


def test_alias_limit(stories, gql):
    fields = " ".join(f"a{i}: stories {{ pagination {{ total }} }}" for i in range(31))
    result = gql(f"{{ {fields} }}", expect_errors=True)
    assert "TOO_MANY_ALIASES" in codes(result)


def test_cost_limit_multiplies_nested_lists(stories, gql):
    query = """{ stories(perPage: 50) { items {
        children(limit: 50) { children(limit: 50) { title } } } } }"""
    result = gql(query, expect_errors=True)
    assert "QUERY_TOO_EXPENSIVE" in codes(result)
    assert result["errors"][0]["extensions"]["cost"] > result["errors"][0]["extensions"]["limit"]


def test_cost_limit_counts_variables_as_the_maximum(stories, gql):
    query = """query($n: Int) { stories(perPage: $n) { items {
        children(limit: $n) { children(limit: $n) { title } } } } }"""
    result = gql(query, {"n": 1}, expect_errors=True)
    assert "QUERY_TOO_EXPENSIVE" in codes(result)


def test_an_ordinary_page_query_is_within_budget(stories, gql):
    result = gql(
        """{ stories(perPage: 50) { items { title url summary date author { name }
             tags { name } heroImage { srcSet(sizes: [320, 640]) } } } }"""
    )
    assert len(result["data"]["stories"]["items"]) == 3


def test_page_size_is_capped(stories, gql):
    result = gql("{ stories(perPage: 1000) { pagination { perPage } } }")
    assert result["data"]["stories"]["pagination"]["perPage"] == 50


def test_out_of_range_page_is_empty_not_an_error(stories, gql):
    result = gql("{ stories(page: 99) { items { title } pagination { total nextPage } } }")
    assert result["data"]["stories"]["items"] == []
    assert result["data"]["stories"]["pagination"]["total"] == 3


def test_free_form_ordering_is_allow_listed(site_tree, gql):
    CaseStudyPageFactory(parent=site_tree["case_studies"], slug="leeds")
    query = """query($o: String) { page(urlPath: "/case-studies/leeds/") {
        ... on CaseStudyPage { serviceAreas(order: $o) { name } } } }"""
    refused = gql(query, {"o": "owner__email"}, expect_errors=True)
    assert codes(refused) == ["BAD_ORDER"]
    allowed = gql(query, {"o": "-name"})
    assert allowed["data"]["page"]["serviceAreas"] == []


def test_disallowed_image_filters_are_a_client_error(site_tree, gql):
    from tests.factories import ImageFactory

    StoryPageFactory(parent=site_tree["stories"], hero_image=ImageFactory())
    result = gql(
        "{ stories { items { heroImage { rendition(width: 123) { url } } } } }", expect_errors=True
    )
    assert codes(result) == ["BAD_ARGUMENT"]
    assert "ALLOWED_IMAGE_FILTERS" in result["errors"][0]["message"]


def test_oversized_documents_are_refused_before_parsing(client, site_tree):
    query = "{ stories { items { title } } }" + " " * 30_000
    response = client.post(
        "/graphql/", data=json.dumps({"query": query}), content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_LARGE"


def test_fragment_cycles_are_rejected_cleanly(stories, gql):
    query = """{ stories { items { ...A } } }
      fragment A on StoryPage { title ...B }
      fragment B on StoryPage { summary ...A }"""
    result = gql(query, expect_errors=True)
    assert any("Cannot spread fragment" in error["message"] for error in result["errors"])


def test_unexpected_errors_are_masked(stories, gql, monkeypatch):
    from stories.schema import StoryQueries

    def explode(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(StoryQueries, "resolve_stories", explode)
    from cms.schema import schema

    field = schema.graphql_schema.query_type.fields["stories"]
    monkeypatch.setattr(field, "resolve", explode)
    result = gql("{ stories { items { title } } }", expect_errors=True)
    assert "hunter2" not in result["_raw"]
    assert result["errors"][0]["message"].startswith("Something went wrong on our side")


def test_get_requests_run_queries(stories, client):
    response = client.get("/graphql/", {"query": "{ stories { pagination { total } } }"})
    assert response.status_code == 200
    assert response.json()["data"]["stories"]["pagination"]["total"] == 3


def test_graphiql_is_not_served_without_debug(site_tree, client):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert b"graphiql" not in response.content.lower()
    assert client.get("/graphiql/").status_code == 404


# The limits exactly: the default passes at its value and fails one past it, so
# raising a limit (or miscounting) is caught, not only hostile extremes.
def _nested(levels):
    """`page` plus `levels` nested `parent`s around `title`: depth levels + 2."""
    inner = "title"
    for _ in range(levels):
        inner = f"parent {{ {inner} }}"
    return f'{{ page(urlPath: "/stories/") {{ {inner} }} }}'


@pytest.mark.parametrize(("depth", "refused"), [(12, False), (13, True)])
def test_depth_limit_exactly(stories, gql, settings, depth, refused):
    assert settings.GRAPHQL_LIMITS["MAX_DEPTH"] == 12
    result = gql(_nested(depth - 2), expect_errors=refused)
    if refused:
        assert codes(result) == ["QUERY_TOO_DEEP"]
        error = result["errors"][0]
        assert error["extensions"]["depth"] == 13
        assert error["extensions"]["limit"] == 12
        assert error["message"] == "The query is 13 levels deep; the limit is 12."
        assert error["locations"] == [{"line": 1, "column": 1}]  # the operation
    else:
        assert result["data"]["page"]["parent"] is not None


@pytest.mark.parametrize(("aliases", "refused"), [(30, False), (31, True)])
def test_alias_limit_exactly(stories, gql, settings, aliases, refused):
    assert settings.GRAPHQL_LIMITS["MAX_ALIASES"] == 30
    fields = " ".join(f"a{i}: siteSettings {{ campaignName }}" for i in range(aliases))
    result = gql(f"{{ {fields} }}", expect_errors=refused)
    assert ("TOO_MANY_ALIASES" in codes(result)) if refused else ("a29" in result["data"])


@pytest.mark.parametrize(("cost", "refused"), [(5000, False), (5001, True)])
def test_cost_limit_exactly(stories, gql, settings, cost, refused):
    """stories(perPage: 50) with 99 titles per item costs 2 + 50 x 99 = 4952;
    each top-level __typename adds 1 more."""
    assert settings.GRAPHQL_LIMITS["MAX_COST"] == 5000
    titles = " ".join(["title"] * 99)
    extra = " ".join(["__typename"] * (cost - 4952))
    result = gql(
        f"{{ {extra} stories(perPage: 50) {{ items {{ {titles} }} }} }}", expect_errors=refused
    )
    if refused:
        assert codes(result) == ["QUERY_TOO_EXPENSIVE"]
        error = result["errors"][0]
        assert (error["extensions"]["cost"], error["extensions"]["limit"]) == (5001, 5000)
        # The second sentence tells the client how to get under the limit.
        assert error["message"] == (
            "The query is too expensive: estimated cost 5001, limit 5000. "
            "Ask for fewer items or fewer fields."
        )
        assert error["locations"] == [{"line": 1, "column": 1}]
    else:
        assert len(result["data"]["stories"]["items"]) == 3


def test_the_alias_error_names_the_limit_and_points_at_the_alias_past_it(site_tree, gql):
    fields = " ".join(f"a{i}: siteSettings {{ campaignName }}" for i in range(31))
    query = f"{{ {fields} }}"
    result = gql(query, expect_errors=True)
    error = result["errors"][0]
    assert error["message"] == "The query uses more than 30 aliases."
    assert error["locations"] == [{"line": 1, "column": query.index("a30:") + 1}]


# A fragment is costed as the type it names, not the field's declared type: a
# field only StoryPage has (`tags`) must not pass as an unknown field costing 1.
# 27551 = 1 + 50 x (children: 1 + 50 x (tags: 1 + 10 x name)).
@pytest.mark.parametrize(
    ("query", "cost"),
    [
        (
            "{ pages(limit: 50) { children(limit: 50) { ... on StoryPage { tags { name } } } } }",
            27551,
        ),
        (
            """{ pages(limit: 50) { children(limit: 50) { ...Tagged } } }
               fragment Tagged on StoryPage { tags { name } }""",
            27551,
        ),
        # A fragment with no type condition is costed as the type around it.
        (
            "{ pages(limit: 50) { children(limit: 50) { ... on StoryPage { ... { tags { name } } } } } }",
            27551,
        ),
        # A page's perPage reaches its items through a fragment: 2 + 50 x (1 + 50 x 2).
        (
            "{ stories(perPage: 50) { ... on StoryList { items { children(limit: 50) { title slug } } } } }",
            5052,
        ),
        (
            """{ stories(perPage: 50) { ...Listed } }
               fragment Listed on StoryList { items { children(limit: 50) { title slug } } }""",
            5052,
        ),
    ],
    ids=["inline", "named", "untyped", "paginated", "paginated-named"],
)
def test_fragments_are_costed_as_the_type_they_name(site_tree, gql, query, cost):
    result = gql(query, expect_errors=True)
    assert codes(result) == ["QUERY_TOO_EXPENSIVE"]
    assert result["errors"][0]["extensions"]["cost"] == cost


def test_typename_adds_no_depth(stories, gql):
    """`__typename` beside the deepest field is free: the client may always ask it."""
    query = _nested(10).replace("title", "__typename parent { __typename }")  # 12 levels
    assert gql(query)["data"]["page"]["parent"] is not None


def test_a_selection_inside_a_scalar_is_a_client_error(stories, gql):
    result = gql("{ stories { items { title { length } } } }", expect_errors=True)
    assert result["errors"][0]["message"].startswith("Field 'title' must not have a selection")
