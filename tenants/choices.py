"""Choices describing a tenant: business type, plan and language.

No models here, so an ``apps.py`` can import them while the app registry is still
loading (a module's ``ModuleSpec`` names the business types it serves)::

    from tenants.choices import BusinessType

    business_types = frozenset({BusinessType.PHOTO_STUDIO})

``tenants.models`` re-exports them, so ``from tenants.models import BusinessType`` keeps working.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessType(models.TextChoices):
    PHOTO_STUDIO = "photo_studio", _("Estudio fotográfico y enmarcación")
    AGRO_TRACEABILITY = "agro_traceability", _("Trazabilidad agroindustrial")


class Plan(models.TextChoices):
    BASIC = "basic", _("Básico")
    PROFESSIONAL = "professional", _("Profesional")
    ENTERPRISE = "enterprise", _("Empresarial")


class Language(models.TextChoices):
    SPANISH = "es", _("Español")
    ENGLISH = "en", _("English")
