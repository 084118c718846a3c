"""A device request in progress: the answers from each question page, kept server-side.

Kept like a booking's draft (web/drafts.py). Who the device is for lives only here: the
request needs the name and a way to reach someone, not how they know each other. Once
submitted, the draft remembers its reference, so pressing the button twice asks once.
"""

from __future__ import annotations

from dataclasses import dataclass

from inclusion.web.drafts import DraftStore


@dataclass
class LoanDraft:
    device_type: str = ""  # a DeviceType slug
    place: str = ""  # a Place slug
    for_whom: str = ""  # "me" or "someone-else"
    in_north_tyneside: str = ""  # "yes" or "no"
    no_device_or_connection: str = ""  # "yes" or "no"
    low_income: str = ""  # "yes", "no" or "not-said"
    name: str = ""
    contact_method: str = ""
    email: str = ""
    phone: str = ""
    done_reference: str = ""

    @property
    def eligible(self) -> bool:
        return self.in_north_tyneside == "yes" and self.no_device_or_connection == "yes"


STORE = DraftStore("loan", LoanDraft)
load = STORE.load
save = STORE.save
start = STORE.start
claim_submission = STORE.claim_submission
release_submission = STORE.release_submission
