from wagtail import hooks


@hooks.register("register_schema_query")
def register_pledge_queries(query_mixins):
    from .schema import PledgeQueries

    query_mixins.append(PledgeQueries)


@hooks.register("register_schema_mutation")
def register_pledge_mutations(mutation_mixins):
    from .schema import PledgeMutations

    mutation_mixins.append(PledgeMutations)
