"""A pledge's publication changes what widgets show: roll their cached data over."""

from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from .counts import public_data_changed
from .models import PledgePage


@receiver(page_published, sender=PledgePage)
@receiver(page_unpublished, sender=PledgePage)
def pledge_changed(sender, instance, **kwargs):
    public_data_changed()
