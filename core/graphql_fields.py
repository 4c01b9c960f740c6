"""Small helpers for declaring GraphQL fields on our models."""

from grapple.models import GraphQLString


def graphql_choice_label(field_name):
    """Expose a choice field's human label as `<field>Label`."""
    return GraphQLString(f"{field_name}_label", required=True)
