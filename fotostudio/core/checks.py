"""System checks: every module declaration is valid when the project starts (``manage.py check``).

A ``ModuleSpec`` is made of strings (dotted paths, model labels) and names (roles,
business types) that would otherwise fail late — on the first request that needs
them, or silently (a role that no business has gets no permissions).
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.core import checks
from django.utils.module_loading import import_string

from fotostudio.users.roles import ROLE_BUSINESS_TYPES, Role
from tenants.choices import BusinessType, Plan

from .registry import ACTIONS, EXPORT, ModuleSpec, all_modules, declares_export
from .vocabulary import all_vocabularies


def _error(spec: ModuleSpec, number: int, message: str, hint: str = "") -> checks.Error:
    return checks.Error(message, hint=hint or None, obj=f"module {spec.label!r}", id=f"fotostudio.E{number:03d}")


def _importable(path: str) -> tuple[object | None, str]:
    try:
        return import_string(path), ""
    except ImportError as exc:
        return None, str(exc)


def _check_spec(spec: ModuleSpec, labels: set[str]) -> list[checks.Error]:
    errors = []
    if spec.label not in labels:
        errors.append(_error(spec, 1, f"No installed app has the label {spec.label!r}.", "Use the AppConfig's label."))
    for business_type in sorted(set(spec.business_types) - set(BusinessType.values)):
        errors.append(_error(spec, 2, f"Unknown business type {business_type!r}.", f"Use {BusinessType.values}."))
    if spec.plans is not None:
        for plan in sorted(set(spec.plans) - set(Plan.values)):
            errors.append(_error(spec, 2, f"Unknown plan {plan!r}.", f"Use {Plan.values}."))
    for role, actions in spec.roles.items():
        if role not in Role.values:
            errors.append(
                _error(spec, 3, f"Unknown role {role!r}.", f"Use fotostudio.users.roles.Role: {Role.values}.")
            )
            continue
        unknown_actions = [action for action in actions if action != "*" and action not in ACTIONS]
        if unknown_actions:
            errors.append(_error(spec, 3, f"Role {role!r} has unknown actions {unknown_actions}.", f"Use {ACTIONS}."))
        if EXPORT in actions and spec.label in labels:
            if not any(declares_export(model) for model in apps.get_app_config(spec.label).get_models()):
                errors.append(
                    _error(
                        spec,
                        9,
                        f"Role {str(role)!r} may export, but no model of {spec.label!r} declares an export permission.",
                        'Add ("export_<model>", _("Puede exportar …")) to the model\'s Meta.permissions.',
                    )
                )
        served = set(BusinessType.values) if spec.always_enabled or not spec.business_types else spec.business_types
        if not served & ROLE_BUSINESS_TYPES[Role(role)]:
            errors.append(
                _error(spec, 3, f"Role {role!r} exists in no business this module serves ({sorted(served)}).")
            )
    if spec.api_urls:
        urls, problem = _importable(f"{spec.api_urls}.urlpatterns")
        if urls is None:
            errors.append(_error(spec, 4, f"api_urls {spec.api_urls!r} has no importable urlpatterns: {problem}"))
    for path in (*spec.dashboard_sections, *([spec.demo_seeder] if spec.demo_seeder else [])):
        target, problem = _importable(path)
        if target is None or not callable(target):
            errors.append(_error(spec, 5, f"{path!r} is not an importable callable. {problem}".strip()))
    for item in spec.sidebar:
        try:
            apps.get_model(item.model)
        except (LookupError, ValueError):
            errors.append(_error(spec, 6, f"Sidebar item {str(item.title)!r} names no model: {item.model!r}."))
    return errors


@checks.register()
def check_module_specs(app_configs=None, **kwargs) -> list[checks.Error]:
    labels = {config.label for config in apps.get_app_configs()}
    errors = []
    seen: set[str] = set()
    for spec in all_modules():
        if spec.label in seen:
            errors.append(_error(spec, 7, f"Two apps declare the module {spec.label!r}."))
        seen.add(spec.label)
        errors.extend(_check_spec(spec, labels))
    return errors


@checks.register()
def check_vocabularies(app_configs=None, **kwargs) -> list[checks.Error]:
    """Every vocabulary names fields its model has (``vocabulary.py`` of each app is read first)."""
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.vocabulary") is not None:
            importlib.import_module(f"{config.name}.vocabulary")
    return [
        checks.Error(
            f"{vocabulary!r} names fields {vocabulary.model.__name__} does not have: {', '.join(missing)}.",
            hint="Fix the field names, or list names that are not model fields in extra=.",
            obj=vocabulary.model,
            id="fotostudio.E008",
        )
        for vocabulary in all_vocabularies()
        if (missing := vocabulary.problems())
    ]
