"""Helpers for the embed tests: a partner with origins, and the widget's data request."""

from pledges.models import Partner

PARTNER_ORIGIN = "https://www.leedscf.example"


def make_partner(slug="leeds-cf", origins=PARTNER_ORIGIN, **fields):
    fields.setdefault("name", "Leeds Community Foundation")
    return Partner.objects.create(slug=slug, allowed_origins=origins, **fields)


def data_url(*slugs, partner="leeds-cf"):
    return f"/embed/v1/data/?pledges={','.join(slugs)}&partner={partner}"


def frame_url(pledge, partner="leeds-cf", **options):
    query = "&".join(f"{key}={value}" for key, value in {"partner": partner, **options}.items())
    return f"/embed/pledges/{pledge.slug}/?{query}"
