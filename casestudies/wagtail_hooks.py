from wagtail import hooks

from .schema import CaseStudyQueries


@hooks.register("register_schema_query")
def register_case_study_queries(query_mixins):
    query_mixins.append(CaseStudyQueries)
