"""What residents do, for `bench/load.py`: find places by postcode, read a place's page,
list and open sessions, book a place, and say whether a page was useful.

Each simulated resident has an address of their own (X-Forwarded-For, which the
instances trust from 127.0.0.1 as from their load balancer) and sends each request to
the next instance in turn, as a round-robin load balancer would.
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, task

HOSTS = os.environ["LOAD_HOSTS"].split(",")
SESSION_IDS = [int(n) for n in os.environ["LOAD_SESSION_IDS"].split(",")]
PLACES = os.environ["LOAD_PLACES"].split(",")
POSTCODES = ["NE28", "NE29", "NE30", "NE25", "NE12", "NE27", "NE29 6TE", "NE26 1AB"]
# The mean pause between one resident's actions, in seconds.
PAUSE = float(os.environ.get("LOAD_PAUSE", "2"))
_users = itertools.count(1)


class Resident(HttpUser):
    wait_time = between(PAUSE / 2, PAUSE * 1.5)
    host = HOSTS[0]

    def on_start(self) -> None:
        number = next(_users)
        self.address = f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"
        self.turn = itertools.cycle(HOSTS[number % len(HOSTS) :] + HOSTS[: number % len(HOSTS)])

    def _get(self, path: str, name: str):
        return self.client.get(
            next(self.turn) + path, name=name, headers={"X-Forwarded-For": self.address}
        )

    def _post(self, path: str, name: str, data: dict):
        data = {**data, "_csrf_token": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            next(self.turn) + path,
            name=name,
            data=data,
            headers={"X-Forwarded-For": self.address},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303:
                response.failure(f"{response.status_code}, not 303")
            return response

    @task(4)
    def find(self) -> None:
        self._get(f"/find?postcode={random.choice(POSTCODES)}", "finder search")

    @task(3)
    def place(self) -> None:
        self._get(f"/places/{random.choice(PLACES)}", "place page")

    @task(3)
    def sessions(self) -> None:
        self._get("/sessions/", "session list")

    @task(2)
    def session(self) -> None:
        self._get(f"/sessions/{random.choice(SESSION_IDS)}", "session detail")

    @task(1)
    def book(self) -> None:
        session_id = random.choice(SESSION_IDS)
        self._get(f"/sessions/{session_id}", "session detail")
        self._post(f"/sessions/{session_id}/book", "booking: start", {})
        for step, data in (
            ("name", {"name": "Load Test"}),
            ("contact", {"contact-method": "none"}),
            ("access-needs", {}),
        ):
            self._post(f"/sessions/{session_id}/book/{step}", f"booking: {step}", data)
        self._post(f"/sessions/{session_id}/book/check", "booking: confirm", {})

    @task(1)
    def feedback(self) -> None:
        # The answer is sent from the page it is about, which set the form's token.
        path = f"/places/{random.choice(PLACES)}"
        self._get(path, "place page")
        answer = {"useful": random.choice(["yes", "no"]), "path": path}
        self._post("/feedback/page", "page feedback", answer)


class Saturating(HttpUser):
    """One page, as fast as it comes back: a page's own ceiling, or the framework's."""

    wait_time = between(0, 0)
    host = HOSTS[0]

    def on_start(self) -> None:
        self.turn = itertools.cycle(HOSTS)

    @task
    def page(self) -> None:
        self.client.get(next(self.turn) + os.environ["LOAD_PATH"], name=os.environ["LOAD_NAME"])
