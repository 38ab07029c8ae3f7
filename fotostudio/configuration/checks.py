"""System checks of the settings modules declare (``manage.py check``): a bad declaration fails at start-up,
not on the first page that reads it."""

from __future__ import annotations

import re

from django.core import checks
from django.core.exceptions import ValidationError

from fotostudio.core.registry import all_modules
from tenants.services import TENANT_SETTING_FIELDS

from .definitions import DOCUMENT_KIND, GROUP_VIEWS, SettingDefinition, SettingType
from .registry import setting_groups

KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _error(definition: SettingDefinition, number: int, message: str, hint: str = "") -> checks.Error:
    return checks.Error(
        message, hint=hint or None, obj=f"setting {definition.key!r}", id=f"configuration.E{number:03d}"
    )


def _check_definition(definition: SettingDefinition, groups: set[str]) -> list[checks.Error]:
    errors = []
    if not KEY.match(definition.key) or len(definition.key) > 100:
        errors.append(_error(definition, 1, "A key is <group>.<name>: lower-case words joined by dots, 100 at most."))
    if definition.group not in groups:
        errors.append(
            _error(definition, 2, f"No module declares the group {definition.group!r}.", "Add a SettingGroup.")
        )
    if definition.type not in SettingType.values:
        errors.append(_error(definition, 3, f"Unknown type {definition.type!r}.", f"Use {SettingType.values}."))
        return errors
    if definition.type == SettingType.CHOICE and not definition.choices:
        errors.append(_error(definition, 3, "A choice setting needs its choices."))
    if definition.tenant_field is not None and definition.tenant_field not in TENANT_SETTING_FIELDS:
        errors.append(_error(definition, 4, f"tenants.Tenant has no setting field {definition.tenant_field!r}."))
    if definition.sequence is not None and not DOCUMENT_KIND.match(definition.sequence):
        errors.append(_error(definition, 4, f"{definition.sequence!r} is not a document kind's code."))
    if definition.sequence and not definition.required:
        errors.append(_error(definition, 4, "A document kind's next number is required."))
    if definition.type != SettingType.IMAGE:
        try:
            value = definition.parse(definition.to_json(definition.default))
        except ValidationError as exc:
            errors.append(_error(definition, 5, f"Its default does not pass its own validation: {exc.messages}."))
        else:
            if value != definition.default:
                errors.append(_error(definition, 5, f"Its default reads back as {value!r}: write it normalised."))
    return errors


@checks.register()
def check_settings(app_configs=None, **kwargs) -> list[checks.Error]:
    groups = setting_groups()
    errors = [
        checks.Error(f"Group {group.code!r} is shown in an unknown view {group.view!r}.", hint=f"Use {GROUP_VIEWS}.")
        for group in groups
        if group.view not in GROUP_VIEWS
    ]
    codes = {group.code for group in groups}
    seen: dict[str, str] = {}
    for spec in all_modules():
        for definition in spec.settings:
            if definition.key in seen:
                errors.append(_error(definition, 6, f"Declared by {seen[definition.key]!r} and {spec.label!r}."))
                continue
            seen[definition.key] = spec.label
            errors.extend(_check_definition(definition, codes))
    return errors
