from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static

from cms.graphql.queries import PageQueries, SettingsQueries
from cms.graphql.search import SearchQueries


@hooks.register("register_schema_query", order=100)
def replace_grapple_root_queries(query_mixins):
    """Drop grapple's stock root queries; ours replace them.

    Each of them leaks: `search` returns drafts, `snippets` every snippet,
    `redirects` internal paths, `pages`/`page` cross sites, `settings` any
    site's, `images`/`documents`/`collections` files in private collections.
    Runs after grapple's own hook (order 0), before the schema is built.
    """
    query_mixins[:] = [
        mixin
        for mixin in query_mixins
        if not getattr(mixin, "__module__", "").startswith("grapple.types.")
    ]
    query_mixins += [PageQueries, SettingsQueries, SearchQueries]


@hooks.register("insert_global_admin_js")
def admin_widget_starter():
    """Starts admin widgets without inline scripts, which our CSP refuses (cms/admin_scripts.py)."""
    return format_html('<script src="{}" defer></script>', versioned_static("cms/admin/init.js"))
