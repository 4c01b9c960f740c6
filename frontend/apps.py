from django.apps import AppConfig


class FrontendConfig(AppConfig):
    """The public site: templates and static files, no models."""

    name = "frontend"
