"""Extra data for index pages, fetched with their own documents."""

from .client import execute
from .context import int_param, page_links

STORY_KINDS = {"blog": "BLOG", "wish-list": "WISH_LIST", "news": "NEWS"}
STORY_KIND_LABELS = {"blog": "Blog posts", "wish-list": "Wish lists", "news": "News"}


def story_index(request, page):
    kind = request.GET.get("kind", "")
    tag = request.GET.get("tag", "")[:100]
    variables = {
        "kind": STORY_KINDS.get(kind),
        "tag": tag or None,
        "page": int_param(request, "page"),
    }
    data = execute("story_list", variables, request)
    stories = data["stories"]
    return {
        "stories": stories["items"],
        "pagination": stories["pagination"],
        "page_links": page_links(request, stories["pagination"]),
        "filters": {"kind": kind if kind in STORY_KINDS else "", "tag": tag},
        "kinds": STORY_KIND_LABELS,
    }


def case_study_index(request, page):
    filters = {
        "region": request.GET.get("region", "")[:40],
        "service_area": request.GET.get("service_area", "")[:60],
        "principle": request.GET.get("principle", "")[:60],
    }
    variables = {
        "region": filters["region"] or None,
        "serviceArea": filters["service_area"] or None,
        "principle": filters["principle"] or None,
        "page": int_param(request, "page"),
    }
    data = execute("case_study_list", variables, request)
    regions = {item["region"]: item["regionLabel"] for item in data["localAuthorities"]}
    return {
        "case_studies": data["caseStudies"]["items"],
        "pagination": data["caseStudies"]["pagination"],
        "page_links": page_links(request, data["caseStudies"]["pagination"]),
        "filters": filters,
        "regions": sorted(regions.items(), key=lambda item: item[1]),
        "service_areas": data["serviceAreas"],
        "principles": data["principles"],
    }


LISTINGS = {"StoryIndexPage": story_index, "CaseStudyIndexPage": case_study_index}
