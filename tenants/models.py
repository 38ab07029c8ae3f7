import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name

from fotostudio.core.models import upload_extension
from fotostudio.core.validators import ImageUploadValidator

# The choices live in a module without models (an apps.py can import them); still importable from here.
from .choices import BusinessType, Language, Plan

RESERVED_SLUGS = frozenset(
    {
        "public",
        "www",
        "api",
        "admin",
        "static",
        "media",
        "health",
        "mail",
        "app",
        "pg_catalog",
        "information_schema",
        "localhost",
        "test",
    }
)

slug_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{1,39}$",
    _("Use de 2 a 40 caracteres: minúsculas, números o guion bajo, empezando por una letra."),
)


def platform_storage() -> FileSystemStorage:
    """Files of the platform itself (tenants' logos): not under any tenant's schema folder."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "platform", base_url=f"{settings.MEDIA_URL}platform/")


def tenant_logo_upload_to(instance: "Tenant", filename: str) -> str:
    extension = upload_extension(filename)
    return f"logos/{instance.schema_name}-{uuid.uuid4().hex[:8]}.{extension}"


def validate_tenant_logo(file) -> None:
    ImageUploadValidator(settings.TENANT_LOGO_MAX_BYTES)(file)


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS or value.startswith("pg_"):
        raise ValidationError(_("«%(slug)s» es un nombre reservado."), params={"slug": value}, code="reserved")


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("«%(tz)s» no es una zona horaria válida."), params={"tz": value})


class Tenant(TenantMixin):
    """One business on the platform, with its own PostgreSQL schema (``schema_name`` is the slug)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: django-tenants' field, with a name for people.
    schema_name = models.CharField(
        _("identificador"),
        max_length=63,
        unique=True,
        db_index=True,
        validators=[_check_schema_name],
        help_text=_("Nombre del esquema de PostgreSQL y del subdominio; no cambia."),
    )
    name = models.CharField(_("nombre"), max_length=150)
    business_type = models.CharField(
        _("tipo de negocio"), max_length=32, choices=BusinessType.choices, default=BusinessType.PHOTO_STUDIO
    )
    plan = models.CharField(_("plan"), max_length=32, choices=Plan.choices, default=Plan.PROFESSIONAL)
    is_active = models.BooleanField(_("activo"), default=True)
    timezone = models.CharField(
        _("zona horaria"), max_length=64, default="America/Guayaquil", validators=[validate_timezone]
    )
    language = models.CharField(_("idioma"), max_length=8, choices=Language.choices, default=Language.SPANISH)
    logo = models.ImageField(
        _("logotipo"),
        upload_to=tenant_logo_upload_to,
        storage=platform_storage,
        blank=True,
        validators=[validate_tenant_logo],
        help_text=_("Aparece junto al nombre del negocio en el panel. JPEG, PNG o WebP, hasta 1 MB."),
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        verbose_name = _("negocio")
        verbose_name_plural = _("negocios")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def is_public(self) -> bool:
        from django_tenants.utils import get_public_schema_name

        return self.schema_name == get_public_schema_name()

    @property
    def primary_domain(self) -> str | None:
        domain = self.get_primary_domain()
        return domain.domain if domain else None


class Domain(DomainMixin):
    # django-tenants' fields, with names for people.
    domain = models.CharField(_("dominio"), max_length=253, unique=True, db_index=True)
    tenant = models.ForeignKey(
        Tenant, verbose_name=_("negocio"), db_index=True, related_name="domains", on_delete=models.CASCADE
    )
    is_primary = models.BooleanField(_("principal"), default=True, db_index=True)

    class Meta:
        verbose_name = _("dominio")
        verbose_name_plural = _("dominios")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
