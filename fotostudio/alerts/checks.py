"""``manage.py check``: every module's alert types are well declared (``ModuleSpec.alert_types``)."""

from __future__ import annotations

import re

from django.core import checks

from fotostudio.core import links
from fotostudio.core.registry import AlertTypeSpec, all_modules
from tenants.choices import BusinessType

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
#: Record keys of the frontend's contract that no module registers yet (alerts may already name them).
CONTRACT_LINK_KEYS = frozenset({"lote", "envio", "evento_trazabilidad"})


@checks.register()
def check_alert_types(app_configs=None, **kwargs) -> list[checks.Error]:
    errors = []
    seen: dict[tuple[str, str], str] = {}
    registered = {kind.key for kind in links.link_kinds()} | CONTRACT_LINK_KEYS
    for spec in all_modules():
        for alert_type in spec.alert_types:
            where = f"module {spec.label!r}"
            if not isinstance(alert_type, AlertTypeSpec):
                errors.append(
                    checks.Error(
                        f"{where}: alert_types holds {alert_type!r}, not an AlertTypeSpec.", obj=where, id="alerts.E001"
                    )
                )
                continue
            if not CODE.match(alert_type.code):
                errors.append(
                    checks.Error(
                        f"{where}: alert type code {alert_type.code!r} must be upper case letters, digits and _ "
                        "(2 to 40, starting with a letter).",
                        obj=where,
                        id="alerts.E002",
                    )
                )
            if not str(alert_type.label).strip():
                errors.append(
                    checks.Error(f"{where}: alert type {alert_type.code!r} has no label.", obj=where, id="alerts.E003")
                )
            if alert_type.link_key is not None and alert_type.link_key not in registered:
                errors.append(
                    checks.Error(
                        f"{where}: alert type {alert_type.code!r} is about {alert_type.link_key!r}, which no module "
                        "registers (register_link) and the contract does not name.",
                        obj=where,
                        id="alerts.E004",
                    )
                )
            unknown = set(alert_type.business_types) - set(BusinessType.values)
            if unknown:
                errors.append(
                    checks.Error(
                        f"{where}: alert type {alert_type.code!r} names unknown business types {sorted(unknown)}.",
                        obj=where,
                        id="alerts.E005",
                    )
                )
            for business_type in BusinessType.values:
                if not (spec.serves_business_type(business_type) and alert_type.serves(business_type)):
                    continue
                other = seen.get((business_type, alert_type.code))
                if other is not None and other != spec.label:
                    errors.append(
                        checks.Error(
                            f"{where}: alert type {alert_type.code!r} is also declared by {other!r} "
                            f"for {business_type}.",
                            obj=where,
                            id="alerts.E006",
                        )
                    )
                seen[(business_type, alert_type.code)] = spec.label
    return errors
