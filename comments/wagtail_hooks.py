from wagtail import hooks


@hooks.register("register_schema_query")
def register_comment_queries(query_mixins):
    from .schema import CommentQueries

    query_mixins.append(CommentQueries)


@hooks.register("register_schema_mutation")
def register_comment_mutations(mutation_mixins):
    from .schema import CommentMutations

    mutation_mixins.append(CommentMutations)
