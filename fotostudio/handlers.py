"""Django's error handlers, in every URL configuration (``fotostudio.urls``), and the CSRF failure view.

Under ``/api/`` they answer JSON in the common shape (never an HTML page from the API);
under ``/admin/`` the admin's own Spanish 403 and 404 pages; elsewhere Django's pages.
``DEBUG = True`` bypasses ``handler404`` and ``handler500``: the middleware of
``fotostudio.api.middleware`` and ``fotostudio.admin.errors`` cover that case.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views import csrf, defaults

from fotostudio.admin.errors import admin_error_page, is_admin_path
from fotostudio.api.exceptions import api_error_response, is_api_path


def _admin_page(request) -> bool:
    """A page of a business's (or the platform's) admin: not a host no business answers to."""
    return is_admin_path(request.path_info) and getattr(request, "tenant", None) is not None


def bad_request(request, exception):
    """``handler400`` (a body over the upload limits, a host name no site serves)."""
    if is_api_path(request.path_info):
        return api_error_response(400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    """``handler403``."""
    if is_api_path(request.path_info):
        return api_error_response(403)
    if _admin_page(request):
        return admin_error_page(request, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    """``handler404``."""
    if is_api_path(request.path_info):
        return api_error_response(404)
    if _admin_page(request):
        return admin_error_page(request, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """``handler500``: JSON under ``/api/``; elsewhere Django's plain page (the admin's layout needs
    the database, which may be what failed)."""
    if is_api_path(request.path_info):
        return api_error_response(500)
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent with a stale or missing token (a page left open after signing
    out, cookies blocked). In the admin, its 403 page says what to do."""
    if _admin_page(request):
        return admin_error_page(
            request,
            403,
            _(
                "El formulario caducó o su navegador no envió la cookie de seguridad. "
                "Vuelva a cargar la página e inténtelo de nuevo."
            ),
        )
    return csrf.csrf_failure(request, reason)
