from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pledges.identity import canonical_email, hash_value, ip_prefix


class BlockRuleQuerySet(models.QuerySet):
    def active(self, now=None):
        """Rules switched on and not yet expired."""
        now = now or timezone.now()
        return self.filter(active=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class BlockRule(models.Model):
    """A ban or a hold the moderation pipeline applies to new comments.

    Values are stored normalised so matching is a plain comparison: emails
    canonical, domains lower-case without "@", keywords trimmed, and IP
    prefixes as the same keyed hash `ReaderComment.ip_prefix_hash` holds (an
    editor may type an address or a /24 or /48 network; a ban made from a
    comment copies its hash). No address is ever stored in the clear.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", "Email address"
        DOMAIN = "domain", "Email or website domain"
        IP_PREFIX = "ip_prefix", "IP address range"
        KEYWORD = "keyword", "Word or phrase"

    class Action(models.TextChoices):
        REJECT = "reject", "Reject"
        HOLD = "hold", "Hold for moderation"

    kind = models.CharField(
        max_length=10, choices=Kind.choices, help_text="What the rule compares against."
    )
    value = models.CharField(
        max_length=254,
        help_text=(
            "The email, domain (e.g. example.com), word or phrase, or an IP address "
            "or network (/24 for IPv4, /48 for IPv6), which is stored only as a hash."
        ),
    )
    action = models.CharField(
        max_length=10,
        choices=Action.choices,
        default=Action.HOLD,
        help_text="Reject refuses the comment; hold sends it to the moderation queue.",
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="Why the rule exists, for other moderators."
    )
    active = models.BooleanField(default=True, help_text="Untick to pause the rule.")
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When the rule stops applying; blank for never."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockRuleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "value"]
        indexes = [models.Index(fields=["kind", "value"], name="block_rule_lookup")]
        verbose_name = "block rule"

    def __str__(self):
        if self.kind == self.Kind.IP_PREFIX:
            return f"{self.get_action_display()}: IP range {self.value[:8]}…"
        return f"{self.get_action_display()}: {self.get_kind_display().lower()} {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.normalised_value()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.value = self.normalised_value()

    def normalised_value(self):
        value = (self.value or "").strip()
        if self.kind == self.Kind.EMAIL:
            return canonical_email(value)
        if self.kind == self.Kind.DOMAIN:
            return value.lower().lstrip("@")
        if self.kind == self.Kind.IP_PREFIX:
            if is_hash(value):
                return value
            prefix = ip_prefix(value)
            if not prefix:
                raise ValidationError(
                    {"value": "Enter an IP address, or a /24 (IPv4) or /48 (IPv6) network."},
                    code="invalid",
                )
            return hash_value(prefix)
        return value


def is_hash(value):
    return len(value) == 32 and all(char in "0123456789abcdef" for char in value)
