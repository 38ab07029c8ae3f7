"""Fixtures for the configuration tests: users by role, a document kind to number."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from fotostudio.configuration.catalogue import SETTINGS
from fotostudio.configuration.definitions import next_number_key, numbering_settings
from fotostudio.core.registry import all_modules
from fotostudio.users.roles import Role


@pytest.fixture
def admin_a(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR)


@pytest.fixture
def manager_a(make_user, tenant_a):
    return make_user(tenant_a, Role.MANAGER)


@pytest.fixture
def sales_a(make_user, tenant_a):
    return make_user(tenant_a, Role.SALES)


@pytest.fixture
def admin_b(make_user, tenant_b):
    return make_user(tenant_b, Role.ADMINISTRATOR)


@pytest.fixture
def order_kind(replace_module_spec):
    """A module that numbers its orders (``pedido``, prefix PED), as the orders module declares it: that
    module's own declaration when it is installed, otherwise one added to this module's spec for the test."""
    declared = {definition.key for spec in all_modules() for definition in spec.settings}
    if next_number_key("pedido") not in declared:
        replace_module_spec(
            "configuration", settings=(*SETTINGS, *numbering_settings("pedido", label=_("Pedidos"), prefix="PED"))
        )
    return "pedido"
