import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

# A worker's start-up objects (Django, Wagtail, the GraphQL schema: about
# 200,000) live as long as the worker. Left to the cycle collector, every full
# collection scanned them all, 130 ms with the worker stalled, every few
# seconds at a peak. Frozen, a full collection scans only what requests made.
# The URLconf is imported first, so the schema it builds is frozen too.
import_module(settings.ROOT_URLCONF)
gc.freeze()
