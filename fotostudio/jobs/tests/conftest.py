"""Fixtures for the jobs tests: users by role, and jobs started in a business."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from fotostudio.jobs.models import Job
from fotostudio.jobs.services import job_start
from fotostudio.users.roles import Role


@pytest.fixture
def admin_a(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR)


@pytest.fixture
def start_job(db):
    """``start_job(tenant, kind, payload=None, user=None, title=…)``: ``job_start`` in that business."""

    def start(tenant, kind: str, payload=None, user=None, title: str = "Trabajo de prueba") -> Job:
        with schema_context(tenant.schema_name):
            return job_start(kind=kind, title=title, payload=payload, acting_user=user)

    return start


@pytest.fixture
def job_in(db):
    """``job_in(tenant, pk)``: the job's row as stored now."""

    def read(tenant, pk) -> Job:
        with schema_context(tenant.schema_name):
            return Job.objects.select_related("started_by").get(pk=pk)

    return read
