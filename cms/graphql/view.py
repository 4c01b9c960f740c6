"""The /graphql/ endpoint: grapple's schema behind our limits and masking."""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection, transaction
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
    JsonResponse,
)
from django.utils.cache import patch_cache_control

from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast

from cms.security import allow_inline_code_by_hash
from core.unavailable import database_outage

from . import persisted
from .documents import prepare
from .validation import validation_rules
from .visibility import visibility_for

logger = logging.getLogger("cms.graphql")

GRAPHIQL_CDN = "https://cdn.jsdelivr.net"
INTERNAL_ERROR = "Something went wrong on our side. The error has been logged."


# Persisted answers may be kept this long by browsers and CDNs; they revalidate
# with the ETag afterwards. Short, because counts move during a campaign peak.
PERSISTED_MAX_AGE = 10


class CodedHttpError(HttpError):
    """A malformed request with a stable code a client can switch on."""

    def __init__(self, response, message, code):
        super().__init__(response, message)
        self.code = code


def set_persisted_headers(response):
    patch_cache_control(response, public=True, max_age=PERSISTED_MAX_AGE)
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    response["ETag"] = f'"{digest}"'
    return response


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
        if "id" in request.GET and "query" not in request.GET:
            body = persisted.cached_answer(request)
            if body is not None:
                return set_persisted_headers(HttpResponse(body, content_type="application/json"))
        with visibility_for(request):
            # graphene's dispatch without its `ensure_csrf_cookie`: the endpoint is
            # CSRF-exempt, and a cookie on every answer would make none cacheable.
            response = GraphQLView.dispatch.__wrapped__(self, request, *args, **kwargs)
        persisted_get = request.method == "GET" and getattr(request, "persisted_query", False)
        if persisted_get and response.status_code == 200:
            set_persisted_headers(response)
            persisted.keep_answer(request, response.content)
        return response

    def get_graphql_params(self, request, data):
        """graphene-django's reading of the request, refusing the wrong types it lets
        through, and the persisted query an `id` names."""
        query, variables, operation_name, query_id = super().get_graphql_params(request, data)
        problems = [
            (query is not None and not isinstance(query, str), "query must be a string."),
            (variables and not isinstance(variables, dict), "variables must be an object."),
            (
                operation_name is not None and not isinstance(operation_name, str),
                "operationName must be a string.",
            ),
            (query_id is not None and not isinstance(query_id, str), "id must be a string."),
        ]
        for wrong, message in problems:
            if wrong:
                raise HttpError(HttpResponseBadRequest(message))
        if query_id:
            if query:
                raise CodedHttpError(
                    HttpResponseBadRequest(),
                    "Send either a query or the id of a persisted query, not both.",
                    "PERSISTED_QUERY_CONFLICT",
                )
            query = persisted.lookup(query_id)
            if query is None:
                raise CodedHttpError(
                    HttpResponseNotFound(),
                    "No persisted query has this id.",
                    "PERSISTED_QUERY_NOT_FOUND",
                )
            request.persisted_query = True
        return query, variables, operation_name, query_id

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        """graphene's, with parsing and validation from the document cache.

        The rest (GET runs queries only, atomic mutations, errors) is graphene's
        own behaviour, kept: tests/api/test_document_cache.py and test_persisted.py
        pin it.
        """
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        schema = self.schema.graphql_schema
        try:
            document, errors = prepare(
                schema, query, self.validation_rules, graphene_settings.MAX_VALIDATION_ERRORS
            )
        except GraphQLError as error:
            return ExecutionResult(errors=[error])
        operation = get_operation_ast(document, operation_name)
        is_query = operation is None or operation.operation == OperationType.QUERY
        if request.method == "GET" and not is_query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseNotAllowed(["POST"], "Only queries may be sent with GET."))
        if errors:
            return ExecutionResult(data=None, errors=errors)
        result = self._run(request, schema, document, variables, operation_name, operation)
        for error in result.errors or []:
            if outage := database_outage(error):
                # Not a resolver's bug: core.unavailable answers 503 with Retry-After.
                raise outage
        return result

    def _run(self, request, schema, document, variables, operation_name, operation):
        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
        }
        if self.execution_context_class:
            options["execution_context_class"] = self.execution_context_class
        try:
            if operation is not None and operation.operation == OperationType.MUTATION:
                atomic = graphene_settings.ATOMIC_MUTATIONS is True or (
                    connection.settings_dict.get("ATOMIC_MUTATIONS", False) is True
                )
                if atomic:
                    with transaction.atomic():
                        result = execute(schema, document, **options)
                        if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                            transaction.set_rollback(True)
                    return result
            return execute(schema, document, **options)
        except Exception as error:  # noqa: BLE001 - reported as a masked GraphQL error
            return ExecutionResult(errors=[error])

    def parse_body(self, request):
        try:
            return super().parse_body(request)
        except UnicodeDecodeError as error:  # an application/graphql body that is not UTF-8
            raise HttpError(HttpResponseBadRequest("The body is not UTF-8.")) from error

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
        if isinstance(error, CodedHttpError):
            return {"message": str(error.message), "extensions": {"code": error.code}}
        if isinstance(error, HttpError):  # a malformed request: the client's mistake
            return {"message": str(error.message)}
        logger.error("GraphQL request failed", exc_info=error)
        return {"message": INTERNAL_ERROR}
