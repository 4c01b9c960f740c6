"""No private data leaves, whatever a client selects: queries built from the schema itself.

Signatures and reader comments are made with marker emails, names, IP hashes
and (for unapproved comments) text. Then every root query is run with every
field selected, as deep as the depth limit allows, each interface and union
expanded into all its types. The queries come from introspecting the schema,
so a field added tomorrow (say `Supporter.contact` carrying an email) is
selected here without anyone remembering to add it. The same markers are
then looked for in every public page, feed and embed endpoint.

The depth limit is the real one. Cost, alias and size limits are lifted for
these documents only: they guard the server, not privacy, and a select-all
document is far over them by design.
"""

import json

from django.urls import reverse

from wagtail.models import Page

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)

from comments.models import ReaderComment
from pledges.identity import hash_ip, hash_ip_prefix
from pledges.models import Partner, Signature
from tests.factories import (
    CaseStudyPageFactory,
    PledgePageFactory,
    ReaderCommentFactory,
    StoryPageFactory,
)
from tests.pledges.helpers import make_signature

EMAIL_MARKER = "leakmarker"  # in every private email address
NAME_MARKER = "Zqxprivatename"  # names of signers who did not ask to be shown
HIDDEN_TEXT = "zqxunapprovedtext"  # bodies of comments no reader may see
DRAFT_MARKER = "zqxdraftleak"
IPS = ["192.0.2.41", "198.51.100.42", "2001:db8::43"]
# Field arguments we can fill in without knowing the field; list sizes kept small.
SIZE_ARGUMENTS = {"limit": 2, "perPage": 3, "per_page": 3, "first": 2}


@pytest.fixture
def leaky_site(site_tree, settings):
    settings.GRAPHQL_LIMITS = {
        **settings.GRAPHQL_LIMITS,
        "MAX_COST": 10**9,
        "MAX_ALIASES": 10**6,
        "MAX_DOCUMENT_BYTES": 10**7,
    }
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10**8
    story = StoryPageFactory(parent=site_tree["stories"], slug="public-story", title="Public story")
    StoryPageFactory(parent=site_tree["stories"], slug=DRAFT_MARKER, title=DRAFT_MARKER, live=False)
    case_study = CaseStudyPageFactory(parent=site_tree["case_studies"], slug="public-case")
    pledge = PledgePageFactory(parent=site_tree["home"], slug="public-pledge", count_shown_from=0)
    partner = Partner.objects.create(
        name="Partner", slug="partner", allowed_origins="https://partner.example"
    )
    for n, ip in enumerate(IPS):
        for status in (Signature.Status.CONFIRMED, Signature.Status.PENDING):
            make_signature(
                pledge,
                email=f"{EMAIL_MARKER}{n}{status}@example.org",
                name=f"{NAME_MARKER}{n}",
                organisation=f"{NAME_MARKER} Org {n}",
                postcode="LS1 4AP",
                status=status,
                ip_hash=hash_ip(ip),
                partner=partner,
            )
        make_signature(  # shown by choice: only the name may appear
            pledge,
            email=f"{EMAIL_MARKER}shown{n}@example.org",
            name=f"Shown Signer {n}",
            show_name=True,
            status=Signature.Status.CONFIRMED,
            ip_hash=hash_ip(ip),
        )
    for page in (story, case_study):
        approved = ReaderCommentFactory(
            page=page,
            email=f"{EMAIL_MARKER}c@example.org",
            ip_hash=hash_ip(IPS[0]),
            ip_prefix_hash=hash_ip_prefix(IPS[0]),
        )
        ReaderCommentFactory(
            parent=approved,
            email=f"{EMAIL_MARKER}r@example.org",
            ip_hash=hash_ip(IPS[1]),
        )
        for status in ("pending", "spam", "rejected", "deleted"):
            ReaderCommentFactory(
                page=page,
                status=status,
                name=f"{NAME_MARKER} {status}",
                body=f"{HIDDEN_TEXT} {status}",
                email=f"{EMAIL_MARKER}{status}@example.org",
                ip_hash=hash_ip(IPS[2]),
            )
    ids = {
        "story": story.pk,
        "case_study": case_study.pk,
        "pledge": pledge.pk,
        "home": site_tree["home"].pk,
        "stories": site_tree["stories"].pk,
    }
    return {"ids": ids, "slugs": ["public-pledge", "public-story"], "partner": partner}


def secrets():
    """Everything that must never leave: emails, IP hashes, hidden names and text."""
    values = set(Signature.objects.values_list("email", flat=True))
    values |= set(ReaderComment.objects.values_list("email", flat=True))
    values |= {hash_ip(ip) for ip in IPS} | {hash_ip_prefix(ip) for ip in IPS}
    values |= set(IPS)
    return {value for value in values if value} | {
        EMAIL_MARKER,
        NAME_MARKER,
        HIDDEN_TEXT,
        DRAFT_MARKER,
    }


def assert_clean(text, where):
    found = sorted(secret for secret in secrets() if secret in text)
    assert not found, f"{where} leaks {found}"


# --- Building select-everything documents from the schema ---------------------------------


def _unwrap(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def _literal(name, type_, ids, slugs, id_key):
    """A value for an argument, or None when we cannot make a sensible one."""
    required = isinstance(type_, GraphQLNonNull)
    named = _unwrap(type_)
    is_list = isinstance(type_.of_type if required else type_, GraphQLList)
    if name in SIZE_ARGUMENTS:
        value = str(SIZE_ARGUMENTS[name])
    elif isinstance(named, GraphQLScalarType) and named.name == "ID":
        value = json.dumps(str(ids[id_key]))
    elif name in ("slug", "slugs"):
        value = json.dumps(slugs[0])
    elif name in ("urlPath", "path"):
        value = json.dumps("/")
    elif not required:
        return None
    elif isinstance(named, GraphQLScalarType) and named.name == "String":
        value = json.dumps("x")
    elif isinstance(named, GraphQLScalarType) and named.name == "Int":
        value = "1"
    elif isinstance(named, GraphQLScalarType) and named.name == "Boolean":
        value = "true"
    elif isinstance(named, GraphQLEnumType):
        value = next(iter(named.values))
    elif isinstance(named, GraphQLInputObjectType):
        return None
    else:
        return None
    return f"[{value}]" if is_list else value


def _arguments(field, ids, slugs, id_key):
    parts = []
    for name, argument in field.args.items():
        value = _literal(name, argument.type, ids, slugs, id_key)
        if value is None:
            if isinstance(argument.type, GraphQLNonNull) and argument.default_value is None:
                return None  # a required argument we cannot fill: leave the field out
            continue
        parts.append(f"{name}: {value}")
    return f"({', '.join(parts)})" if parts else ""


def select(type_, depth_left, path, ids, slugs, id_key):
    """A selection set with every field of `type_`, `depth_left` levels at most."""
    if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
        schema = select.schema
        members = schema.get_possible_types(type_)
        fragments = []
        for member in members:
            inner = select(member, depth_left, path, ids, slugs, id_key)
            if inner:
                fragments.append(f"... on {member.name} {inner}")
        return "{ __typename " + " ".join(fragments) + " }"
    if not isinstance(type_, GraphQLObjectType):
        return ""
    chosen = []
    for name, field in type_.fields.items():
        arguments = _arguments(field, ids, slugs, id_key)
        if arguments is None:
            continue
        target = get_named_type(field.type)
        # Aliased by type, so that fields of one name but different types in
        # sibling fragments (a block's `value`) do not conflict.
        alias = f"{type_.name}_{name}: {name}{arguments}"
        if isinstance(target, GraphQLScalarType | GraphQLEnumType):
            chosen.append(alias)
        elif depth_left > 1 and target.name not in path:
            inner = select(target, depth_left - 1, path | {target.name}, ids, slugs, id_key)
            if inner:
                chosen.append(f"{alias} {inner}")
    return "{ " + " ".join(chosen) + " }" if chosen else ""


def root_documents(ids, slugs):
    from cms.schema import schema

    graphql_schema = schema.graphql_schema
    select.schema = graphql_schema
    max_depth = 12  # the API's own limit: a root field counts as the first level
    for name, field in graphql_schema.query_type.fields.items():
        id_keys = ["story"]
        if any(_unwrap(arg.type).name == "ID" for arg in field.args.values()):
            id_keys = list(ids)  # try the field with each kind of page
        for id_key in id_keys:
            arguments = _arguments(field, ids, slugs, id_key)
            if arguments is None:
                continue
            target = get_named_type(field.type)
            if isinstance(target, GraphQLScalarType | GraphQLEnumType):
                yield name, id_key, f"{{ {name}{arguments} }}"
                continue
            inner = select(target, max_depth - 1, {target.name}, ids, slugs, id_key)
            yield name, id_key, f"{{ {name}{arguments} {inner} }}"


# --- The tests ----------------------------------------------------------------------------


def test_every_root_query_with_every_field(leaky_site, client):
    ran = set()
    for name, id_key, document in root_documents(leaky_site["ids"], leaky_site["slugs"]):
        response = client.post(
            "/graphql/", json.dumps({"query": document}), content_type="application/json"
        )
        assert response.status_code == 200, (name, response.content[:300])
        payload = response.json()
        assert not payload.get("errors"), (name, id_key, payload["errors"][:2])
        assert_clean(response.content.decode(), f"{name} (id of {id_key})")
        ran.add(name)
    # The walk reached every root field, so nothing was silently left out.
    from cms.schema import schema

    assert ran == set(schema.graphql_schema.query_type.fields)


def test_the_walk_does_find_the_data(leaky_site, client):
    """Guards the test above: the documents really select signers and comments."""
    documents = {
        (name, key): doc
        for name, key, doc in root_documents(leaky_site["ids"], leaky_site["slugs"])
    }
    supporters = client.post(
        "/graphql/",
        json.dumps({"query": documents["pledgeSupporters", "pledge"]}),
        content_type="application/json",
    ).content.decode()
    assert "Shown Signer 0" in supporters
    page = client.post(
        "/graphql/",
        json.dumps({"query": documents["page", "pledge"]}),
        content_type="application/json",
    ).content.decode()
    assert '"SignatureCounts_total":6' in page  # counted, never listed


def public_urls(leaky_site):
    ids = leaky_site["ids"]
    urls = [page.url for page in Page.objects.live().exclude(depth=1).specific()]
    urls += [
        "/feeds/stories/",
        "/sitemap.xml",
        "/robots.txt",
        f"/search/?q={NAME_MARKER}",
        f"/search/?q={EMAIL_MARKER}",
        f"/embed/v1/data/?pledges={','.join(leaky_site['slugs'])}&partner=partner",
        "/embed/pledges/public-pledge/?partner=partner",
    ]
    for name in ("comment_feed",):
        try:
            urls.append(reverse(name, args=[ids["story"]]))
        except Exception:  # noqa: BLE001,S112 - the comments feed arrives with the frontend
            continue
    return urls


def test_no_page_feed_or_embed_shows_private_data(leaky_site, client):
    for url in public_urls(leaky_site):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        if url.startswith("/search/"):
            # The search page repeats what was asked; any other sighting is a leak.
            text = text.replace(url.split("q=")[1], "")
        assert_clean(text, url)
