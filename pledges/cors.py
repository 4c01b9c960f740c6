"""CORS for partners' widgets: /graphql/ answers exactly the origins partners list.

django-cors-headers asks `check_request_enabled` for each cross-origin request
to a CORS URL. The allowed set is every active partner's origins, cached
briefly in the shared cache and dropped when a partner is saved; which partner
may sign from which origin is checked again in `signing.sign()`.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from corsheaders.signals import check_request_enabled

from .counts import public_data_changed
from .models import Partner

CACHE_KEY = "pledges:partner-origins"
TIMEOUT = 300


def partner_origins():
    origins = cache.get(CACHE_KEY)
    if origins is None:
        origins = set()
        for partner in Partner.objects.filter(active=True).exclude(allowed_origins=""):
            origins.update(origin for origin in _safe_origins(partner))
        cache.set(CACHE_KEY, origins, TIMEOUT)
    return origins


def _safe_origins(partner):
    return [
        origin for origin in partner.allowed_origins.splitlines() if partner.allows_origin(origin)
    ]


@receiver(check_request_enabled)
def allow_partner_origins(sender, request, **kwargs):
    origin = request.META.get("HTTP_ORIGIN", "")
    return bool(origin) and origin.rstrip("/") in partner_origins()


@receiver(post_save, sender=Partner)
@receiver(post_delete, sender=Partner)
def forget_partner_origins(sender, **kwargs):
    cache.delete(CACHE_KEY)
    public_data_changed()  # an inactive partner's widgets must fall back at once
