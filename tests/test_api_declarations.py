"""Every endpoint of every vertical declares who may use it and, when it lists, its filters.

A module added later is covered without writing anything here: the endpoints are read
from the URL configurations the registry builds.
"""

import pytest
from rest_framework.permissions import AllowAny

from fotostudio.api.checks import uses_role_permissions
from fotostudio.api.endpoints import api_endpoints
from fotostudio.api.filters import ApiFilterSet
from fotostudio.api.permissions import has_model_queryset

ENDPOINTS = api_endpoints()
#: Views that choose their own permission classes on purpose, and why.
OWN_PERMISSIONS = {
    "LoginView": "signing in needs no token (AllowAny, limited by user_sign_in)",
    "RefreshView": "a refresh token is the credential (AllowAny)",
    "LogoutView": "any signed-in user ends their own session",
    "ProfileView": "any signed-in user reads and edits their own profile",
    "ChangePasswordView": "any signed-in user changes their own password",
    "PermissionViewSet": "the catalogue of permissions is readable by any signed-in user",
    "CurrentTenantView": "any signed-in user reads the business they work for",
    "TenantViewSet": "platform staff only, on the platform host",
    "ApiIndexView": "an index of links, public like the documentation (AllowAny)",
}


def _id(endpoint) -> str:
    return f"{endpoint.method} {endpoint.path}"


def test_the_walk_finds_the_endpoints_of_every_vertical():
    paths = {endpoint.path for endpoint in ENDPOINTS}
    assert {"/api/v1/clients/", "/api/v1/users/", "/api/v1/auth/token/", "/api/v1/tenants/"} <= paths


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_id)
def test_each_endpoint_declares_who_may_use_it(endpoint):
    view = endpoint.view_class
    if uses_role_permissions(view):
        assert has_model_queryset(view) or getattr(view, "required_permissions", None) is not None
    else:
        assert view.__name__ in OWN_PERMISSIONS, f"{view.__name__} sets its own permission_classes: list it and why"
        open_by_design = "AllowAny" in OWN_PERMISSIONS[view.__name__]
        assert open_by_design or view.permission_classes != [AllowAny]


@pytest.mark.parametrize(
    "endpoint",
    [e for e in ENDPOINTS if e.method == "GET" and (e.action == "list" or e.action not in {None, "retrieve"})],
    ids=_id,
)
def test_each_list_declares_its_filters_with_the_apis_names(endpoint):
    filterset = getattr(endpoint.view_class, "filterset_class", None)
    assert filterset is not None and issubclass(filterset, ApiFilterSet), endpoint.view_class
    assert not getattr(endpoint.view_class, "search_fields", None)
    assert not getattr(endpoint.view_class, "ordering_fields", None)
    assert not getattr(endpoint.view_class, "filterset_fields", None)
