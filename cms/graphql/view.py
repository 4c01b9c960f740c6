"""The /graphql/ endpoint: grapple's schema behind our limits and masking."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest, JsonResponse

from graphene_django.views import GraphQLView, HttpError
from graphql import GraphQLError

from core.unavailable import database_outage
from cms.security import allow_inline_code_by_hash

from .validation import validation_rules
from .visibility import visibility_for

logger = logging.getLogger("cms.graphql")

GRAPHIQL_CDN = "https://cdn.jsdelivr.net"
INTERNAL_ERROR = "Something went wrong on our side. The error has been logged."


class PublicGraphQLView(GraphQLView):
    """Runs queries as an anonymous reader of the requested site.

    It never acts as the logged-in user: the schema has no resolver that looks
    at `request.user`, so a partner page cannot borrow an editor's session.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("graphiql", settings.DEBUG)
        kwargs.setdefault("validation_rules", validation_rules())
        super().__init__(**kwargs)

    def dispatch(self, request, *args, **kwargs):
        limit = settings.GRAPHQL_LIMITS["MAX_DOCUMENT_BYTES"]
        try:
            size = (
                len(request.body)
                if request.method == "POST"
                else len(request.META.get("QUERY_STRING", ""))
            )
        except RequestDataTooBig:  # past DATA_UPLOAD_MAX_MEMORY_SIZE: not even read
            size = limit + 1
        if size > limit:
            return JsonResponse(
                {
                    "errors": [
                        {
                            "message": f"The request is larger than {limit} bytes.",
                            "extensions": {"code": "TOO_LARGE"},
                        }
                    ]
                },
                status=413,
            )
        with visibility_for(request):
            return super().dispatch(request, *args, **kwargs)

    def parse_body(self, request):
        try:
            return super().parse_body(request)
        except UnicodeDecodeError as error:  # an application/graphql body that is not UTF-8
            raise HttpError(HttpResponseBadRequest("The body is not UTF-8.")) from error

    @staticmethod
    def get_graphql_params(request, data):
        """graphene-django's reading of the request, refusing the wrong types it lets through."""
        query, variables, operation_name, id_ = GraphQLView.get_graphql_params(request, data)
        problems = [
            (query is not None and not isinstance(query, str), "query must be a string."),
            (variables and not isinstance(variables, dict), "variables must be an object."),
            (
                operation_name is not None and not isinstance(operation_name, str),
                "operationName must be a string.",
            ),
        ]
        for wrong, message in problems:
            if wrong:
                raise HttpError(HttpResponseBadRequest(message))
        return query, variables, operation_name, id_

    def execute_graphql_request(self, *args, **kwargs):
        result = super().execute_graphql_request(*args, **kwargs)
        for error in (result.errors or []) if result else []:
            if outage := database_outage(error):
                # Not a resolver's bug: core.unavailable answers 503 with Retry-After.
                raise outage
        return result
    def render_graphiql(self, request, **data):
        # DEBUG only. graphene's page loads GraphiQL from this CDN (with SRI)
        # and holds one inline script and style, which we allow by hash.
        response = super().render_graphiql(request, **data)
        return allow_inline_code_by_hash(response, origins=[GRAPHIQL_CDN])

    @staticmethod
    def format_error(error):
        if isinstance(error, GraphQLError):
            original = error.original_error
            if original is None or isinstance(original, GraphQLError):
                return error.formatted
            logger.error("GraphQL resolver failed", exc_info=original)
            return {
                "message": INTERNAL_ERROR,
                "locations": error.formatted.get("locations"),
                "path": error.path,
            }
        if isinstance(error, HttpError):  # a malformed request: the client's mistake
            return {"message": str(error.message)}
        logger.error("GraphQL request failed", exc_info=error)
        return {"message": INTERNAL_ERROR}
