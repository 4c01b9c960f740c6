"""The email outbox both apps share: rows owed in the database, one sender engine.

Each app keeps its own outbox model (an `OutboxEmail` subclass that dies with
the signature or comment it belongs to, so erasure leaves no address behind)
and registers a `Source` saying how to turn a row into a message. The engine
claims due rows with a lease, sends them over one SMTP connection and marks
each sent straight after the server accepts it.
"""

from .engine import (
    Mailer,
    MailServerDown,
    Result,
    Source,
    drain,
    register,
    retry_failed,
    send_after_commit,
    send_now,
    sources,
)
from .models import OutboxEmail

__all__ = [
    "MailServerDown",
    "Mailer",
    "OutboxEmail",
    "Result",
    "Source",
    "drain",
    "register",
    "retry_failed",
    "send_after_commit",
    "send_now",
    "sources",
]
