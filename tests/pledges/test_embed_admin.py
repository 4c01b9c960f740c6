"""The code partners paste (a contract, checked to the character) and the partner Embed view."""

import itertools
from html import unescape
from types import SimpleNamespace

from django.urls import reverse
from django.utils.html import escape

import pytest

from pledges import embed_code
from pledges.admin.embed import counted_by_pledge
from pledges.models import Partner, Signature
from tests.factories import PledgePageFactory
from tests.pledges.helpers import denied, make_signature, staff_user

BASE = "https://keepitlocal.example"
TITLE = """Fish & chips <"local"> isn't it"""
ESCAPED_TITLE = "Fish &amp; chips &lt;&quot;local&quot;&gt; isn&#x27;t it"
Status = Signature.Status

# --- The snippets, without the database ------------------------------------------------------


@pytest.fixture
def partner_stub():
    return SimpleNamespace(slug="leeds-network")


@pytest.fixture
def pledge_stub():
    return SimpleNamespace(
        slug="join-the-network",
        title=TITLE,
        get_url_parts=lambda: (1, "http://localhost", "/join-the-network/"),
    )


def test_script_snippet_exact_with_defaults(partner_stub, pledge_stub):
    code = embed_code.script_snippet(partner_stub, pledge_stub, base_url=BASE)

    assert code == (
        f'<script src="{BASE}/embed/v1/pledge.js" async></script>\n'
        '<div data-keepitlocal-pledge="join-the-network" data-partner="leeds-network" '
        f'data-variant="full"><a href="{BASE}/join-the-network/?utm_source=leeds-network'
        f'&amp;utm_medium=embed">Sign the pledge: {ESCAPED_TITLE}</a></div>'
    )


def test_script_snippet_with_accent_and_theme(partner_stub, pledge_stub):
    code = embed_code.script_snippet(
        partner_stub, pledge_stub, variant="counter", accent="#0b6e4f", theme="dark", base_url=BASE
    )

    assert (
        'data-partner="leeds-network" data-variant="counter" data-accent="#0b6e4f" '
        'data-theme="dark"><a href=' in code
    )


@pytest.mark.parametrize(("theme", "shown"), [("auto", False), ("light", True), ("dark", True)])
def test_theme_attribute_only_when_not_auto(partner_stub, pledge_stub, theme, shown):
    code = embed_code.script_snippet(partner_stub, pledge_stub, theme=theme, base_url=BASE)
    assert ("data-theme=" in code) is shown
    assert "data-accent=" not in code  # no accent given


def test_base_url_defaults_to_the_setting(settings, partner_stub, pledge_stub):
    settings.BASE_URL = "https://campaign.example"

    code = embed_code.script_snippet(partner_stub, pledge_stub)

    assert code.startswith('<script src="https://campaign.example/embed/v1/pledge.js" async>')
    assert 'href="https://campaign.example/join-the-network/?utm_source' in code


def test_iframe_snippet_exact_with_defaults(partner_stub, pledge_stub):
    code = embed_code.iframe_snippet(partner_stub, pledge_stub, base_url=BASE)

    assert code == (
        f'<iframe src="{BASE}/embed/pledges/join-the-network/?partner=leeds-network" '
        f'title="Sign the pledge: {ESCAPED_TITLE}" width="100%" height="720" '
        'style="border:0;max-width:40rem" loading="lazy"></iframe>'
    )


def test_iframe_snippet_carries_the_options_escaped(partner_stub, pledge_stub):
    code = embed_code.iframe_snippet(
        partner_stub, pledge_stub, variant="compact", accent="#0b6e4f", theme="light", base_url=BASE
    )

    assert (
        f'src="{BASE}/embed/pledges/join-the-network/?partner=leeds-network&amp;variant=compact'
        '&amp;accent=%230b6e4f&amp;theme=light"' in code
    )
    assert 'height="560"' in code


def test_counter_iframe_is_short_and_auto_theme_is_left_out(partner_stub, pledge_stub):
    code = embed_code.iframe_snippet(partner_stub, pledge_stub, variant="counter", base_url=BASE)

    assert "?partner=leeds-network&amp;variant=counter" in code
    assert "theme=" not in code and "accent=" not in code
    assert 'height="220"' in code


@pytest.mark.parametrize(
    "options",
    [{"variant": "huge"}, {"theme": "neon"}, {"accent": "red"}, {"accent": '#000"><script>'}],
)
def test_unknown_options_are_refused(partner_stub, pledge_stub, options):
    for build in (embed_code.script_snippet, embed_code.iframe_snippet):
        with pytest.raises(ValueError):
            build(partner_stub, pledge_stub, base_url=BASE, **options)


def test_pledge_url_is_the_live_page_on_our_site(pledge, settings):
    settings.BASE_URL = BASE
    assert embed_code.pledge_url(pledge) == f"{BASE}/pledge/"
    assert (
        embed_code.pledge_url(pledge, "http://127.0.0.1:9000/") == "http://127.0.0.1:9000/pledge/"
    )


# --- The Embed view ------------------------------------------------------------------------


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        name="Leeds Community Network",
        slug="leeds-network",
        allowed_origins="https://www.leeds.example",
        accent_colour="#0b6e4f",
    )


def embed_url(partner):
    return reverse("wagtailsnippets_pledges_partner:embed", args=[partner.pk])


_numbers = itertools.count(1)


def sign_through(partner, pledge, status=Status.CONFIRMED, n=1):
    for number in itertools.islice(_numbers, n):
        make_signature(pledge, email=f"widget{number}@example.org", partner=partner, status=status)


def test_view_shows_both_snippets_preview_and_counts(admin_client, partner, pledge, settings):
    settings.BASE_URL = BASE
    other = Partner.objects.create(name="Elsewhere", slug="elsewhere")
    sign_through(partner, pledge, n=2)
    sign_through(partner, pledge, status=Status.PENDING)
    sign_through(other, pledge)
    sign_through(None, pledge)

    response = admin_client.get(embed_url(partner))

    assert response.status_code == 200
    html = response.content.decode()
    script = embed_code.script_snippet(partner, pledge, accent="#0b6e4f")
    iframe = embed_code.iframe_snippet(partner, pledge, accent="#0b6e4f")
    # The code to copy, shown as text; and the same code live in the preview.
    for code in (script, iframe):
        assert code in html
        assert escape(code) in html
    assert f'<script src="{BASE}/embed/v1/pledge.js" async></script>' in html
    assert 'data-embed-copy="embed-script"' in html and 'data-embed-copy="embed-iframe"' in html
    assert "pledges/admin/embed.js" in html
    assert "<td>Keep it Local pledge</td><td>2</td>" in html
    assert "<td>Confirmed</td><td>2</td>" in html
    assert "<td>Waiting for email confirmation</td><td>1</td>" in html
    assert "inactive" not in html and "no allowed origins" not in html


def test_opens_on_the_pledge_the_partner_brings_most_signers_to(
    admin_client, partner, pledge, council_pledge
):
    sign_through(partner, pledge)
    sign_through(None, council_pledge, n=2)

    form = admin_client.get(embed_url(partner)).context["form"]

    assert form.cleaned_data["pledge"] == pledge  # not "Council commitment", first by title
    fresh = Partner.objects.create(name="New", slug="new", allowed_origins="https://new.example")
    assert (
        admin_client.get(embed_url(fresh)).context["form"].cleaned_data["pledge"] == council_pledge
    )


def test_options_from_the_form_reach_the_code(admin_client, partner, pledge):
    response = admin_client.get(
        embed_url(partner),
        {"pledge": pledge.pk, "variant": "counter", "theme": "dark", "accent": ""},
    )

    html = unescape(response.content.decode())
    assert 'data-variant="counter" data-theme="dark">' in html
    assert "?partner=leeds-network&variant=counter&theme=dark" in html


def test_a_colour_failing_contrast_is_refused_beside_its_field(admin_client, partner, pledge):
    response = admin_client.get(
        embed_url(partner),
        {"pledge": pledge.pk, "variant": "full", "theme": "auto", "accent": "#ffdd00"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["accent"]
    assert "contrasts with white by only" in form.errors["accent"][0]
    html = response.content.decode()
    assert 'class="error-message"' in html and "contrasts with white by only" in html
    assert 'id="embed-script"' not in html  # no code built from a refused colour


def test_only_published_pledges_can_be_chosen(admin_client, partner, pledge, site_tree):
    draft = PledgePageFactory(parent=site_tree["home"], title="Draft pledge", live=False)

    response = admin_client.get(embed_url(partner), {"pledge": draft.pk, "variant": "full"})

    assert list(response.context["form"].errors) == ["pledge", "theme"]
    assert "Draft pledge" not in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "warning"),
    [
        ({"active": False}, "This partner is inactive"),
        ({"allowed_origins": ""}, "no allowed origins"),
    ],
)
def test_warns_when_widgets_would_not_work(admin_client, partner, pledge, fields, warning):
    Partner.objects.filter(pk=partner.pk).update(**fields)

    html = admin_client.get(embed_url(partner)).content.decode()

    assert warning in html
    edit = reverse("wagtailsnippets_pledges_partner:edit", args=[partner.pk])
    assert f'<a href="{edit}">edit the partner</a>' in html


def test_staff_who_may_edit_partners_may_embed(client, partner, pledge):
    client.force_login(staff_user("comms", "change_partner"))
    assert client.get(embed_url(partner)).status_code == 200


@pytest.mark.parametrize("codenames", [(), ("view_partner", "view_signature")])
def test_others_are_refused(client, partner, codenames):
    client.force_login(staff_user("looker", *codenames))
    assert denied(client.get(embed_url(partner)))


def test_anonymous_visitors_are_sent_to_log_in(client, partner):
    response = client.get(embed_url(partner))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response.url


def test_edit_page_and_listing_link_to_the_embed_view(admin_client, partner):
    edit = admin_client.get(reverse("wagtailsnippets_pledges_partner:edit", args=[partner.pk]))
    listing = admin_client.get(reverse("wagtailsnippets_pledges_partner:list"))

    for response in (edit, listing):
        assert response.status_code == 200
        assert f'href="{embed_url(partner)}"' in response.content.decode()


def test_view_only_staff_see_no_embed_link(client, partner):
    client.force_login(staff_user("looker", "view_partner"))
    listing = client.get(reverse("wagtailsnippets_pledges_partner:list"))
    assert listing.status_code == 200 and partner.name in listing.content.decode()
    assert embed_url(partner) not in listing.content.decode()


def test_counts_per_pledge_in_one_query(partner, pledge, council_pledge, django_assert_num_queries):
    sign_through(partner, pledge, n=3)
    sign_through(partner, pledge, status=Status.PENDING)
    sign_through(partner, council_pledge, status=Status.VERIFIED)
    sign_through(None, pledge)

    with django_assert_num_queries(1):
        rows = counted_by_pledge(partner)

    assert rows == [
        {"pledge_id": council_pledge.pk, "label": "Council commitment", "count": 1},
        {"pledge_id": pledge.pk, "label": "Keep it Local pledge", "count": 3},
    ]
