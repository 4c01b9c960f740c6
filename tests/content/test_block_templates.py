"""Every StreamField block renders its preview value through its own template.

The admin's block picker renders `block.get_preview_value()` with the block's
template, so each template must cope with a value that has no image or page.
"""

import inspect

from django.template.loader import get_template
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from wagtail import blocks, hooks
from wagtail.embeds import blocks as embed_blocks
from wagtail.embeds.blocks import EmbedValue

import pytest

import casestudies.blocks
import core.blocks.content
import core.blocks.facts
import core.blocks.links
import core.blocks.wishlist
import core.models.settings
import stories.blocks
from casestudies.models import CaseStudyPage
from core.models import SiteSettings
from stories.models import StoryPage
from tests.factories import ImageFactory, PledgePageFactory

BLOCK_MODULES = (
    core.blocks.content,
    core.blocks.facts,
    core.blocks.links,
    core.blocks.wishlist,
    core.models.settings,
    stories.blocks,
    casestudies.blocks,
)
STREAM_FIELDS = (
    (StoryPage, "body"),
    (CaseStudyPage, "body"),
    (CaseStudyPage, "outcomes"),
    (CaseStudyPage, "partner_organisations"),
    (SiteSettings, "social_links"),
)


def _editor_blocks():
    """Blocks an editor can pick or fill, keyed by their path from the model.

    That is every child of a StreamBlock and every StructBlock below one (a
    wish inside the wish list's ListBlock, say); plain fields inside a
    StructBlock have no picker entry of their own.
    """
    found = {}

    def visit(path, block, in_stream=False):
        if in_stream or isinstance(block, blocks.StructBlock):
            found[path] = block
        if isinstance(block, blocks.StreamBlock):
            for name, child in block.child_blocks.items():
                visit(f"{path}.{name}", child, in_stream=True)
        elif isinstance(block, blocks.StructBlock):
            for name, child in block.child_blocks.items():
                visit(f"{path}.{name}", child)
        elif isinstance(block, blocks.ListBlock):
            visit(f"{path}[]", block.child_block)

    for model, field_name in STREAM_FIELDS:
        stream_block = model._meta.get_field(field_name).stream_block
        visit(f"{model.__name__}.{field_name}", stream_block)
    return found


EDITOR_BLOCKS = _editor_blocks()


def _stream_block(model, field_name):
    return model._meta.get_field(field_name).stream_block


def _child(model, field_name, name):
    return _stream_block(model, field_name).child_blocks[name]


def _render_preview(block):
    return block.render(block.get_preview_value())


def assert_html(html, fragment, count=None):
    """Assert `fragment` occurs in `html`, compared as parsed HTML."""
    document, needle = parse_html(html), parse_html(fragment)
    if count is None:
        assert needle in document, f"{fragment!r} not found in:\n{html}"
    else:
        assert document.count(needle) == count, f"{fragment!r} not {count}x in:\n{html}"


def _icon_names():
    icons = []
    for register in hooks.get_hooks("register_icons"):
        icons = register(icons)
    return {path.rsplit("/", 1)[-1].removesuffix(".svg") for path in icons}


# Known gap: EmbedBlock has no preview_value (a real one would make the admin
# fetch from the provider). Strict, so the marker goes once one is added.
MISSING_PREVIEW = {
    "StoryPage.body.embed": "EmbedBlock in StoryStreamBlock has no preview_value",
}


def _with_known_gaps(paths, gaps):
    return [
        pytest.param(path, marks=pytest.mark.xfail(reason=gaps[path], strict=True))
        if path in gaps
        else path
        for path in paths
    ]


class TestBlockDefinitions:
    def test_every_block_class_in_our_modules_is_checked(self):
        defined = {
            cls
            for module in BLOCK_MODULES
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, blocks.Block)
            and cls.__module__ == module.__name__
            and not issubclass(cls, blocks.StreamBlock)
        }
        reached = {type(block) for block in EDITOR_BLOCKS.values()}
        assert defined - reached == set(), "a block class is used by no StreamField"

    @pytest.mark.parametrize("path", sorted(EDITOR_BLOCKS))
    def test_block_has_icon_template_and_description(self, path):
        block = EDITOR_BLOCKS[path]
        assert block.meta.icon != "placeholder", f"{path} has no icon"
        assert block.meta.icon in _icon_names(), f"{path}: no icon named {block.meta.icon!r}"
        template = getattr(block.meta, "template", None)
        assert template and template.startswith("core/blocks/"), f"{path} has no template"
        get_template(template)
        assert getattr(block.meta, "description", ""), f"{path} has no description"

    @pytest.mark.parametrize("path", _with_known_gaps(sorted(EDITOR_BLOCKS), MISSING_PREVIEW))
    def test_block_has_preview_value(self, path):
        block = EDITOR_BLOCKS[path]
        assert hasattr(block.meta, "preview_value"), f"{path} has no preview_value"
        assert block.get_preview_value() is not None

    @pytest.mark.parametrize("model,field_name", [(StoryPage, "body"), (CaseStudyPage, "body")])
    def test_page_bodies_render_through_our_stream_template(self, model, field_name):
        assert _stream_block(model, field_name).meta.template == "core/blocks/stream_block.html"
        get_template("core/blocks/stream_block.html")


class TestPreviewRendering:
    """Each block rendered with its own preview value, no database needed."""

    def test_heading_uses_the_chosen_level(self):
        block = _child(StoryPage, "body", "heading")
        assert_html(_render_preview(block), "<h2>Why local works</h2>")
        subsection = block.render(block.normalize({"text": "In Leeds", "level": "h3"}))
        assert_html(subsection, "<h3>In Leeds</h3>")
        assert "<h2" not in subsection

    def test_paragraph_renders_rich_text(self):
        html = _render_preview(_child(StoryPage, "body", "paragraph"))
        assert_html(html, "<p>Local organisations reach people that big contracts miss.</p>")

    def test_captioned_image_without_an_image_keeps_its_caption(self):
        html = _render_preview(_child(StoryPage, "body", "image"))
        assert "<img" not in html
        assert_html(
            html,
            "<figcaption>Volunteers at a community hub"
            ' <span class="figure__credit">Locality</span></figcaption>',
        )

    def test_quote_is_a_blockquote_with_a_cited_source(self):
        html = _render_preview(_child(StoryPage, "body", "quote"))
        assert_html(
            html,
            "<blockquote><p>\u201cLocal organisations know their neighbourhoods best.\u201d</p>"
            "</blockquote>",
        )
        assert_html(html, "<figcaption><cite>A community leader</cite></figcaption>")

    def test_quote_adds_the_role_after_the_name(self):
        block = _child(StoryPage, "body", "quote")
        value = block.normalize(
            {"quote": "Q", "attribution": "Jo Bloggs", "role": "Council leader"}
        )
        assert_html(
            block.render(value), "<figcaption><cite>Jo Bloggs</cite>, Council leader</figcaption>"
        )

    def test_call_to_action_links_its_url(self):
        html = _render_preview(_child(StoryPage, "body", "call_to_action"))
        assert_html(html, '<h2 class="cta__heading">Is your council in?</h2>')
        assert_html(html, "<p>Ask your council to commit to the six principles.</p>")
        assert_html(html, '<a class="button" href="https://example.org/">Find out how</a>')

    def test_wish_list_numbers_its_wishes_in_order(self):
        html = _render_preview(_child(StoryPage, "body", "wish_list"))
        assert_html(html, '<h2 class="wish-list__heading">Our wish list</h2>')
        assert_html(html, '<p class="wish-list__intro">Three things we hope for this year.</p>')
        assert_html(
            html,
            '<ol class="wish-list__items">'
            '<li class="wish"><h3 class="wish__title">Councils that keep it local</h3>'
            '<p class="wish__text">Commission local organisations first.</p></li>'
            '<li class="wish"><h3 class="wish__title">Fair funding</h3>'
            '<p class="wish__text">Grants that cover the full cost of the work.</p></li>'
            "</ol>",
        )

    def test_wish_on_its_own(self):
        wish = _child(StoryPage, "body", "wish_list").child_blocks["wishes"].child_block
        html = _render_preview(wish)
        assert_html(html, '<h3 class="wish__title">Councils that keep it local</h3>')
        assert "href" not in html

    def test_wish_with_an_outside_link_links_its_title(self):
        wish = _child(StoryPage, "body", "wish_list").child_blocks["wishes"].child_block
        value = wish.normalize({"title": "More", "text": "T", "link_url": "https://example.org/"})
        assert_html(
            wish.render(value),
            '<h3 class="wish__title"><a href="https://example.org/">More</a></h3>',
        )

    def test_embed_without_a_url_renders_nothing(self):
        assert _render_preview(_child(StoryPage, "body", "embed")).strip() == ""

    def test_embed_renders_the_provider_html(self, monkeypatch):
        monkeypatch.setattr(
            embed_blocks,
            "embed_to_frontend_html",
            lambda *args: mark_safe('<iframe title="A video"></iframe>'),
        )
        block = _child(StoryPage, "body", "embed")
        html = block.render(EmbedValue("https://www.youtube.com/watch?v=x"))
        assert_html(html, '<figure class="embed"><iframe title="A video"></iframe></figure>')

    def test_embed_falls_back_to_a_link_when_the_provider_fails(self, monkeypatch):
        monkeypatch.setattr(embed_blocks, "embed_to_frontend_html", lambda *args: "")
        url = "https://www.youtube.com/watch?v=x"
        html = _child(StoryPage, "body", "embed").render(EmbedValue(url))
        assert_html(html, f'<figure class="embed"><a href="{url}">{url}</a></figure>')

    def test_fact_pairs_figure_and_caption(self):
        html = _render_preview(_child(CaseStudyPage, "outcomes", "fact"))
        assert_html(
            html,
            '<p class="fact"><strong class="fact__figure">70%</strong>'
            ' <span class="fact__caption">of the service delivered by local organisations</span></p>',
        )

    def test_partner_organisation_links_its_website(self):
        block = _child(CaseStudyPage, "partner_organisations", "organisation")
        assert_html(_render_preview(block), '<a href="https://example.org/">Touchstone</a>')
        without_url = block.render(block.normalize({"name": "Touchstone"}))
        assert "href" not in without_url
        assert "Touchstone" in without_url

    def test_social_link_shows_the_network_name(self):
        html = _render_preview(_child(SiteSettings, "social_links", "link"))
        assert_html(
            html,
            '<a class="social-link social-link--bluesky" href="https://bsky.app/" rel="me">'
            "Bluesky</a>",
        )

    @pytest.mark.parametrize("model,field_name", [(StoryPage, "body"), (CaseStudyPage, "body")])
    def test_stream_renders_each_child_in_order(self, model, field_name):
        stream_block = _stream_block(model, field_name)
        children = [
            (name, child.get_preview_value())
            for name, child in stream_block.child_blocks.items()
            if child.get_preview_value() is not None
        ]
        html = stream_block.render(blocks.StreamValue(stream_block, children))
        wrappers = [f'<div class="block-{name}">' for name, _ in children]
        positions = [html.index(wrapper) for wrapper in wrappers]
        assert positions == sorted(positions)
        assert_html(html, "<h2>Why local works</h2>")


@pytest.mark.django_db
class TestRenderingWithContent:
    def test_captioned_image_uses_the_image_description_as_alt_text(self):
        image = ImageFactory(description="Volunteers packing food parcels")
        block = _child(StoryPage, "body", "image")
        html = block.render(block.normalize({"image": image, "caption": "At the hub"}))
        assert '<img alt="Volunteers packing food parcels"' in html
        assert "width-800" in html  # the rendition's file name carries its filter
        assert_html(html, "<figcaption>At the hub</figcaption>")

    def test_call_to_action_to_a_live_page_links_it(self, site_tree):
        pledge = PledgePageFactory(parent=site_tree["home"], slug="sign")
        block = _child(StoryPage, "body", "call_to_action")
        value = block.normalize({"heading": "H", "page": pledge, "link_text": "Sign"})
        assert_html(block.render(value), '<a class="button" href="/sign/">Sign</a>')

    def test_call_to_action_to_a_draft_page_shows_no_button(self, site_tree):
        draft = PledgePageFactory(parent=site_tree["home"], slug="draft-pledge", live=False)
        block = _child(StoryPage, "body", "call_to_action")
        value = block.normalize({"heading": "H", "page": draft, "link_text": "Sign"})
        html = block.render(value)
        assert "href" not in html
        assert "draft-pledge" not in html

    @pytest.mark.parametrize("path", sorted(EDITOR_BLOCKS))
    def test_admin_block_preview_renders(self, admin_client, path):
        block = EDITOR_BLOCKS[path]
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200
        assert _render_preview(block).strip() in response.content.decode()
