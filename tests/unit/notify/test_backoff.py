"""The retry schedule: quick at first, then hourly, and finite."""

from __future__ import annotations

from datetime import timedelta

from inclusion.notify.worker import MAX_ATTEMPTS, backoff


def test_each_failure_waits_four_times_longer_up_to_an_hour():
    waits = [backoff(attempts) for attempts in range(1, MAX_ATTEMPTS + 1)]
    assert waits == [
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=8),
        timedelta(minutes=32),
        timedelta(hours=1),
        timedelta(hours=1),
        timedelta(hours=1),
        timedelta(hours=1),
    ]


def test_a_message_is_given_up_after_a_few_hours_not_minutes_or_days():
    # Every wait before the last attempt: long enough to ride out a provider's outage
    # of an afternoon, short enough that a reset link is not sent a day late.
    total = sum((backoff(attempts) for attempts in range(1, MAX_ATTEMPTS)), timedelta())
    assert timedelta(hours=3) < total < timedelta(hours=5)
