"""What the published OpenAPI documents say about the configuration: the 503 of maintenance mode, and the shape
of the grouped views (built from the settings' definitions)."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from ..definitions import SettingType
from ..middleware import EXEMPT_PATHS
from ..registry import all_setting_definitions, setting_groups

WRITE_METHODS = {"post", "put", "patch", "delete"}


def document_maintenance(result, generator, request, public):
    """Every write of a business's API may answer 503 ``maintenance`` (drf-spectacular post-processing hook).

    Only documents that include the configuration (a business's; not the platform host's).
    """
    paths = result.get("paths", {})
    if not any(path.startswith("/api/v1/config/") for path in paths):
        return result
    reference = {"$ref": "#/components/schemas/Error"}
    description = _(
        "Modo mantenimiento (`maintenance`): el negocio no admite cambios por ahora; solo sus administradores "
        "pueden guardar. Las consultas siguen funcionando."
    )
    for path, operations in paths.items():
        if EXEMPT_PATHS.match(path):
            continue
        for method, operation in operations.items():
            if method in WRITE_METHODS:
                operation.setdefault("responses", {}).setdefault(
                    "503", {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    info = result.setdefault("info", {})
    info["description"] = "\n\n".join(
        filter(
            None,
            [
                str(info.get("description", "")),
                "## " + _("Modo mantenimiento"),
                _(
                    "Mientras un negocio está en modo mantenimiento, toda escritura (`POST`, `PUT`, `PATCH`, "
                    "`DELETE`) de un usuario autenticado responde 503 con `code` `maintenance`, salvo para sus "
                    "administradores, que pueden seguir trabajando y desactivarlo "
                    '(`PUT /api/v1/administracion/configuracion/` con `{"modo_mantenimiento": false}`). Las '
                    "consultas y el inicio y cierre de sesión siguen funcionando; sin credenciales válidas, la "
                    "respuesta sigue siendo 401."
                ),
            ],
        )
    )
    return result


def _value_schema(definition) -> dict[str, Any]:
    schema: dict[str, Any]
    if definition.type == SettingType.INTEGER:
        schema = {"type": "integer"}
    elif definition.type == SettingType.BOOLEAN:
        schema = {"type": "boolean"}
    elif definition.type == SettingType.DECIMAL:
        schema = {"type": "string", "format": "decimal"}
    elif definition.type == SettingType.CHOICE:
        schema = {"type": "string", "enum": definition.choice_values()}
    else:
        schema = {"type": "string"}
    nullable = definition.type == SettingType.IMAGE or (
        not definition.required and definition.type in {SettingType.INTEGER, SettingType.DECIMAL, SettingType.TIME}
    )
    if nullable:
        schema["nullable"] = True
    schema["description"] = (
        format_lazy("{}. {}", definition.label, definition.help) if definition.help else definition.label
    )
    return schema


def grouped_schema(view: str) -> dict[str, Any]:
    """The response of a grouped view: an object per group, a property per setting (nested for document kinds)."""
    groups = {group.code: group for group in setting_groups() if group.view == view}
    properties: dict[str, Any] = {
        code: {"type": "object", "description": group.label, "properties": {}} for code, group in groups.items()
    }
    for definition in all_setting_definitions():
        if definition.group not in groups:
            continue
        *path, last = definition.name.split(".")
        target = properties[definition.group]
        for part in path:
            target = target["properties"].setdefault(part, {"type": "object", "properties": {}})
        target["properties"][last] = _value_schema(definition)
    return {"type": "object", "properties": properties}
