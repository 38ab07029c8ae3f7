from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec
from tenants.choices import BusinessType


class DashboardConfig(AppConfig):
    """The owner's figures as an API: the same numbers as the admin's dashboard sections, over a period."""

    name = "modules.dashboard"
    label = "dashboard"
    verbose_name = _("Panel de control")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="dashboard",
        name=_("Panel de control"),
        icon="dashboard",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        api_urls="modules.dashboard.api.urls",
        # No models: each figure asks for the permission of the records it counts (see api/views.py).
        order=90,
    )
