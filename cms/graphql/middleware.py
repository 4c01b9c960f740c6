"""Field-level guards that GraphQL validation alone cannot express."""

from graphql import GraphQLError, get_named_type

# Grapple's list fields take a free-form `order` string passed to
# `QuerySet.order_by`; unchecked, it can sort by private columns and leak them
# one comparison at a time, or fail with a database error.
ALLOWED_ORDERING = frozenset(
    f"{sign}{field}"
    for field in (
        "id",
        "title",
        "name",
        "number",
        "date",
        "first_published_at",
        "last_published_at",
    )
    for sign in ("", "-")
)

# Errors grapple raises for a bad argument; they are the client's mistake.
CLIENT_ERROR_PREFIXES = (
    "Invalid filter specs",
    "This data type is not searchable",
    "No valid filter specs",
)


def _is_free_form(info):
    """Enum `order` arguments are already an allow-list; strings are not."""
    argument = info.parent_type.fields[info.field_name].args.get("order")
    return argument is not None and get_named_type(argument.type).name == "String"


class OrderingAllowListMiddleware:
    def resolve(self, next_, root, info, **args):
        order = args.get("order")
        if isinstance(order, str) and _is_free_form(info):
            terms = [term.strip() for term in order.split(",")]
            bad = [term for term in terms if term not in ALLOWED_ORDERING]
            if bad:
                raise GraphQLError(
                    f"Cannot order by {', '.join(bad)}. Allowed: {', '.join(sorted(ALLOWED_ORDERING))}.",
                    extensions={"code": "BAD_ORDER"},
                )
        try:
            return next_(root, info, **args)
        except TypeError as error:
            if str(error).startswith(CLIENT_ERROR_PREFIXES):
                raise GraphQLError(str(error), extensions={"code": "BAD_ARGUMENT"}) from None
            raise
