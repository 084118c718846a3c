"""Notifications: an outbox of email and text messages, their templates and senders.

A feature calls `outbox.enqueue(session, ...)` in the transaction that makes the change
the message is about; `inclusion worker` (or a thread in the app under `make run`)
sends what is due through the sender the settings choose.
"""
