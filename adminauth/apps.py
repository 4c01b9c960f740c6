from django.apps import AppConfig


class AdminAuthConfig(AppConfig):
    name = "adminauth"
    verbose_name = "Admin sign-in security"
    default_auto_field = "django.db.models.BigAutoField"
