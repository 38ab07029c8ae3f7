"""The admin's 403 and 404 pages: in Spanish, inside the admin's layout (header, the signed-in
user's sidebar, a way back to the dashboard), with ``DEBUG`` on or off.

Django would show a bare English "403 Forbidden", and with ``DEBUG = True`` its technical
404 page (the URL patterns) instead of any handler. ``fotostudio.handlers`` uses
:func:`admin_error_page` for ``/admin/`` paths; :class:`AdminErrorPagesMiddleware` catches
what the admin's views raise before Django's debug pages can.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

ADMIN_PREFIX = "/admin/"

PAGES = {
    403: (
        _("No tiene permiso para ver esta página"),
        _(
            "Su usuario no tiene acceso a esta parte de la administración. Si la necesita para su trabajo, "
            "pida a un administrador del negocio que revise sus roles."
        ),
    ),
    404: (
        _("Página no encontrada"),
        _(
            "La página que busca no existe o ya no está disponible: puede que el registro se haya eliminado "
            "o que la dirección esté mal escrita."
        ),
    ),
    503: (
        _("Sistema en mantenimiento"),
        _("El sistema está en mantenimiento: por ahora solo se puede consultar. Vuelva a intentarlo más tarde."),
    ),
}


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIX)


def admin_error_page(request, status: int, message: str | None = None) -> HttpResponse:
    """The admin's page for ``status`` (403, 404 or 503); ``message`` replaces the standard explanation."""
    if not hasattr(request, "user"):  # a failure before the authentication middleware ran
        request.user = AnonymousUser()
    title, explanation = PAGES[status]
    context = {
        **admin.site.each_context(request),
        # signed out (a stale sign-in form): the sign-in page's layout, which needs no user menu
        "layout": "admin/base_site.html" if request.user.is_authenticated else "unfold/layouts/unauthenticated.html",
        "title": title,
        "status": status,
        "message": message or explanation,
    }
    return render(request, "admin/error_page.html", context, status=status)


class AdminErrorPagesMiddleware:
    """A view under ``/admin/`` that raises ``Http404`` or ``PermissionDenied`` answers the admin's page.

    Django's handlers are not enough: with ``DEBUG = True`` it answers ``Http404`` with its
    technical page without calling ``handler404``. Comes after the authentication and
    message middleware (the page shows the user's sidebar and pending messages).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_admin_path(request.path_info):
            return None
        if isinstance(exception, Http404):
            return admin_error_page(request, 404)
        if isinstance(exception, PermissionDenied):
            return admin_error_page(request, 403)
        return None
