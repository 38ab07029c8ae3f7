"""``Content-Security-Policy`` and ``Permissions-Policy`` on every response.

The policies are settings (``CONTENT_SECURITY_POLICIES``, ``PERMISSIONS_POLICY``) so that a
deployment can tighten them; ``fotostudio/settings/base.py`` explains each one. A response
that already carries a header (a view that needs another policy) keeps it.
"""

from __future__ import annotations

from django.conf import settings

CSP_HEADER = "Content-Security-Policy"
PERMISSIONS_HEADER = "Permissions-Policy"


def policy_for(path: str) -> str:
    """The policy of the first ``(prefix, policy)`` in ``CONTENT_SECURITY_POLICIES`` whose prefix
    starts ``path`` ("" matches every path)."""
    for prefix, policy in settings.CONTENT_SECURITY_POLICIES:
        if path.startswith(prefix):
            return policy
    return ""


class SecurityHeadersMiddleware:
    """First in ``MIDDLEWARE``: static files, redirects and error pages get the headers too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = policy_for(request.path_info)
        if policy:
            response.setdefault(CSP_HEADER, policy)
        if settings.PERMISSIONS_POLICY:
            response.setdefault(PERMISSIONS_HEADER, settings.PERMISSIONS_POLICY)
        return response
