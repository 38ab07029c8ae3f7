"""Every module's settings and groups, read from the module registry (``ModuleSpec.settings``).

A setting applies to a business when its module is enabled for it: an agro business never sees
a studio module's settings. Groups are shown in their ``order``, settings in their group's
order and then as their module declared them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fotostudio.core.registry import registry

from .definitions import SettingDefinition, SettingGroup


@dataclass
class _Catalogue:
    generation: int
    groups: dict[str, SettingGroup] = field(default_factory=dict)
    definitions: dict[str, SettingDefinition] = field(default_factory=dict)
    module_of: dict[str, Any] = field(default_factory=dict)  # key -> ModuleSpec


_catalogue: _Catalogue | None = None


def _read() -> _Catalogue:
    global _catalogue
    if _catalogue is not None and _catalogue.generation == registry.generation:
        return _catalogue
    catalogue = _Catalogue(generation=registry.generation)
    specs = registry.specs()
    for spec in specs:
        for group in spec.setting_groups:
            catalogue.groups.setdefault(group.code, group)
    declared: list[tuple[Any, int, SettingDefinition]] = []
    for spec in specs:
        for index, definition in enumerate(spec.settings):
            if definition.key not in catalogue.module_of:
                catalogue.module_of[definition.key] = spec
                declared.append((spec, index, definition))

    def position(item):
        spec, index, definition = item
        group = catalogue.groups.get(definition.group)
        return (group.order if group else 10_000, definition.group, spec.order, spec.label, index)

    catalogue.definitions = {definition.key: definition for _spec, _index, definition in sorted(declared, key=position)}
    _catalogue = catalogue
    return catalogue


def setting_groups() -> list[SettingGroup]:
    return sorted(_read().groups.values(), key=lambda group: (group.order, group.code))


def setting_group(code: str) -> SettingGroup | None:
    return _read().groups.get(code)


def all_setting_definitions() -> list[SettingDefinition]:
    """Every module's settings, whichever businesses have them (checks, documentation)."""
    return list(_read().definitions.values())


def module_of(key: str):
    """The ``ModuleSpec`` that declares ``key``."""
    return _read().module_of.get(key)


def setting_definitions(tenant) -> list[SettingDefinition]:
    """The settings of ``tenant`` (those of the modules it has), in display order."""
    catalogue = _read()
    return [
        definition
        for key, definition in catalogue.definitions.items()
        if catalogue.module_of[key].is_enabled_for(tenant)
    ]


def setting_definition(key: str, tenant=None) -> SettingDefinition | None:
    """The setting ``key``; with ``tenant``, only when that business has it."""
    catalogue = _read()
    definition = catalogue.definitions.get(key) if isinstance(key, str) else None
    if definition is None or (tenant is not None and not catalogue.module_of[key].is_enabled_for(tenant)):
        return None
    return definition
