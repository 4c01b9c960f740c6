"""Every page path to Wagtail's own serve view (see `native.NativeSwitch`).

Named `wagtail_serve`, as Wagtail expects, so `page.url` reverses to the same
paths the frontend serves.
"""

from django.urls import re_path

from .native import serve

urlpatterns = [re_path(r"^((?:[\w\-]+/)*)$", serve, name="wagtail_serve")]
