"""Rich text links that never point readers at pages they may not see."""

from django.utils.html import escape

from wagtail.rich_text.pages import PageLinkHandler

from cms.graphql.visibility import current


class PublicPageLinkHandler(PageLinkHandler):
    """Expands internal links only to live, public pages of the current site.

    Wagtail's own handler links to drafts too (their URL gives the draft's slug
    away). A link to a page a reader cannot see becomes a bare `<a>`, which is
    what Wagtail itself renders for a deleted page.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        visibility = current()
        ids = [attrs.get("id") for attrs in attrs_list if str(attrs.get("id", "")).isdigit()]
        visibility.warm(ids)
        tags = []
        for attrs in attrs_list:
            pk = attrs.get("id")
            page = visibility.public_page(pk) if str(pk or "").isdigit() else None
            url = visibility.url(page) if page is not None else None
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags
