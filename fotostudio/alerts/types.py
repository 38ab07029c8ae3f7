"""Which kinds of alert a business has: those its enabled modules declare (``ModuleSpec.alert_types``)."""

from __future__ import annotations

from typing import Any

from fotostudio.core import links
from fotostudio.core.registry import AlertTypeSpec, all_modules


def _documented_business_type() -> str | None:
    """While a vertical's published document is generated (``links.documenting``), its business type."""
    documented = links._documented.get()
    return documented if documented is not None else None


def alert_types_for(tenant: Any = None) -> dict[str, AlertTypeSpec]:
    """``{code: spec}`` of the kinds of alert ``tenant`` (the connection's by default) may raise, in module order."""
    documented = _documented_business_type()
    found: dict[str, AlertTypeSpec] = {}
    if documented is not None:
        for spec in all_modules():
            if documented and spec.serves_business_type(documented):
                for alert_type in spec.alert_types:
                    if alert_type.serves(documented):
                        found.setdefault(alert_type.code, alert_type)
        return found
    tenant = tenant if tenant is not None else links.current_tenant()
    if tenant is None:
        return found
    for spec in all_modules():
        if not spec.is_enabled_for(tenant):
            continue
        for alert_type in spec.alert_types:
            if alert_type.serves(tenant.business_type):
                found.setdefault(alert_type.code, alert_type)
    return found


def alert_type_label(code: str) -> str:
    """What people read for a code (the code itself for a kind no module declares any more)."""
    for spec in all_modules():
        for alert_type in spec.alert_types:
            if alert_type.code == code:
                return str(alert_type.label)
    return code
