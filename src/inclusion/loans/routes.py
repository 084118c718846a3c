"""What residents can borrow, the request question pages, and tracking a request."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException


class DevicesController(Controller):
    path = "/devices"

    @get("/", name="devices:list", sync_to_thread=False)
    def devices(self, request: Request) -> None:
        raise NotFoundException()  # being built


class LoansController(Controller):
    path = "/loans"

    @get("/{reference:str}", name="loans:track", sync_to_thread=False)
    def track(self, request: Request, reference: str) -> None:
        raise NotFoundException()  # being built
