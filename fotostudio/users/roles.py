"""The staff roles and the kinds of business each belongs to.

No models here, so a module's ``apps.py`` can import :class:`Role` while the app
registry is still loading (its ``ModuleSpec.roles`` names them). Each role is a
Django group in the tenant's schema, created by ``roles_sync`` with the
permissions the module registry grants it; a tenant only gets the roles of its
business type (an agro business has no «Fotógrafo»).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.choices import BusinessType


class Role(models.TextChoices):
    """The value is the group's name (what the API's ``roles`` lists)."""

    ADMINISTRATOR = "Administrador", _("Administrador")
    MANAGER = "Gerente", _("Gerente")
    SALES = "Ventas", _("Ventas")
    PRODUCTION = "Producción", _("Producción")
    PHOTOGRAPHER = "Fotógrafo", _("Fotógrafo")
    ACCOUNTING = "Contabilidad", _("Contabilidad")
    FIELD_TECHNICIAN = "Técnico de campo", _("Técnico de campo")
    QUALITY = "Calidad", _("Calidad")
    LOGISTICS = "Logística", _("Logística")
    READ_ONLY = "Solo lectura", _("Solo lectura")


_EVERY_BUSINESS = frozenset(BusinessType.values)
_STUDIO = frozenset({BusinessType.PHOTO_STUDIO})
_AGRO = frozenset({BusinessType.AGRO_TRACEABILITY})

#: The business types each role exists in.
ROLE_BUSINESS_TYPES: dict[Role, frozenset[str]] = {
    Role.ADMINISTRATOR: _EVERY_BUSINESS,
    Role.MANAGER: _EVERY_BUSINESS,
    Role.SALES: _STUDIO,
    Role.PRODUCTION: _STUDIO,
    Role.PHOTOGRAPHER: _STUDIO,
    Role.ACCOUNTING: _STUDIO,
    Role.FIELD_TECHNICIAN: _AGRO,
    Role.QUALITY: _AGRO,
    Role.LOGISTICS: _AGRO,
    Role.READ_ONLY: _EVERY_BUSINESS,
}


def roles_for(business_type: str | None) -> list[Role]:
    """The roles a business of this type has, in the enum's order (none for the platform itself)."""
    return [role for role in Role if business_type in ROLE_BUSINESS_TYPES[role]]
