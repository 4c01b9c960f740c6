"""`{% admin_init "initDateChooser" widget.attrs.id config_json=widget.config_json %}`:
an admin widget's start-up call as inert JSON (see cms/admin_scripts.py)."""

import json

from django import template

from cms.admin_scripts import init_placeholder

register = template.Library()


@register.simple_tag
def admin_init(starter, *args, config_json=None):
    if config_json is not None:
        args = (*args, json.loads(config_json))
    return init_placeholder(starter, *args)
