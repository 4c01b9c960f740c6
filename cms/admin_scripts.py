"""Wagtail 8 starts some admin widgets with inline scripts, which our CSP refuses.

Date pickers, choosers, InlinePanel and MultipleChooserPanel each print
`<script>new X(...)</script>` (wagtail/wagtail#1288). Here they print the same
call as inert JSON instead, `<script type="application/json" data-admin-init>`,
and `cms/static/cms/admin/init.js` (a static file, so allowed) makes the call,
for the page as loaded and for forms the editor adds later. Scripts stay
'self' only on every admin page; nothing else is let through.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.admin.widgets.chooser import BaseChooser

# What init.js will call; anything else in a placeholder is ignored there too.
STARTERS = frozenset(
    {
        "initDateChooser",
        "initTimeChooser",
        "initDateTimeChooser",
        "InlinePanel",
        "MultipleChooserPanel",
        "PageChooser",
        "ImageChooser",
        "DocumentChooser",
        "SnippetChooser",
        "Chooser",
    }
)
# JSON inside a <script> element must not close it or open a comment.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def init_placeholder(starter, *args):
    if starter not in STARTERS:
        raise ValueError(f"{starter} is not an admin starter init.js knows")
    payload = json.dumps(list(args)).translate(_ESCAPES)
    return format_html(
        '<script type="application/json" data-admin-init="{}">{}</script>',
        starter,
        mark_safe(payload),  # noqa: S308 - JSON escaped above
    )


_chooser_render = BaseChooser.render


def _render_chooser(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render with the placeholder in place of its inline script."""
    custom_init = type(self).render_js_init is not BaseChooser.render_js_init
    if custom_init or self.js_constructor not in STARTERS or not (attrs or {}).get("id"):
        return _chooser_render(self, name, value, attrs, renderer)
    value_data = self.get_value_data(value)
    html = self.render_html(name, value_data, attrs)
    options = self.get_js_init_options(attrs["id"], name, value_data)
    return mark_safe(html + init_placeholder(self.js_constructor, attrs["id"], options))  # noqa: S308


def install():
    BaseChooser.render = _render_chooser
