from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Campaign-wide content shared by every section: snippets, settings, blocks."""

    name = "core"
    verbose_name = "Campaign"
