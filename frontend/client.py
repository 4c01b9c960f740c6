"""Runs the site's `.graphql` documents against our API.

In-process by default: the document executes against `cms.schema` with the
current request as context, exactly as the HTTP endpoint would run it. With
`FRONTEND_API_URL` set, the same documents go over HTTP to a remote API, so
the public site can run apart from the CMS.
"""

import json
import logging
import urllib.error
import urllib.request
from functools import cache
from pathlib import Path

from django.conf import settings

from core.unavailable import database_outage

logger = logging.getLogger("frontend.client")

QUERY_DIR = Path(__file__).parent / "queries"


class APIError(Exception):
    """The API answered with errors or not at all; the page cannot be built."""


@cache
def load_document(name):
    """Read `queries/<name>.graphql`, pulling in its `#import`ed fragments once."""
    from cms.graphql.persisted import read_document

    return read_document(QUERY_DIR, name)


def execute(name, variables, request):
    """Run a named document and return its `data`, or raise APIError."""
    document = load_document(name)
    url = getattr(settings, "FRONTEND_API_URL", "")
    if url:
        return _over_http(url, document, variables, request)
    return _in_process(document, variables, request)


def _prepared(document):
    """Parse and validate a document once, in the same cache as the endpoint's."""
    from cms.graphql.documents import prepare
    from cms.graphql.validation import validation_rules
    from cms.schema import schema

    ast, errors = prepare(schema.graphql_schema, document, validation_rules())
    if errors:
        raise APIError(f"Invalid frontend document: {errors[0]}")
    return ast


def _in_process(document, variables, request):
    from graphql import execute as execute_document

    from cms.graphql.media_urls import site_relative_media
    from cms.graphql.visibility import visibility_for
    from cms.schema import schema

    ast = _prepared(document)
    # Our pages show media from the host they were served on (see media_urls).
    with visibility_for(request), site_relative_media():
        result = execute_document(
            schema.graphql_schema, ast, context_value=request, variable_values=variables
        )
    if result.errors:
        for error in result.errors:
            if outage := database_outage(error):
                raise outage  # a 503 for the reader (core.unavailable), not a logged failure
        for error in result.errors:
            logger.error("GraphQL error in frontend document: %s", error, exc_info=error)
        raise APIError(str(result.errors[0]))
    return result.data


def _over_http(url, document, variables, request):
    body = json.dumps({"query": document, "variables": variables}).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    # The API picks the site from the host, so ask for the one the reader asked for.
    headers["Host"] = request.get_host()
    outgoing = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    timeout = getattr(settings, "FRONTEND_API_TIMEOUT", 5)
    try:
        with urllib.request.urlopen(outgoing, timeout=timeout) as response:  # noqa: S310
            payload = json.loads(response.read())
    except urllib.error.HTTPError as error:
        try:
            payload = json.loads(error.read())
        except ValueError:
            raise APIError(f"API answered {error.code}") from error
    except (OSError, ValueError) as error:
        raise APIError(f"API unreachable: {error}") from error
    if payload.get("errors"):
        raise APIError(payload["errors"][0].get("message", "API error"))
    return payload["data"]
