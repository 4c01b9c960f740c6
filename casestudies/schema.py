"""The `caseStudies` list query, filterable the way readers browse them."""

from django.db.models import Prefetch

from grapple.registry import registry

import graphene

from cms.graphql.images import rendition_queryset
from cms.graphql.pagination import page_arguments, paginate, paginated_type
from cms.graphql.visibility import current
from comments.counts import with_comment_counts

from .models import CaseStudyPage

CaseStudyList = paginated_type(
    "CaseStudyList", lambda: registry.pages[CaseStudyPage], "A page of case studies."
)


def teaser_queryset():
    return with_comment_counts(
        current()
        .pages(CaseStudyPage.objects.all())
        .select_related("local_authority", "hero_image")
        .prefetch_related(
            "service_areas",
            "principles",
            Prefetch("hero_image__renditions", queryset=rendition_queryset()),
        )
    )


class CaseStudyQueries:
    case_studies = graphene.Field(
        CaseStudyList,
        required=True,
        region=graphene.String(description="Only councils in this region, e.g. yorkshire."),
        service_area=graphene.String(
            description="Only case studies in this service area (its slug)."
        ),
        principle=graphene.String(
            description="Only case studies showing this principle (its slug)."
        ),
        **page_arguments(),
        description="Live case studies of the requested site, by council name.",
    )

    def resolve_case_studies(
        self, info, region=None, service_area=None, principle=None, page=1, per_page=10
    ):
        qs = teaser_queryset()
        if region:
            qs = qs.filter(local_authority__region=region)
        if service_area:
            qs = qs.filter(service_areas__slug=service_area)
        if principle:
            qs = qs.filter(principles__slug=principle)
        return paginate(qs.distinct().order_by("local_authority__name", "pk"), page, per_page)
