"""The outbox on a real database (SQLite and PostgreSQL): transactions, retries, claims."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from inclusion.notify.models import OutboxMessage, Status
from inclusion.notify.senders import PermanentSendError
from inclusion.notify.worker import (
    CLAIM_LEASE,
    MAX_ATTEMPTS,
    backoff,
    claim_batch,
    process_once,
)
from inclusion.places.models import Organisation
from tests.integration.notify.conftest import T0, RecordingSender, add_reset_message, reload

SECOND = timedelta(seconds=1)


def count_messages(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage))


def test_a_message_is_kept_or_dropped_with_the_change_that_caused_it(db):
    before = count_messages(db)
    try:
        with db.session() as session:
            session.add(Organisation(slug="rolled-back", name="Rolled back"))
            add_reset_message(session, now=T0)
            session.flush()
            raise RuntimeError("the caller's change fails after enqueueing")
    except RuntimeError:
        pass
    assert count_messages(db) == before

    with db.session() as session:
        session.add(Organisation(slug="committed", name="Committed"))
        message = add_reset_message(session, now=T0)
    assert count_messages(db) == before + 1
    assert reload(db, message.id).status == Status.PENDING


def test_a_due_message_is_sent_once_and_marked_sent(db):
    with db.session() as session:
        message = add_reset_message(session, now=T0)
    sender = RecordingSender()

    assert process_once(db, sender, "worker-a", now=T0) == 1
    assert process_once(db, sender, "worker-a", now=T0 + timedelta(hours=2)) == 0

    assert sender.sent == [message.reference]
    sent = reload(db, message.id)
    assert sent.status == Status.SENT
    assert sent.sent_at == T0
    assert sent.provider_id == f"provider-{message.reference}"
    assert sent.attempts == 1
    assert sent.claimed_by == "worker-a"


def test_a_failing_message_is_retried_with_back_off_then_given_up(db):
    with db.session() as session:
        message = add_reset_message(session, now=T0)
    sender = RecordingSender(fail_with=ConnectionRefusedError("relay is down"))
    now = T0
    for attempt in range(1, MAX_ATTEMPTS):
        assert process_once(db, sender, "worker-a", now=now) == 1
        row = reload(db, message.id)
        assert (row.status, row.attempts) == (Status.PENDING, attempt)
        assert row.next_attempt_at == now + backoff(attempt)
        assert "relay is down" in row.last_error
        # Not due a second before its time.
        assert process_once(db, sender, "worker-a", now=row.next_attempt_at - SECOND) == 0
        now = row.next_attempt_at

    assert process_once(db, sender, "worker-a", now=now) == 1
    row = reload(db, message.id)
    assert (row.status, row.attempts) == (Status.FAILED, MAX_ATTEMPTS)
    assert process_once(db, sender, "worker-a", now=now + timedelta(days=1)) == 0
    assert sender.sent == []


def test_a_message_the_provider_refuses_fails_at_once(db):
    with db.session() as session:
        message = add_reset_message(session, now=T0)
    sender = RecordingSender(fail_with=PermanentSendError("recipient refused: [550]"))

    assert process_once(db, sender, "worker-a", now=T0) == 1

    row = reload(db, message.id)
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert row.last_error == "PermanentSendError: recipient refused: [550]"


def test_a_dead_workers_claim_is_taken_over_after_the_lease_and_sent_exactly_once(db):
    with db.session() as session:
        message = add_reset_message(session, now=T0)
    with db.session() as session:
        assert [m.id for m in claim_batch(session, "dead-worker", T0)] == [message.id]
    sender = RecordingSender()

    assert process_once(db, sender, "worker-b", now=T0 + CLAIM_LEASE - SECOND) == 0
    assert process_once(db, sender, "worker-b", now=T0 + CLAIM_LEASE + SECOND) == 1
    assert process_once(db, sender, "worker-b", now=T0 + 3 * CLAIM_LEASE) == 0

    assert sender.sent == [message.reference]
    row = reload(db, message.id)
    assert (row.status, row.claimed_by, row.attempts) == (Status.SENT, "worker-b", 2)


def test_a_worker_that_lost_its_claim_mid_batch_does_not_send_that_message(db):
    with db.session() as session:
        first = add_reset_message(session, "first@example.org", now=T0)
        second = add_reset_message(session, "second@example.org", now=T0)
    now = T0 + SECOND

    class SlowSender(RecordingSender):
        """While worker A sends its first message, its claim on the second grows
        older than the lease (the test ages it) and worker B claims that one."""

        def send(self, message):
            if not self.sent:
                with db.session() as session:
                    session.execute(
                        update(OutboxMessage)
                        .where(OutboxMessage.id == second.id)
                        .values(claimed_at=now - CLAIM_LEASE - SECOND)
                    )
                with db.session() as session:
                    assert [m.id for m in claim_batch(session, "worker-b", now)] == [second.id]
            return super().send(message)

    sender = SlowSender()
    assert process_once(db, sender, "worker-a", now=now) == 2

    assert sender.sent == [first.reference]
    assert reload(db, first.id).status == Status.SENT
    taken_over = reload(db, second.id)
    assert (taken_over.status, taken_over.claimed_by) == (Status.SENDING, "worker-b")


def test_a_message_that_keeps_killing_its_worker_is_given_up(db):
    with db.session() as session:
        message = add_reset_message(session, now=T0)
        session.flush()
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id)
            .values(status=Status.SENDING, attempts=MAX_ATTEMPTS, claimed_at=T0)
        )
    sender = RecordingSender()

    assert process_once(db, sender, "worker-a", now=T0 + CLAIM_LEASE + SECOND) == 0

    row = reload(db, message.id)
    assert row.status == Status.FAILED
    assert row.last_error == "the worker stopped while sending it"
    assert sender.sent == []


def test_messages_go_oldest_first_in_batches(db):
    with db.session() as session:
        messages = [
            add_reset_message(session, f"person{n}@example.org", now=T0 + n * SECOND)
            for n in range(5)
        ]
    sender = RecordingSender()

    assert process_once(db, sender, "worker-a", now=T0 + 10 * SECOND, limit=3) == 3
    assert process_once(db, sender, "worker-a", now=T0 + 10 * SECOND, limit=3) == 2

    assert sender.sent == [message.reference for message in messages]
