"""Limits on the shape of a GraphQL document, checked before it runs.

They are added to GraphQL's standard rules, never instead of them, so an
unknown field or a type error is still reported as the spec says.
"""

from django.conf import settings

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

# Arguments that say how many items a list field returns.
SIZE_ARGUMENTS = ("limit", "perPage", "per_page", "first")
# Lists without a size argument (a page's body, its tags) are bounded by what
# editors write; count them as a typical page of items.
DEFAULT_LIST_SIZE = 10
# Lists known to be shorter than that in practice, by "Type.field": most
# comments have a reply or two, and threads stop at three levels.
LIST_SIZE_HINTS = {"ReaderComment.replies": 2}


def _limits():
    return settings.GRAPHQL_LIMITS


def _is_list(type_):
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


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


class ShapeLimitRule(ValidationRule):
    """Caps the depth and the estimated cost of each operation.

    A field costs 1; a list field multiplies the cost of what it selects by
    the size the client asked for (or the maximum, when a variable hides it).
    A paginated result passes its `perPage` on to its `items` list. The walk
    guards against fragment cycles itself, so it is safe to run beside the
    standard rule that reports them.
    """

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        root = self.context.schema.get_root_type(node.operation)
        if root is None:
            return
        cost, depth = self._selection(root, node.selection_set, frozenset(), None)
        limits = _limits()
        if depth > limits["MAX_DEPTH"]:
            self.report_error(
                GraphQLError(
                    f"The query is {depth} levels deep; the limit is {limits['MAX_DEPTH']}.",
                    node,
                    extensions={
                        "code": "QUERY_TOO_DEEP",
                        "depth": depth,
                        "limit": limits["MAX_DEPTH"],
                    },
                )
            )
        if cost > limits["MAX_COST"]:
            self.report_error(
                GraphQLError(
                    f"The query is too expensive: estimated cost {cost}, limit {limits['MAX_COST']}. "
                    "Ask for fewer items or fewer fields.",
                    node,
                    extensions={
                        "code": "QUERY_TOO_EXPENSIVE",
                        "cost": cost,
                        "limit": limits["MAX_COST"],
                    },
                )
            )

    def _selection(self, parent_type, selection_set, seen_fragments, pending_size):
        """Return (cost, depth) of a selection set."""
        if selection_set is None:
            return 0, 0
        total, deepest = 0, 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                cost, depth = self._field(parent_type, selection, seen_fragments, pending_size)
            elif isinstance(selection, InlineFragmentNode):
                target = self._type_named(selection.type_condition, parent_type)
                cost, depth = self._selection(
                    target, selection.selection_set, seen_fragments, pending_size
                )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen_fragments:
                    continue  # the standard rules report unknown and cyclic fragments
                target = self._type_named(fragment.type_condition, parent_type)
                cost, depth = self._selection(
                    target, fragment.selection_set, seen_fragments | {name}, pending_size
                )
            else:
                continue
            total += cost
            deepest = max(deepest, depth)
        return total, deepest

    def _type_named(self, type_condition, default):
        if type_condition is None:
            return default
        return self.context.schema.get_type(type_condition.name.value) or default

    def _field(self, parent_type, node, seen_fragments, pending_size):
        if node.name.value.startswith("__"):
            return 1, 0
        fields = getattr(parent_type, "fields", None) or {}
        field_def = fields.get(node.name.value)
        if field_def is None:
            return 1, 1  # unknown fields are reported by the standard rules
        child_type = get_named_type(field_def.type)
        size = self._size_argument(node)
        if _is_list(field_def.type):
            hint = LIST_SIZE_HINTS.get(f"{parent_type.name}.{node.name.value}")
            count = size or pending_size or hint or DEFAULT_LIST_SIZE
            inner, depth = self._selection(child_type, node.selection_set, seen_fragments, None)
            return 1 + count * max(inner, 1), depth + 1
        inner, depth = self._selection(child_type, node.selection_set, seen_fragments, size)
        return 1 + inner, depth + 1

    @staticmethod
    def _size_argument(node):
        maximum = _limits()["MAX_LIST_SIZE"]
        for argument in node.arguments or ():
            if argument.name.value in SIZE_ARGUMENTS:
                if isinstance(argument.value, IntValueNode):
                    return max(1, min(int(argument.value.value), maximum))
                return maximum
        return None


def validation_rules():
    return (
        *specified_rules,
        AliasLimitRule,
        ShapeLimitRule,
    )
