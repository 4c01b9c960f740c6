from django.urls import path

from . import views

# Under /admin/ (registered through wagtail_hooks.register_admin_urls).
urlpatterns = [
    path("two-factor/", views.ManageView.as_view(), name="adminauth_manage"),
    path("two-factor/verify/", views.VerifyView.as_view(), name="adminauth_verify"),
    path("two-factor/enrol/", views.EnrolView.as_view(), name="adminauth_enrol"),
    path(
        "two-factor/recovery-codes/",
        views.RecoveryCodesView.as_view(),
        name="adminauth_recovery_codes",
    ),
    path("two-factor/disable/", views.DisableView.as_view(), name="adminauth_disable"),
]
