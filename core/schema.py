"""Root queries for the campaign's reference data (all of it public)."""

from grapple.registry import registry

import graphene

from .models import LocalAuthority, Principle, ServiceArea


def _list_of(model, **kwargs):
    return graphene.List(
        graphene.NonNull(lambda: registry.snippets[model]), required=True, **kwargs
    )


class CampaignQueries:
    principles = _list_of(Principle, description="The six principles, in order.")
    service_areas = _list_of(ServiceArea, description="Service areas, by name.")
    local_authorities = _list_of(
        LocalAuthority,
        region=graphene.String(description="Only councils in this region."),
        description="Councils known to the campaign, by name (about 400 at most).",
    )

    def resolve_principles(self, info):
        return Principle.objects.all()

    def resolve_service_areas(self, info):
        return ServiceArea.objects.all()

    def resolve_local_authorities(self, info, region=None):
        qs = LocalAuthority.objects.all()
        return qs.filter(region=region) if region else qs
