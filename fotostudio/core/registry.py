"""The module registry: what each business module contributes, and to whom.

Every app under ``modules/`` describes itself with a :class:`ModuleSpec` set as
``module_spec`` on its ``AppConfig``. The admin sidebar, the API routes, the
roles' permissions, the dashboard and the demo data are all built from these
specs, so adding a module never means editing the platform.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name


@dataclass(frozen=True)
class SidebarItem:
    title: Any
    icon: str
    model: str  # "app_label.ModelName": the item links to its admin list
    permission: str | None = None  # defaults to the model's view permission


@dataclass(frozen=True)
class ModuleSpec:
    label: str
    name: Any
    icon: str
    business_types: frozenset[str] = frozenset()
    plans: frozenset[str] | None = None  # None: every plan
    always_enabled: bool = False  # platform modules every tenant has (users, audit)
    on_public_host: bool = False  # also served on the public host (platform staff)
    sidebar: tuple[SidebarItem, ...] = ()
    api_urls: str | None = None  # dotted path of a urls module with ``urlpatterns``
    #: role name -> permission actions ("view", "add", "change", "delete") on every
    #: model of the app, or "*" for all of them.
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: dotted callables ``(request) -> dict`` rendered as dashboard sections.
    dashboard_sections: tuple[str, ...] = ()
    #: dotted callable ``(*, tenant) -> None`` adding demo data (must be idempotent).
    demo_seeder: str | None = None
    order: int = 100

    def is_enabled_for(self, tenant: Any) -> bool:
        if tenant is None:
            return False
        if tenant.schema_name == get_public_schema_name():
            return self.on_public_host
        if self.always_enabled:
            return True
        if self.business_types and tenant.business_type not in self.business_types:
            return False
        return self.plans is None or tenant.plan in self.plans


def all_modules() -> list[ModuleSpec]:
    specs = [config.module_spec for config in apps.get_app_configs() if hasattr(config, "module_spec")]
    return sorted(specs, key=lambda spec: (spec.order, spec.label))


def get_module(label: str) -> ModuleSpec | None:
    return next((spec for spec in all_modules() if spec.label == label), None)


def enabled_modules(tenant: Any) -> list[ModuleSpec]:
    return [spec for spec in all_modules() if spec.is_enabled_for(tenant)]


def is_module_enabled(label: str, tenant: Any) -> bool:
    spec = get_module(label)
    return spec is not None and spec.is_enabled_for(tenant)


def resolve_callables(paths: Iterable[str]) -> list[Callable]:
    return [import_string(path) for path in paths]
