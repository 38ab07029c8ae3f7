"""Requests that race: real threads, each with its own database connection, against committed rows.

See ``conftest.py`` here: ``committed`` writes rows every connection sees and removes them
after the test; ``run_in_threads`` releases the threads together.
"""

import json

from django.conf import settings
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from conftest import TEST_PASSWORD, host_of
from fotostudio.audit.models import AccessLog, AccessResult

from .conftest import run_in_threads

PARALLEL = 20


def test_twenty_parallel_wrong_attempts_on_one_account_give_exactly_the_limit_a_password_check(committed, test_tenants):
    tenant = test_tenants["alpha"]
    committed.user(tenant, username="asediada")

    def attempt(_index):
        client = APIClient(HTTP_HOST=host_of(tenant))
        body = json.dumps({"username": "asediada", "password": "incorrecta"})
        return client.post("/api/v1/auth/token/", body, content_type="application/json").status_code

    statuses = run_in_threads(PARALLEL, attempt)
    limit = settings.LOGIN_LIMIT_PER_ACCOUNT_ADDRESS
    assert sorted(statuses) == [401] * limit + [429] * (PARALLEL - limit)

    def logged():
        with schema_context(tenant.schema_name):
            return list(AccessLog.objects.filter(username="asediada").values_list("result", flat=True))

    results = committed.run(logged)
    # a failed check is logged after the password was checked: exactly the limit were
    assert results.count(AccessResult.LOGIN_FAILED) == limit
    assert results.count(AccessResult.THROTTLED) == PARALLEL - limit
    # and the right password is refused too, until the window passes
    right = committed.run(
        lambda: APIClient(HTTP_HOST=host_of(tenant)).post(
            "/api/v1/auth/token/", {"username": "asediada", "password": TEST_PASSWORD}, format="json"
        )
    )
    assert right.status_code == 429
