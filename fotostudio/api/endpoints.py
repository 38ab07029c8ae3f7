"""Every API endpoint the project serves, in every vertical: for checks, tests and tools."""

from __future__ import annotations

from dataclasses import dataclass

from drf_spectacular.generators import EndpointEnumerator


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    view_class: type
    action: str | None  # a viewset's action ("list", "retrieve", …), None for a plain view


def api_endpoints(business_type: str | None = None) -> list[Endpoint]:
    """Each ``(path, method)`` under ``/api/v1/`` once: of one vertical (a ``BusinessType`` value: what a
    business of that type can reach), or over the platform host and every vertical."""
    from fotostudio.urls import urlconf_for_business_type, urlconf_for_platform
    from tenants.choices import BusinessType

    if business_type is not None:
        urlconfs = [urlconf_for_business_type(business_type)]
    else:
        urlconfs = [urlconf_for_platform(), *(urlconf_for_business_type(value) for value in BusinessType.values)]
    seen: dict[tuple[str, str, type], Endpoint] = {}
    for urlconf in urlconfs:
        for path, _regex, method, callback in EndpointEnumerator(urlconf=urlconf).get_api_endpoints():
            if not path.startswith("/api/v1/"):
                continue
            view_class = callback.cls
            actions = getattr(callback, "actions", None) or {}
            key = (path, method, view_class)
            seen.setdefault(key, Endpoint(path, method, view_class, actions.get(method.lower())))
    return sorted(seen.values(), key=lambda endpoint: (endpoint.path, endpoint.method))


def endpoint_model(endpoint: Endpoint, user=None):
    """The model an operation works on, as its view's queryset says (``None`` for a view without one).

    The view is built as DRF would for a GET by ``user`` (anonymous by default) on the operation's path.
    """
    from django.contrib.auth.models import AnonymousUser
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    if not hasattr(endpoint.view_class, "get_queryset"):
        return None
    view = endpoint.view_class()
    view.action, view.kwargs, view.format_kwarg = endpoint.action, {}, None
    view.request = Request(APIRequestFactory().get(endpoint.path))
    view.request.user = user if user is not None else AnonymousUser()
    try:
        return view.get_queryset().model
    except AssertionError:  # a generic view that declares no queryset
        return None
