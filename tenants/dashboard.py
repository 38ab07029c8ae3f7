from django.urls import reverse
from django.utils.translation import gettext as _

from .choices import BusinessType
from .selectors import tenant_counts, tenant_list


def platform_section(request) -> dict:
    counts = tenant_counts()
    by_type = {choice: 0 for choice in BusinessType.values}
    recent = []
    for tenant in tenant_list():
        by_type[tenant.business_type] += 1
        recent.append(tenant)
    recent.sort(key=lambda tenant: tenant.created_at, reverse=True)
    return {
        "title": _("Plataforma"),
        "cards": [
            {
                "key": "tenants-total",
                "label": _("Negocios"),
                "value": counts["total"],
                "icon": "storefront",
                "link": reverse("admin:tenants_tenant_changelist"),
            },
            {"key": "tenants-active", "label": _("Negocios activos"), "value": counts["active"], "icon": "task_alt"},
        ],
        "charts": [
            {
                "title": _("Negocios por tipo"),
                "type": "pie",
                "labels": [BusinessType(value).label for value in by_type],
                "datasets": [{"label": _("Negocios"), "data": list(by_type.values())}],
            },
        ],
        "tables": [
            {
                "title": _("Últimos negocios creados"),
                "headers": [_("Negocio"), _("Identificador"), _("Dominio")],
                "rows": [[t.name, t.schema_name, ", ".join(d.domain for d in t.domains.all())] for t in recent[:5]],
                "empty": _("Todavía no hay negocios."),
            },
        ],
    }
