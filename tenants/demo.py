"""The demo tenant and its data, for ``make run`` and the browser tests."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from fotostudio.core.registry import ModuleSpec, enabled_modules

from .choices import BusinessType, Plan
from .models import Tenant
from .services import tenant_create

DEMO_SLUG = "demo"
DEMO_NAME = "Estudio Fotográfico Demo"
CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-credentials"


@dataclass(frozen=True)
class DemoCredentials:
    platform_username: str
    platform_email: str
    tenant_admin_username: str
    password: str


def demo_credentials() -> DemoCredentials:
    """The demo password: ``DEMO_PASSWORD``, else one generated once and kept in a git-ignored file."""
    password = os.environ.get("DEMO_PASSWORD", "")
    if not password:
        if CREDENTIALS_FILE.exists():
            password = json.loads(CREDENTIALS_FILE.read_text())["password"]
        else:
            password = f"Demo-{secrets.token_urlsafe(9)}"
            CREDENTIALS_FILE.write_text(json.dumps({"password": password}))
            CREDENTIALS_FILE.chmod(0o600)
    return DemoCredentials("platform", "platform@example.com", "admin", password)


def demo_domain() -> str:
    return f"{DEMO_SLUG}.{settings.PUBLIC_DOMAIN}"


def demo_tenant_ensure(credentials: DemoCredentials) -> tuple[Tenant, bool]:
    tenant = Tenant.objects.filter(schema_name=DEMO_SLUG).first()
    if tenant:
        return tenant, False
    tenant = tenant_create(
        name=DEMO_NAME,
        slug=DEMO_SLUG,
        domain=demo_domain(),
        admin_email=f"admin@{DEMO_SLUG}.example.com",
        admin_password=credentials.password,
        admin_username=credentials.tenant_admin_username,
        business_type=BusinessType.PHOTO_STUDIO,
        plan=Plan.PROFESSIONAL,
    )
    return tenant, True


def demo_data_seed(
    tenant: Tenant, credentials: DemoCredentials, *, on_module: Callable[[ModuleSpec], None] | None = None
) -> list[str]:
    """Run every enabled module's demo seeder in the tenant's schema; each is idempotent.

    ``on_module(spec)`` is called before each seeder runs (``bootstrap`` prints its progress with it).
    """
    seeded = []
    with schema_context(tenant.schema_name):
        for spec in enabled_modules(tenant):
            if spec.demo_seeder:
                if on_module is not None:
                    on_module(spec)
                import_string(spec.demo_seeder)(tenant=tenant, password=credentials.password)
                seeded.append(spec.label)
    return seeded
