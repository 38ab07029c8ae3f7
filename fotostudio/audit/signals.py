"""Admin (session) sign-outs go to the access log like the API's.

Sign-ins and failed sign-ins, at either door, are recorded by
``fotostudio.users.services.user_sign_in`` (the admin's login form calls it too).
This receiver only acts on requests routed to the admin site, so nothing is
logged twice and ``Client.force_login``/``logout`` in tests (no routed request)
log nothing.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .models import AccessChannel, AccessResult
from .services import access_log_record


def _is_admin_request(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.namespaces


@receiver(user_logged_out, dispatch_uid="audit.admin_logged_out")
def admin_logged_out(sender, request, user, **kwargs):
    if user is not None and _is_admin_request(request):
        access_log_record(request=request, result=AccessResult.LOGOUT, user=user, channel=AccessChannel.ADMIN)
