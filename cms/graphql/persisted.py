"""Persisted queries: documents we wrote, asked for by hash with a cacheable GET.

`GET /graphql/?id=<sha256>&variables=...` runs one of the query documents in
the folders named by `GRAPHQL_PERSISTED_QUERY_DIRS` (the public site's own
`frontend/queries/*.graphql`), so a CDN or a browser can cache the answer and
revalidate it with `ETag`. Only those documents are accepted by id: a client
cannot register new ones, and a document holding a mutation is never listed,
because a GET must not change anything.
"""

import functools
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

from graphql import OperationDefinitionNode, OperationType, parse

from .documents import digest

IMPORT = re.compile(r'^#import "([\w/.-]+)"\s*$', re.MULTILINE)


def read_document(directory, name):
    """The text of `<directory>/<name>.graphql` with its `#import`ed fragments, each once."""
    seen, parts = set(), []

    def read(relative):
        if relative in seen:
            return
        seen.add(relative)
        text = (Path(directory) / relative).read_text()
        for imported in IMPORT.findall(text):
            read(imported)
        parts.append(IMPORT.sub("", text))

    read(f"{name}.graphql")
    return "\n".join(parts)


def _only_queries(text):
    operations = [
        node for node in parse(text).definitions if isinstance(node, OperationDefinitionNode)
    ]
    return bool(operations) and all(op.operation == OperationType.QUERY for op in operations)


@functools.cache
def registry():
    """{sha256 of the document text: (name, text)} for every persisted query."""
    documents = {}
    for directory in settings.GRAPHQL_PERSISTED_QUERY_DIRS:
        for path in sorted(Path(directory).glob("*.graphql")):
            text = read_document(directory, path.stem)
            if _only_queries(text):
                documents[digest(text)] = (path.stem, text)
    return documents


def lookup(query_id):
    """The text of a persisted query, or None for an id we did not publish."""
    entry = registry().get(query_id or "")
    return entry[1] if entry else None


def id_of(name):
    """The id of the persisted query named `name` (for our own clients and tests)."""
    return next(key for key, (stem, _text) in registry().items() if stem == name)


# Answers are also kept this many seconds in the shared cache, so repeated reads
# (every widget on every partner page during a peak) touch neither the database
# nor the executor. Well inside the `max-age` the answer already carries, so no
# reader sees an answer older than a browser or CDN could have kept anyway.
def _server_seconds():
    return getattr(settings, "GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS", 1)


def _answer_key(request):
    parts = [request.get_host()] + [
        f"{name}={request.GET.get(name, '')}" for name in ("id", "variables", "operationName")
    ]
    return "graphql:persisted:" + digest("\n".join(parts))


def cached_answer(request):
    """The body of a recent identical persisted GET, or None."""
    if request.method != "GET" or not _server_seconds():
        return None
    return cache.get(_answer_key(request))


def keep_answer(request, body):
    # Only whole answers: a partial one (a resolver failed) is worked out again.
    if request.method == "GET" and _server_seconds() and b'"errors"' not in body:
        cache.set(_answer_key(request), body, _server_seconds())


@receiver(setting_changed)
def _dirs_changed(setting, **kwargs):
    if setting == "GRAPHQL_PERSISTED_QUERY_DIRS":
        registry.cache_clear()
