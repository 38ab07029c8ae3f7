"""System checks of the API: no view may let a signed-in user in just because it declared nothing."""

from __future__ import annotations

from django.core import checks

from .endpoints import api_endpoints
from .permissions import RoleModelPermissions, has_model_queryset


def uses_role_permissions(view_class) -> bool:
    return any(
        isinstance(permission, type) and issubclass(permission, RoleModelPermissions)
        for permission in view_class.permission_classes
    )


@checks.register(checks.Tags.security)
def check_views_declare_permissions(app_configs=None, **kwargs) -> list[checks.Error]:
    errors = []
    reported = set()
    for endpoint in api_endpoints():
        view = endpoint.view_class
        if view in reported or not uses_role_permissions(view):
            continue
        if getattr(view, "required_permissions", None) is None and not has_model_queryset(view):
            reported.add(view)
            errors.append(
                checks.Error(
                    f"{view.__module__}.{view.__qualname__} ({endpoint.path}) declares no permissions: "
                    "it has neither a model queryset nor required_permissions, so every request is refused.",
                    hint="Add required_permissions = [...] (or a queryset), or set permission_classes explicitly.",
                    obj=view,
                    id="fotostudio.E101",
                )
            )
    return errors
