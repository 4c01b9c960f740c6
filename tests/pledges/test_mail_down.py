"""Mail server down, for real: a loopback SMTP server that stops, restarts and stalls."""

import datetime
import threading

from django.utils import timezone

import pytest

from comments.models import CommentEmail
from core.outbox.sender import Sender
from pledges.models import EmailDelivery, Signature
from tests.factories import ReaderCommentFactory
from tests.outbox_fixtures import kill, shared_database, start_sender, wait_for
from tests.pledges.helpers import individual, make_signature
from tests.smtp_sink import SMTPSink

pytestmark = pytest.mark.django_db


def test_signing_while_mail_is_down_then_each_email_once(
    pledge, sign, commit, smtp_to_sink, outbox_warnings
):
    smtp_to_sink.stop()
    addresses = [f"down{n}@example.org" for n in range(3)]
    for n, address in enumerate(addresses):
        with commit():  # the after-commit send fails quietly: the rows wait
            result = sign(
                pledge, headers={"REMOTE_ADDR": f"198.51.100.{n + 1}"}, **individual(address)
            )
        assert result["ok"], result
    assert Signature.objects.count() == 3
    assert EmailDelivery.objects.filter(sent_at__isnull=True, attempts=0).count() == 3

    sender = Sender()
    warned = len(outbox_warnings())
    pauses = [sender.step() for _ in range(3)]
    assert 0 < pauses[0] < pauses[1] < pauses[2]  # backing off
    down = outbox_warnings()[warned:]
    assert len(down) == 1 and "unreachable" in down[0]  # one warning per outage
    assert EmailDelivery.objects.filter(sent_at__isnull=True, attempts=0).count() == 3

    smtp_to_sink.start()  # back on the same port
    sender.step()
    assert sorted(smtp_to_sink.recipients()) == addresses
    assert not EmailDelivery.objects.filter(sent_at__isnull=True).exists()
    assert "back" in outbox_warnings()[-1]
    sender.step()
    sender.run(once=True)
    assert sorted(smtp_to_sink.recipients()) == addresses  # nothing sent twice


def test_the_mail_server_dying_mid_batch_loses_nothing(pledge, smtp_to_sink):
    for n in range(4):
        EmailDelivery.objects.create(
            signature=make_signature(pledge, email=f"mid{n}@example.org"), kind="confirm"
        )
    smtp_to_sink.stall_after = 2  # accepts two, then goes silent and is cut off

    def crash_when_stalled():
        smtp_to_sink.stalled.wait(10)
        smtp_to_sink.stop()

    threading.Thread(target=crash_when_stalled, daemon=True).start()
    sender = Sender()
    sender.step()
    assert EmailDelivery.objects.filter(sent_at__isnull=False).count() == 2
    waiting = EmailDelivery.objects.filter(sent_at__isnull=True)
    assert [(row.attempts, row.claimed_by) for row in waiting] == [(0, "")] * 2

    smtp_to_sink.stall_after = None
    smtp_to_sink.start()
    sender.step()
    assert sorted(smtp_to_sink.recipients()) == [f"mid{n}@example.org" for n in range(4)]


# Committed rows, so the sender process sees them; serialized_rollback keeps Wagtail's
# root page (made by a migration) for the tests after. It starts a real Django process
# (about 3 s on a quiet machine): the one test here that must.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sender_killed_mid_batch_loses_nothing(pledge, tmp_path, settings):
    """SIGKILL a `send_outbox` process while the server holds its third email."""
    server = SMTPSink(stall_after=2).start()
    signatures = [make_signature(pledge, email=f"kill{n}@example.org") for n in range(5)]
    for signature in signatures:
        EmailDelivery.objects.create(signature=signature, kind="confirm")
    comment = ReaderCommentFactory(page=pledge, email="reader@example.org")
    CommentEmail.objects.create(kind="author_approved", recipient=comment.email, comment=comment)
    try:
        with shared_database(tmp_path) as database_url:
            process = start_sender(database_url, server.port)
            wait_for(server.stalled, process)
            kill(process)
        sent = EmailDelivery.objects.filter(sent_at__isnull=False)
        assert sorted(sent.values_list("signature__email", flat=True)) == server.recipients()
        assert len(server.recipients()) == 2
        in_flight = EmailDelivery.objects.filter(sent_at__isnull=True).exclude(claimed_by="")
        assert in_flight.count() == 3  # its claim outlives it, until the lease runs out

        server.stall_after = None
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
            "127.0.0.1",
            server.port,
            1,
        )
        Sender().run(once=True)  # the dead sender's lease still holds: only the comment goes
        assert server.recipients()[2:] == ["reader@example.org"]
        # Time passing, done in the data: the killed sender's lease runs out.
        EmailDelivery.objects.update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
        Sender().run(once=True)
    finally:
        server.stop()
    everyone = sorted([signature.email for signature in signatures] + ["reader@example.org"])
    assert sorted(server.recipients()) == everyone  # each accepted exactly once
    assert server.seen.count("kill2@example.org") == 2  # only the one in flight went twice
    assert not EmailDelivery.objects.filter(sent_at__isnull=True).exists()
