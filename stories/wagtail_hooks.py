from wagtail import hooks

from .schema import StoryQueries


@hooks.register("register_schema_query")
def register_story_queries(query_mixins):
    query_mixins.append(StoryQueries)
