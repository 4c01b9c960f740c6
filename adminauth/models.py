from django.contrib.auth.models import Group
from django.db import models


class GroupTwoFactorPolicy(models.Model):
    """Whether members of a group must use two-factor authentication in the admin.

    Kept beside the group rather than as a permission: superusers hold every
    permission, so a permission would force the demo superuser too.
    """

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="two_factor_policy", primary_key=True
    )
    required = models.BooleanField(
        default=False,
        help_text="Members must set up an authenticator app before they can use the admin.",
    )

    class Meta:
        verbose_name = "two-factor policy"
        verbose_name_plural = "two-factor policies"

    def __str__(self):
        return f"{self.group}: {'required' if self.required else 'optional'}"
