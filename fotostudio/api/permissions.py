"""Permissions from roles; a view that declares nothing is refused."""

from __future__ import annotations

from rest_framework.permissions import DjangoModelPermissions


def declared_permissions(view) -> list[str] | None:
    """The permissions a view states with ``required_permissions`` for the request's method: a list
    (every method) or a dict by HTTP method. ``None`` when it states none for this method (refused)."""
    required = getattr(view, "required_permissions", None)
    if required is None:
        return None
    if isinstance(required, dict):
        method = view.request.method if getattr(view, "request", None) else "GET"
        return required.get(method, required.get("HEAD") if method == "HEAD" else None)
    return list(required)


def has_model_queryset(view_class) -> bool:
    """Whether a view names its model: a ``queryset`` or its own ``get_queryset``."""
    from rest_framework.generics import GenericAPIView  # DRF's views import this module through its settings

    if getattr(view_class, "queryset", None) is not None:
        return True
    get_queryset = getattr(view_class, "get_queryset", None)
    return get_queryset is not None and get_queryset is not GenericAPIView.get_queryset


class RoleModelPermissions(DjangoModelPermissions):
    """Model permissions from the user's roles, reads included: no ``view_*``, no list.

    A view without a model (workflow steps, metrics, reports) states what it needs in
    ``required_permissions`` (a list, or a dict by HTTP method). A view that states
    neither is refused (403), and ``manage.py check`` names it (``fotostudio.api.checks``).
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if getattr(view, "required_permissions", None) is not None:
            required = declared_permissions(view)
            return required is not None and request.user.has_perms(required)
        if not has_model_queryset(type(view)):
            return False
        return super().has_permission(request, view)
