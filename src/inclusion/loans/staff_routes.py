"""The back office for lending: queues, stock, check-out and check-in, overdue loans,
data SIMs."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.exceptions import NotFoundException

from inclusion.staff.auth import provide_signed_in, staff_required


class StaffLoansController(Controller):
    path = "/staff"
    guards = [staff_required]
    dependencies = {"signed_in": Provide(provide_signed_in, sync_to_thread=False)}

    @get("/loans", name="staff:loans", sync_to_thread=False)
    def loans(self, request: Request) -> None:
        raise NotFoundException()  # being built
