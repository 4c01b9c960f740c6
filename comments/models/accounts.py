from django.conf import settings
from django.db import models
from django.utils import timezone


class Commenter(models.Model):
    """Marks a user account made by signing in to comment (see `comments.accounts`).

    Such an account has no password, no staff or superuser flag, no group and
    no permission, and the sign-in adapter refuses any account that gained one.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="commenter",
        editable=False,  # made at sign-in, never in a form
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "commenter account"

    def __str__(self):
        return f"Commenter {self.user_id}"
