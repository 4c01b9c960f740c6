"""Staff decisions in Wagtail's log, written in batches (pledges and comments use it).

No Wagtail admin imports here: domain modules that decide (comments.moderation,
pledges.admin.actions) log without loading the admin.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import ModelLogEntry


def log_batch(model, entries, action, user, data, label):
    """One log entry per (pk, extra data) in `entries`, sharing one uuid: one decision.

    `label(pk)` names each record in the log; it should not be personal data,
    since log entries outlive anonymisation.
    """
    content_type = ContentType.objects.get_for_model(model)
    now, batch = timezone.now(), uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(pk),
                label=label(pk),
                action=action,
                data={**data, **extra},
                timestamp=now,
                uuid=batch,
                user_id=user.pk if user else None,
            )
            for pk, extra in entries
        ],
        batch_size=500,
    )
