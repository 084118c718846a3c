"""A booking in progress: the answers from each question page (see web/drafts.py for
how drafts are kept). When it is submitted it remembers the bookings it made, so
pressing the button twice books once."""

from __future__ import annotations

from dataclasses import dataclass, field

from inclusion.web.drafts import DraftStore


@dataclass
class Draft:
    session_id: int
    whole_series: bool = False
    waiting: bool = False  # joining the waiting list rather than booking
    name: str = ""
    contact_method: str = ""
    email: str = ""
    phone: str = ""
    access_needs: str = ""
    # After submission: the references made, so a second press shows them again.
    done_references: list[str] = field(default_factory=list)


STORE = DraftStore("booking", Draft)
load = STORE.load
save = STORE.save
start = STORE.start
claim_submission = STORE.claim_submission
release_submission = STORE.release_submission
