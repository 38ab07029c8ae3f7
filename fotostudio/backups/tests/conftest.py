from __future__ import annotations

import pytest

from fotostudio.users.roles import Role


@pytest.fixture
def admin_a(make_user, tenant_a):
    return make_user(tenant_a, Role.ADMINISTRATOR)


@pytest.fixture
def manager_a(make_user, tenant_a):
    return make_user(tenant_a, Role.MANAGER)
