from django.apps import AppConfig


class FrontendConfig(AppConfig):
    """The public site: views, `.graphql` documents, templates and static files.

    It has no models; everything it shows comes through the GraphQL API.
    """

    name = "frontend"

    def ready(self):
        from . import signals  # noqa: F401
