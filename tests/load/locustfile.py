"""A realistic mix of what the frontend does, spread over several businesses (``make load``).

Each simulated user belongs to one business (its host names the tenant; ``--host`` is only the socket),
signs in once, and then lists, searches, opens and registers clients, and reads its profile, with a
person's pauses between requests. ``LOAD_TENANTS`` (comma-separated slugs) and ``LOAD_PASSWORD`` come
from ``tests/load/run.py``, which prepares those businesses.
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, task

TENANTS = os.environ.get("LOAD_TENANTS", "carga1").split(",")
PASSWORD = os.environ["LOAD_PASSWORD"]
DOMAIN = os.environ.get("LOAD_DOMAIN", "localhost")
WORDS = ["ana", "perez", "quito", "jose", "maria", "099", "colegio", "lopez"]
_serials = itertools.count(random.randrange(1_000_000))


def cedula(serial: int) -> str:
    """A valid natural person's cédula (modulus 10), unique per serial: the API validates check digits."""
    body = f"17{serial // 1_000_000 % 6}{serial % 1_000_000:06d}"
    total = sum(
        (int(d) * 2 - 9 if int(d) * 2 > 9 else int(d) * 2) if i % 2 == 0 else int(d) for i, d in enumerate(body)
    )
    return body + str((10 - total % 10) % 10)


class StaffUser(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.tenant = random.choice(TENANTS)
        self.client.headers["Host"] = f"{self.tenant}.{DOMAIN}"
        response = self.client.post(
            "/api/v1/auth/token/", json={"username": "carga", "password": PASSWORD}, name="POST /auth/token/"
        )
        response.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {response.json()['access']}"
        self.client_ids: list[str] = []

    @task(6)
    def list_clients(self):
        page = random.randint(1, 5)
        with self.client.get(
            f"/api/v1/clients/?page={page}&page_size=20&ordering=nombre", name="GET /clients/", catch_response=True
        ) as response:
            if response.status_code == 200:
                self.client_ids = [row["id"] for row in response.json()["results"]]
            elif response.status_code == 404:  # a page past the end of a small business: not an error
                response.success()

    @task(3)
    def search(self):
        self.client.get(f"/api/v1/clients/?search={random.choice(WORDS)}", name="GET /clients/?search=")

    @task(3)
    def detail(self):
        if self.client_ids:
            self.client.get(f"/api/v1/clients/{random.choice(self.client_ids)}/", name="GET /clients/{id}/")

    @task(1)
    def create(self):
        serial = next(_serials)
        body = {"documento": cedula(serial), "nombre": f"Cliente de Carga {serial}", "ciudad": "Quito"}
        with self.client.post("/api/v1/clients/", json=body, name="POST /clients/", catch_response=True) as response:
            if response.status_code == 409:  # the random serial met an earlier run's client
                response.success()

    @task(1)
    def profile(self):
        self.client.get("/api/v1/auth/profile/", name="GET /auth/profile/")
