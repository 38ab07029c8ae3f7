"""The module registry: what each module contributes, and to which businesses.

Every app with a :class:`ModuleSpec` set as ``module_spec`` on its ``AppConfig`` is a
module: the business modules under ``modules/`` and the platform's own (users,
audit…). The admin sidebar, each tenant's URL configuration (its API routes), the
roles' permissions, the dashboard and the demo data are all built from these specs,
so adding a module never means editing the platform. ``fotostudio.core.checks``
validates every spec at start-up (``manage.py check``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name

#: What a role may do on a module's models: Django's four model permissions, "export" (download the list
#: as CSV/XLSX: personal data leaves the system) on the models that declare ``export_<model>`` in their
#: ``Meta.permissions``, or "*" for all of them.
ACTIONS = ("view", "add", "change", "delete", "export")
EXPORT = "export"


def permission_codename(action: str, model: type[Any]) -> str:
    """``("export", Client)`` → ``"export_client"``."""
    return f"{action}_{model._meta.model_name}"


def declares_export(model: type[Any]) -> bool:
    """Whether ``model`` has an export permission (``("export_client", …)`` in ``Meta.permissions``)."""
    codename = permission_codename(EXPORT, model)
    return any(name == codename for name, _label in model._meta.permissions)


def model_actions(model: type[Any], actions: Iterable[str]) -> list[str]:
    """The actions of a grant that apply to ``model``: ``*`` is every action, ``export`` only where declared,
    the others where the model has the permission (an audit event table has none; a log only ``view``)."""
    actions = ACTIONS if "*" in actions else tuple(actions)
    return [
        action
        for action in actions
        if (declares_export(model) if action == EXPORT else action in model._meta.default_permissions)
    ]


@dataclass(frozen=True)
class SidebarItem:
    title: Any
    icon: str
    model: str  # "app_label.ModelName": the item links to its admin list
    permission: str | None = None  # defaults to the model's view permission


@dataclass(frozen=True)
class AlertTypeSpec:
    """A kind of alert a module raises (``fotostudio.alerts``): ``STOCK_BAJO``, ``CALIDAD``…

    ``link_key`` is the kind of record its alerts are about (a key registered with
    ``fotostudio.core.links.register_link``, or one of the frontend's contract keys), ``None`` when
    they may be about any record or none. ``business_types`` narrows it to some businesses among
    those that have the module (empty: all of them). ``notify_roles``: who is told when one is raised
    and its rule names nobody (``None``: Administrador and Gerente).
    """

    code: str
    label: Any
    link_key: str | None = None
    business_types: frozenset[str] = frozenset()
    notify_roles: tuple[str, ...] | None = None

    def serves(self, business_type: str) -> bool:
        return not self.business_types or business_type in self.business_types


@dataclass(frozen=True)
class ModuleSpec:
    label: str  # the app's label
    name: Any  # the sidebar group's title
    icon: str
    business_types: frozenset[str] = frozenset()
    plans: frozenset[str] | None = None  # None: every plan
    always_enabled: bool = False  # platform modules every tenant has (users, audit)
    on_public_host: bool = False  # also served on the public host (platform staff)
    sidebar: tuple[SidebarItem, ...] = ()
    api_urls: str | None = None  # dotted path of a urls module with ``urlpatterns``
    #: Role (``fotostudio.users.roles.Role``) -> actions (see ``ACTIONS``) on every model of the app.
    roles: dict[Any, tuple[str, ...]] = field(default_factory=dict)
    #: dotted callables ``(request) -> dict`` rendered as dashboard sections.
    dashboard_sections: tuple[str, ...] = ()
    #: dotted callable ``(*, tenant, password) -> None`` adding demo data (must be idempotent).
    demo_seeder: str | None = None
    #: The module's settings (``fotostudio.configuration.definitions.SettingDefinition``), kept per tenant by the
    #: configuration service, and the groups they are shown in (``SettingGroup``) when the module adds its own.
    settings: tuple[Any, ...] = ()
    setting_groups: tuple[Any, ...] = ()
    order: int = 100
    #: Models of the app whose writes the audit trail does not record (logs, counters), by class name.
    #: Every other model must be declared ``@audited()`` (``fotostudio.audit.tracking``): a check says so.
    not_audited: tuple[str, ...] = ()
    #: The kinds of alert the module raises (:class:`AlertTypeSpec`); a business may use those of its modules.
    alert_types: tuple[AlertTypeSpec, ...] = ()

    def serves_business_type(self, business_type: str) -> bool:
        return self.always_enabled or not self.business_types or business_type in self.business_types

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


class Registry:
    """The specs of the installed apps, read once and kept in order (``order``, then label).

    ``generation`` changes whenever the registry is reloaded, so caches built from it
    (each tenant's URL configuration) can tell they are stale.
    """

    def __init__(self) -> None:
        self._specs: tuple[ModuleSpec, ...] | None = None
        self._by_label: dict[str, ModuleSpec] = {}
        self.generation = 0

    def specs(self) -> tuple[ModuleSpec, ...]:
        if self._specs is None:
            found = [config.module_spec for config in apps.get_app_configs() if hasattr(config, "module_spec")]
            self._specs = tuple(sorted(found, key=lambda spec: (spec.order, spec.label)))
            self._by_label = {spec.label: spec for spec in self._specs}
        return self._specs

    def get(self, label: str) -> ModuleSpec | None:
        self.specs()
        return self._by_label.get(label)

    def reload(self) -> None:
        """Read the specs again (tests that replace an ``AppConfig.module_spec`` call this)."""
        self._specs = None
        self.generation += 1


registry = Registry()


def all_modules() -> tuple[ModuleSpec, ...]:
    return registry.specs()


def get_module(label: str) -> ModuleSpec | None:
    return registry.get(label)


def enabled_modules(tenant: Any) -> list[ModuleSpec]:
    return [spec for spec in registry.specs() if spec.is_enabled_for(tenant)]


def is_module_enabled(label: str, tenant: Any) -> bool:
    spec = registry.get(label)
    return spec is not None and spec.is_enabled_for(tenant)


def resolve_callables(paths: Iterable[str]) -> list[Callable]:
    return [import_string(path) for path in paths]
