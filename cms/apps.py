from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Project wiring: the hardened GraphQL schema and its hooks."""

    name = "cms"
    verbose_name = "CMS"

    def ready(self):
        from cms import admin_scripts

        admin_scripts.install()
        from . import sites

        sites.connect()
