"""The GraphQL schema: grapple's, with our hooks' queries, hardened.

Queries live in their apps and register through grapple's
`register_schema_query` hook; see `cms/wagtail_hooks.py` for what we remove.
"""

from grapple.schema import create_schema

from cms.graphql.hardening import harden

schema = harden(create_schema())
