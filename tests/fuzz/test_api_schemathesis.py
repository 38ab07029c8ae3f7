"""Property-based API tests: schemathesis over each vertical's OpenAPI document, in-process through WSGI.

Every operation of a published document becomes one pytest item (``test_photo_studio_api[GET /api/v1/clients/]``).
Each generated request goes through Django's real WSGI handler (no server), on a business's host with a JWT of
that business's administrator; the platform's own operations go to the public host with platform staff. Checks:
no server error, the status code is documented, the response conforms to the schema (and its content type and
headers), authentication is not ignored.

Bounded and repeatable, so CI time is predictable: a fixed seed (``FUZZ_SEED``), ``FUZZ_MAX_EXAMPLES`` generated
requests per operation (10), and the phases in ``FUZZ_PHASES`` (``examples,fuzzing``). The ``coverage`` phase
(deterministic boundary values, not bounded by the number of examples and growing with each schema's size) is for
a deeper run: ``make test PYTEST_ARGS="-m fuzz --no-cov" FUZZ_PHASES=examples,coverage,fuzzing FUZZ_MAX_EXAMPLES=100``.
``FUZZ_STATS=path`` writes the status counts per operation and phase as JSON.

Each generated case runs in a savepoint that is rolled back: whatever it writes is gone before the next one.
A path with ``{id}`` gets a real row of its model in positive cases (made by the module's registered factory),
so a new module's endpoints are fuzzed without writing anything here.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django_tenants.utils import get_public_schema_name, schema_context
from hypothesis import HealthCheck, settings

from conftest import PUBLIC_HOST, TEST_PASSWORD, host_of
from fotostudio.api.endpoints import api_endpoints, endpoint_model
from fotostudio.core.management.commands.openapi import PLATFORM, render_document
from fotostudio.users.roles import Role
from tenants.choices import BusinessType
from tests import factories

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
SEED = int(os.environ.get("FUZZ_SEED", "20261129"))
PHASES = os.environ.get("FUZZ_PHASES", "examples,fuzzing").split(",")
#: The business each vertical's document is fuzzed on (conftest's session tenants).
TENANT_OF = {BusinessType.PHOTO_STUDIO: "alpha", BusinessType.AGRO_TRACEABILITY: "campo"}
#: Served on the platform's host only (a business's host answers 404 by design).
PLATFORM_PATHS = r"^/api/v1/tenants/(\{id\}/)?$"
#: Not fuzzed: they end or change the session whose token the cases use.
SESSION_PATHS = r"/auth/(logout|change-password)/$"

pytestmark = pytest.mark.fuzz
factories.load_all()

config = schemathesis.Config.from_dict(
    {
        "seed": SEED,  # each operation's seed derives from it: the same requests on every run
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "phases": {name: {"enabled": name in PHASES} for name in ("examples", "coverage", "fuzzing", "stateful")},
        "checks": {
            # Schema-valid data may still break a business rule (a cédula's check digit, a duplicate, a wrong
            # current password): a 400 there is right, so this check only reports business rules.
            "positive_data_acceptance": {"enabled": False},
            # DRF reads 123 for a string field as "123" and "" in a form as "not sent": by design.
            "negative_data_rejection": {"enabled": False},
        },
    }
)
APP = get_wsgi_application()
STATS: Counter = Counter()


def _load(name: str):
    schema = schemathesis.openapi.from_dict(yaml.safe_load(render_document(name)), config=config)
    schema.app = APP  # what from_wsgi() sets: case.call() goes in-process through Django's WSGI handler
    return schema


def _models_by_path(business_type: str) -> dict[str, type]:
    """``/api/v1/clients/{id}/`` → the model whose rows that path names (from the views' querysets)."""
    found = {}
    for endpoint in api_endpoints(business_type):
        if "{pk}" in endpoint.path and not re.match(PLATFORM_PATHS, endpoint.path.replace("{pk}", "{id}")):
            model = endpoint_model(endpoint)
            if model is not None:
                found[endpoint.path.replace("{pk}", "{id}")] = model
    return found


STUDIO = _load(BusinessType.PHOTO_STUDIO).exclude(path_regex=PLATFORM_PATHS).exclude(path_regex=SESSION_PATHS)
AGRO = _load(BusinessType.AGRO_TRACEABILITY).exclude(path_regex=PLATFORM_PATHS).exclude(path_regex=SESSION_PATHS)
PLATFORM_API = _load(PLATFORM).include(path_regex=PLATFORM_PATHS)


@pytest.fixture(scope="module", autouse=True)
def _write_stats():
    yield
    if os.environ.get("FUZZ_STATS"):
        with open(os.environ["FUZZ_STATS"], "w") as out:
            json.dump([[*key, count] for key, count in sorted(STATS.items())], out, ensure_ascii=False, indent=0)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Generated uploads (avatars) are files, which no transaction rolls back: they go to a temporary folder.
    django-tenants' storage caches ``relative_media_root`` and never clears it when MEDIA_ROOT changes
    (its ``_clear_cached_properties`` passes ``settings`` for ``setting``), so the cache is dropped by hand."""
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = tmp_path
    storages["default"].__dict__.pop("relative_media_root", None)
    yield
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture
def keep_test_connection():
    """Django's WSGIHandler closes old connections when a request starts and ends, which would close the test's
    connection and its transaction; Django's own test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _bearer(schema_name: str, user) -> dict[str, str]:
    from fotostudio.users.tokens import tokens_for_user

    with schema_context(schema_name):
        return {"Authorization": f"Bearer {tokens_for_user(user)['access']}"}


def _business_target(business_type: str, test_tenants, make_user) -> dict:
    tenant = test_tenants[TENANT_OF[business_type]]
    admin = make_user(tenant, role=Role.ADMINISTRATOR)
    with schema_context(tenant.schema_name):
        ids = {path: str(factories.create(model).pk) for path, model in _models_by_path(business_type).items()}
    return {"base_url": f"http://{host_of(tenant)}", "headers": _bearer(tenant.schema_name, admin), "ids": ids}


@pytest.fixture
def studio(test_tenants, make_user, keep_test_connection):
    return _business_target(BusinessType.PHOTO_STUDIO, test_tenants, make_user)


@pytest.fixture
def agro(test_tenants, make_user, keep_test_connection):
    return _business_target(BusinessType.AGRO_TRACEABILITY, test_tenants, make_user)


@pytest.fixture
def platform(test_tenants, make_user, keep_test_connection):
    staff = make_user(None, is_staff=True)
    return {
        "base_url": f"http://{PUBLIC_HOST}",
        "headers": _bearer(get_public_schema_name(), staff),
        "ids": {"/api/v1/tenants/{id}/": str(test_tenants["alpha"].pk)},
    }


def _call(case, target) -> None:
    positive = not case.meta.generation.mode.is_negative
    if positive and case.path_parameters and "id" in case.path_parameters and case.path in target["ids"]:
        case.path_parameters["id"] = target["ids"][case.path]  # an existing row, else every /{id}/ is a 404
    if positive and re.match(r"^/api/v1/users/", case.path) and isinstance(case.body, dict) and "password" in case.body:
        # Random passwords never pass the validators. A new dict: an example's body is the document's own object.
        case.body = {**case.body, "password": TEST_PASSWORD}
    cache.clear()  # tenant lookups live in the (non-transactional) cache
    with transaction.atomic():  # one savepoint per generated case, rolled back
        try:
            response = case.call_and_validate(base_url=target["base_url"], headers=target["headers"])
            STATS[(case.operation.label, case.meta.phase.name.value, response.status_code)] += 1
        finally:
            transaction.set_rollback(True)


@STUDIO.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # one savepoint per case instead
def test_photo_studio_api(case, studio):
    _call(case, studio)


@AGRO.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_agro_traceability_api(case, agro):
    _call(case, agro)


@PLATFORM_API.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_platform_api(case, platform):
    _call(case, platform)


def test_the_served_document_is_the_fuzzed_one(tenant_a, keep_test_connection):
    """``from_wsgi`` loads /api/schema/ in-process (it needs the database: the host names a business)."""
    served = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", APP, headers={"Host": host_of(tenant_a)}, config=config
    )
    assert served.raw_schema["paths"] == yaml.safe_load(render_document(BusinessType.PHOTO_STUDIO))["paths"]
