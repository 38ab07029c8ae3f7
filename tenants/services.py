"""Creating and changing tenants: schema, domain and first administrator in one step."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import only_fields

from .choices import BusinessType, Plan
from .models import Domain, Tenant, slug_validator, validate_slug_not_reserved

logger = logging.getLogger(__name__)


class TenantErrorCode(StrEnum):
    INVALID_SLUG = "tenant_invalid_slug"
    DUPLICATE_SLUG = "tenant_duplicate_slug"
    DUPLICATE_DOMAIN = "tenant_duplicate_domain"
    INVALID_DOMAIN = "tenant_invalid_domain"
    INVALID = "tenant_invalid"


#: A host name Django accepts (RFC 1034/1035): dot-separated labels of letters, digits and inner hyphens.
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


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


def tenant_validate_domain(domain: str) -> str:
    """The host name, lower-cased; one with characters no request can carry (``_``, ``:``, ``/``) is refused."""
    domain = (domain or "").strip().lower()
    if not HOSTNAME_RE.match(domain):
        message = _("«%(domain)s» no es un nombre de host válido: use letras, números, guiones y puntos.") % {
            "domain": domain
        }
        raise ApplicationError(message, code=TenantErrorCode.INVALID_DOMAIN, errors={"domain": [message]})
    return domain


def tenant_check_available(slug: str, domain: str) -> None:
    # A schema left behind by a deleted tenant is taken too: a new tenant must not inherit its data.
    if Tenant.objects.filter(schema_name=slug).exists() or schema_exists(slug):
        message = _("Ya existe un negocio con el identificador «%(slug)s».") % {"slug": slug}
        raise ConflictError(message, code=TenantErrorCode.DUPLICATE_SLUG, errors={"slug": [message]})
    if Domain.objects.filter(domain__iexact=domain).exists():
        message = _("El dominio «%(domain)s» ya está en uso.") % {"domain": domain}
        raise ConflictError(message, code=TenantErrorCode.DUPLICATE_DOMAIN, errors={"domain": [message]})


def tenant_validate_new(*, slug: str, domain: str, admin_username: str, admin_email: str, admin_password: str) -> str:
    """Every check ``tenant_create`` makes before it creates a schema; returns the normalised slug.

    Refusals are ``ApplicationError``s whose ``errors`` name ``slug``, ``domain``,
    ``admin_username``, ``admin_email`` or ``admin_password``.
    """
    from fotostudio.users.services import user_validate_new

    slug = tenant_validate_slug(slug)
    domain = tenant_validate_domain(domain)
    with schema_context(get_public_schema_name()):
        tenant_check_available(slug, domain)
    try:
        user_validate_new(username=admin_username, email=admin_email, password=admin_password)
    except ApplicationError as exc:
        exc.errors = {f"admin_{field}": messages for field, messages in exc.errors.items()}
        raise
    return slug


def _template_readable() -> bool:
    """The template's SQL (``pg_dump``, once per process and migration state), or ``False`` when it cannot be
    read now: this connection's own open transaction may hold locks on it."""
    from fotostudio.backups.postgres import PostgresToolError

    from .template import template_sql

    try:
        template_sql()
    except PostgresToolError:
        logger.warning("The template schema could not be dumped: migrating the new business instead.", exc_info=True)
        return False
    return True


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
    from_template: bool = True,
) -> Tenant:
    """Create the tenant, its schema, its primary domain, its roles and its first administrator.

    Everything is validated before the schema is created. The schema is a clone of the template
    schema kept migrated (``tenants/template.py``; ``from_template=False`` runs every migration
    instead, as django-tenants does). Migrating may commit on its own, so a failure after the
    schema exists drops it again.
    """
    from fotostudio.users.models import Role
    from fotostudio.users.services import user_create

    from .template import schema_clone_from_template, template_ensure, template_is_current

    slug = tenant_validate_new(
        slug=slug,
        domain=domain,
        admin_username=admin_username,
        admin_email=admin_email,
        admin_password=admin_password,
    )
    domain = domain.strip().lower()
    with schema_context(get_public_schema_name()):
        tenant = Tenant(
            schema_name=slug,
            name=name.strip(),
            business_type=business_type,
            plan=plan,
            timezone=timezone,
            language=language,
        )
        try:
            tenant.full_clean(exclude=["schema_name"])
        except ValidationError as exc:
            raise ApplicationError(
                _("Datos del negocio no válidos."), code=TenantErrorCode.INVALID, errors=exc.message_dict
            ) from exc
        if from_template and not connection.in_atomic_block:
            template_ensure()  # migrating the template commits: not inside a caller's transaction
        # The template's SQL is read by pg_dump, which sees only committed data: a template still missing or
        # behind here (inside a transaction) means migrating this business instead.
        from_template = from_template and template_is_current() and _template_readable()
        if from_template:
            tenant.auto_create_schema = False  # cloned below, in the same transaction as the business's rows
        tenant.save(verbosity=0)
        try:
            with transaction.atomic():
                if from_template:
                    schema_clone_from_template(tenant.schema_name)
                Domain.objects.create(domain=domain, tenant=tenant, is_primary=True)
                with schema_context(tenant.schema_name):
                    if from_template:
                        # What the end of a migration does, for this business: its roles and its required
                        # settings depend on its kind (the template has none), content types are already there.
                        emit_post_migrate_signal(0, False, connection.alias)
                    user_create(
                        username=admin_username,
                        email=admin_email,
                        password=admin_password,
                        full_name=_("Administrador de %(name)s") % {"name": tenant.name},
                        roles=[Role.ADMINISTRATOR],
                        is_superuser=True,
                    )
        except Exception:
            tenant_drop(tenant=tenant)
            raise
    return tenant


#: The business's fields that are also its settings (``fotostudio.configuration``): one value, kept here.
TENANT_SETTING_FIELDS = ("timezone", "language", "logo")


@transaction.atomic
def tenant_update_settings(*, tenant: Tenant, data: Mapping[str, Any]) -> Tenant:
    """Change the business's time zone, language or logo (its configuration's regional and business data).

    Every request reads them (the time zone and language are activated for each one), and the
    resolution cache is refreshed when the row is saved (``signals.py``). ``logo`` ``None`` removes it.
    """
    data = dict(only_fields(data, TENANT_SETTING_FIELDS))
    if "logo" in data and data["logo"] is None:
        data["logo"] = ""
    for field, value in data.items():
        setattr(tenant, field, value)
    try:
        tenant.clean_fields(exclude=[field.name for field in Tenant._meta.fields if field.name not in data])
    except ValidationError as exc:
        first = next(iter(exc.message_dict.values()))[0]
        raise ApplicationError(first, code=TenantErrorCode.INVALID, errors=exc.message_dict) from exc
    tenant.save(update_fields=[*data, "updated_at"])
    return tenant


def tenant_drop(*, tenant: Tenant) -> None:
    """Delete the tenant with its schema and every row in it (irreversible).

    Inside a transaction the schema's tables may still owe deferred foreign-key
    checks ("pending trigger events"), which PostgreSQL refuses to drop: the checks
    run first.
    """
    with schema_context(get_public_schema_name()):
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tenant.delete(force_drop=True)
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def public_tenant_ensure(*, domain: str) -> Tenant:
    """The public schema's tenant row and its host (idempotent)."""
    with schema_context(get_public_schema_name()):
        tenant, _created = Tenant.objects.get_or_create(
            schema_name=get_public_schema_name(), defaults={"name": "FotoStudio", "plan": Plan.ENTERPRISE}
        )
        Domain.objects.get_or_create(domain=domain, defaults={"tenant": tenant, "is_primary": True})
    return tenant
