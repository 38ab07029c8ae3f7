"""One factory per model, registered by each module, for the tests generated over every endpoint.

A module's ``tests/factories.py`` registers the factory that makes a valid row of each of its
models::

    @registered
    class ClientFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Client

or, for a model made by a service, ``register_factory(User, make_user_row)``. The generated
tests (``tests/test_api_matrix.py``) call :func:`load_all` and :func:`create` to make the
rows an endpoint needs; an endpoint whose model has no factory fails them, so a new module
is covered by adding its factories and nothing else.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable

from django.apps import apps
from django.db import models

PROJECT_PACKAGES = ("fotostudio.", "modules.", "tenants")
_factories: dict[type[models.Model], Callable[[], models.Model]] = {}


def register_factory(model: type[models.Model], create: Callable[[], models.Model]) -> None:
    _factories.setdefault(model, create)


def registered(factory_class):
    """Class decorator for a factory_boy factory: the first one registered for a model is its factory."""
    register_factory(factory_class._meta.model, factory_class.create)
    return factory_class


def load_all() -> None:
    """Import every installed app's ``tests/factories.py`` (they register themselves)."""
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT_PACKAGES):
            continue
        tests = importlib.util.find_spec(f"{config.name}.tests")
        if (
            tests is not None
            and tests.submodule_search_locations
            and importlib.util.find_spec(f"{config.name}.tests.factories")
        ):
            importlib.import_module(f"{config.name}.tests.factories")


def factory_for(model: type[models.Model]) -> Callable[[], models.Model] | None:
    return _factories.get(model)


def create(model: type[models.Model]) -> models.Model:
    """A saved, valid row of ``model`` in the current schema."""
    make = factory_for(model)
    if make is None:
        raise LookupError(f"No factory is registered for {model._meta.label}: add one to its tests/factories.py.")
    return make()
