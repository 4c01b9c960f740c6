"""Limits on the shape of a GraphQL document, checked before it runs.

They are added to GraphQL's standard rules, never instead of them, so an
unknown field or a type error is still reported as the spec says.
"""

from django.conf import settings

from graphene.validation import depth_limit_validator
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    ValidationRule,
    get_named_type,
    specified_rules,
)
from graphql.type import is_abstract_type, is_object_type

# Arguments that say how many items a list field returns.
SIZE_ARGUMENTS = ("limit", "perPage", "per_page", "first")


def _limits():
    return settings.GRAPHQL_LIMITS


def _is_list(type_):
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        return True
    # Our paginated results are objects holding an `items` list; the size
    # argument sits on the field that returns them.
    named = get_named_type(type_)
    return bool(getattr(named, "fields", None)) and "items" in named.fields


class AliasLimitRule(ValidationRule):
    """Aliases let one request repeat an expensive field; cap them."""

    def __init__(self, context):
        super().__init__(context)
        self.count = 0

    def enter_field(self, node, *_args):
        if node.alias is not None:
            self.count += 1
            if self.count == _limits()["MAX_ALIASES"] + 1:
                self.report_error(
                    GraphQLError(
                        f"The query uses more than {_limits()['MAX_ALIASES']} aliases.",
                        node,
                        extensions={"code": "TOO_MANY_ALIASES"},
                    )
                )


class CostLimitRule(ValidationRule):
    """Estimates the number of objects a query can return and caps it.

    A field costs 1; a list field multiplies the cost of what it selects by
    the size the client asked for (or the maximum, when a variable hides it).
    """

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        schema = self.context.schema
        root = schema.get_root_type(node.operation)
        if root is None:
            return
        cost = self._selection_cost(root, node.selection_set, frozenset())
        limit = _limits()["MAX_COST"]
        if cost > limit:
            self.report_error(
                GraphQLError(
                    f"The query is too expensive: estimated cost {cost}, limit {limit}. "
                    "Ask for fewer items or fewer fields.",
                    node,
                    extensions={
                        "code": "QUERY_TOO_EXPENSIVE",
                        "cost": cost,
                        "limit": limit,
                    },
                )
            )

    def _selection_cost(self, parent_type, selection_set, seen_fragments):
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(parent_type, selection, seen_fragments)
            elif isinstance(selection, InlineFragmentNode):
                target = parent_type
                if selection.type_condition is not None:
                    target = (
                        self.context.schema.get_type(selection.type_condition.name.value)
                        or parent_type
                    )
                total += self._selection_cost(target, selection.selection_set, seen_fragments)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen_fragments:
                    continue  # the standard rules report unknown and cyclic fragments
                target = (
                    self.context.schema.get_type(fragment.type_condition.name.value) or parent_type
                )
                total += self._selection_cost(
                    target, fragment.selection_set, seen_fragments | {name}
                )
        return total

    def _field_cost(self, parent_type, node, seen_fragments):
        fields = getattr(parent_type, "fields", None) or {}
        field_def = fields.get(node.name.value)
        if field_def is None:
            return 1  # introspection meta-fields and unknown fields
        child_type = get_named_type(field_def.type)
        if (
            is_abstract_type(child_type)
            or is_object_type(child_type)
            or hasattr(child_type, "fields")
        ):
            inner = self._selection_cost(child_type, node.selection_set, seen_fragments)
        else:
            inner = 0
        if not _is_list(field_def.type):
            return 1 + inner
        return 1 + self._list_size(node) * max(inner, 1)

    @staticmethod
    def _list_size(node):
        maximum = _limits()["MAX_LIST_SIZE"]
        for argument in node.arguments or ():
            if argument.name.value in SIZE_ARGUMENTS:
                if isinstance(argument.value, IntValueNode):
                    return max(1, min(int(argument.value.value), maximum))
                return maximum
        # Lists without a size argument (a page's body, its tags) are bounded by
        # what editors write; count them as a typical page of items.
        return 10


def validation_rules():
    return (
        *specified_rules,
        depth_limit_validator(max_depth=_limits()["MAX_DEPTH"]),
        AliasLimitRule,
        CostLimitRule,
    )
