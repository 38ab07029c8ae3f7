"""Fixtures for the documents tests: files in a folder of the test's own, users by role, rows in a schema."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from fotostudio.documents.tests.factories import DocumentFactory, PhotoFactory
from fotostudio.users.roles import Role


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every file a test stores goes to its own temporary folder (``PRIVATE_MEDIA_ROOT/<schema>/…``)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def admin_a(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR)


@pytest.fixture
def admin_b(make_user, tenant_b):
    return make_user(tenant_b, Role.ADMINISTRATOR)


@pytest.fixture
def document_in(db):
    """``document_in(tenant, **fields)``: a document row (with a small PDF) in that tenant's schema."""

    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return DocumentFactory(**fields)

    return make


@pytest.fixture
def photo_in(db):
    def make(tenant, **fields):
        with schema_context(tenant.schema_name):
            return PhotoFactory(**fields)

    return make


def upload(data: bytes, name: str = "archivo.pdf", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
