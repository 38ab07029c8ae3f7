"""Creating and changing tenants: schema, domain and first administrator in one step."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from fotostudio.errors import ApplicationError, ConflictError

from .models import BusinessType, Domain, Plan, Tenant, slug_validator, validate_slug_not_reserved


class TenantErrorCode(StrEnum):
    INVALID_SLUG = "tenant_invalid_slug"
    DUPLICATE_SLUG = "tenant_duplicate_slug"
    DUPLICATE_DOMAIN = "tenant_duplicate_domain"


def tenant_validate_slug(slug: str) -> str:
    slug = (slug or "").strip().lower()
    try:
        slug_validator(slug)
        validate_slug_not_reserved(slug)
    except ValidationError as exc:
        raise ApplicationError(
            exc.messages[0], code=TenantErrorCode.INVALID_SLUG, errors={"slug": exc.messages}
        ) from exc
    return slug


def tenant_check_available(slug: str, domain: str) -> None:
    if Tenant.objects.filter(schema_name=slug).exists():
        raise ConflictError(
            _("Ya existe un negocio con el identificador «%(slug)s».") % {"slug": slug},
            code=TenantErrorCode.DUPLICATE_SLUG,
        )
    if Domain.objects.filter(domain__iexact=domain).exists():
        raise ConflictError(
            _("El dominio «%(domain)s» ya está en uso.") % {"domain": domain}, code=TenantErrorCode.DUPLICATE_DOMAIN
        )


def tenant_create(
    *,
    name: str,
    slug: str,
    domain: str,
    admin_email: str,
    admin_password: str,
    admin_username: str = "admin",
    business_type: str = BusinessType.PHOTO_STUDIO,
    plan: str = Plan.PROFESSIONAL,
    timezone: str = "America/Guayaquil",
    language: str = "es",
) -> Tenant:
    """Create the tenant, its schema (migrated), its primary domain and its first administrator.

    Schema creation runs the migrations and cannot share a transaction with the
    rest, so a failure after it drops the new schema again.
    """
    from modules.users.models import Role
    from modules.users.services import user_create

    slug = tenant_validate_slug(slug)
    domain = domain.strip().lower()
    with schema_context(get_public_schema_name()):
        tenant_check_available(slug, domain)
        tenant = Tenant(
            schema_name=slug,
            name=name.strip(),
            business_type=business_type,
            plan=plan,
            timezone=timezone,
            language=language,
        )
        tenant.full_clean(exclude=["schema_name"])
        tenant.save(verbosity=0)
        try:
            with transaction.atomic():
                Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)
                with schema_context(tenant.schema_name):
                    user_create(
                        username=admin_username,
                        email=admin_email,
                        password=admin_password,
                        full_name=_("Administrador de %(name)s") % {"name": tenant.name},
                        roles=[Role.ADMINISTRATOR],
                        is_superuser=True,
                    )
        except Exception:
            tenant.delete(force_drop=True)
            raise
    return tenant


def public_tenant_ensure(*, domain: str) -> Tenant:
    """The public schema's tenant row and its host (idempotent)."""
    with schema_context(get_public_schema_name()):
        tenant, _created = Tenant.objects.get_or_create(
            schema_name=get_public_schema_name(), defaults={"name": "FotoStudio", "plan": Plan.ENTERPRISE}
        )
        Domain.objects.get_or_create(domain=domain, defaults={"tenant": tenant, "is_primary": True})
    return tenant
