from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("<int:pledge_id>/sign/", views.sign_pledge, name="sign"),
    path("<int:pledge_id>/thanks/", views.thanks, name="thanks"),
    path("confirm/<str:token>/", views.confirm_signature, name="confirm"),
    path("withdraw/<str:token>/", views.withdraw_signature, name="withdraw"),
]
