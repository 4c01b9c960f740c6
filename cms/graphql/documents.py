"""Parsed and validated GraphQL documents, kept in process.

Every client sends the same few documents (the widget, the site's pages,
partners' builds), and parsing plus validating one costs more than running
it. A document that parsed and passed every validation rule, ours included
(depth, aliases, cost), is kept in a bounded LRU keyed by the SHA-256 of its
text; a document that failed is never kept, so its errors are reported again
and a cached document is always one that passed. Changing the limits in
settings empties the cache, since a document that passed old limits may not
pass new ones.
"""

import hashlib
import threading
from collections import OrderedDict

from django.core.signals import setting_changed
from django.dispatch import receiver

from graphql import parse, validate

MAX_DOCUMENTS = 256

# Calls of parse() and validate() made here: tests count them to prove a hit costs neither.
calls = {"parse": 0, "validate": 0}


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


class DocumentCache:
    def __init__(self, size=MAX_DOCUMENTS):
        self.size = size
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            document = self._items.get(key)
            if document is not None:
                self._items.move_to_end(key)
            return document

    def put(self, key, document):
        with self._lock:
            self._items[key] = document
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self):
        with self._lock:
            self._items.clear()

    def __len__(self):
        return len(self._items)


documents = DocumentCache()


def prepare(schema, text, rules, max_errors=None):
    """Return (document, errors) for a query text; errors is empty when it may run.

    Raises what `parse` raises for a syntax error, as graphql-core does.
    """
    key = (id(schema), digest(text))
    document = documents.get(key)
    if document is not None:
        return document, []
    calls["parse"] += 1
    document = parse(text)
    calls["validate"] += 1
    errors = validate(schema, document, rules, max_errors)
    if not errors:
        documents.put(key, document)
    return document, errors


@receiver(setting_changed)
def _limits_changed(setting, **kwargs):
    if setting == "GRAPHQL_LIMITS":
        documents.clear()
