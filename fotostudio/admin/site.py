"""The staff admin: one site whose header, sidebar and dashboard follow the request's tenant."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import enabled_modules

PLATFORM_TITLE = "FotoStudio"


def _tenant(request):
    tenant = getattr(request, "tenant", None)
    return None if tenant is None or tenant.is_public else tenant


def site_title(request) -> str:
    tenant = _tenant(request)
    return f"{tenant.name} · {PLATFORM_TITLE}" if tenant else f"{PLATFORM_TITLE} · {_('Plataforma')}"


def site_header(request) -> str:
    tenant = _tenant(request)
    return tenant.name if tenant else PLATFORM_TITLE


def site_icon(request) -> str | None:
    """The tenant's logo beside its name; unfold shows the camera symbol when there is none."""
    tenant = _tenant(request)
    return tenant.logo.url if tenant and tenant.logo else None


def site_subheader(request) -> str:
    tenant = _tenant(request)
    return str(tenant.get_business_type_display()) if tenant else str(_("Administración de la plataforma"))


def _admin_changelist(model_label: str) -> str | None:
    model = apps.get_model(model_label)
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None


def _has_view_permission(permission: str):
    return lambda request: request.user.has_perm(permission)


def sidebar_navigation(request) -> list[dict]:
    """Sidebar groups: the dashboard, then one group per module the tenant has."""
    navigation = [
        {
            "title": _("Inicio"),
            "items": [{"title": _("Panel de control"), "icon": "dashboard", "link": reverse("admin:index")}],
        }
    ]
    tenant = _tenant(request)
    if tenant is None:
        navigation.append(
            {
                "title": _("Plataforma"),
                "items": [
                    {
                        "title": _("Negocios"),
                        "icon": "storefront",
                        "link": _admin_changelist("tenants.Tenant"),
                        "permission": _has_view_permission("tenants.view_tenant"),
                    },
                    {
                        "title": _("Dominios"),
                        "icon": "language",
                        "link": _admin_changelist("tenants.Domain"),
                        "permission": _has_view_permission("tenants.view_domain"),
                    },
                    {
                        "title": _("Personal de plataforma"),
                        "icon": "admin_panel_settings",
                        "link": _admin_changelist("users.User"),
                        "permission": _has_view_permission("users.view_user"),
                    },
                ],
            }
        )
        return navigation
    for spec in enabled_modules(tenant):
        items = []
        for item in spec.sidebar:
            link = _admin_changelist(item.model)
            if link is None:
                continue
            model = apps.get_model(item.model)
            permission = item.permission or f"{model._meta.app_label}.view_{model._meta.model_name}"
            items.append(
                {"title": item.title, "icon": item.icon, "link": link, "permission": _has_view_permission(permission)}
            )
        if items:
            navigation.append({"title": spec.name, "separator": True, "collapsible": True, "items": items})
    return navigation
