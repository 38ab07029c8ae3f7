"""Admin (session) sign-ins, failures and sign-outs go to the access log like the API's.

The API's login view records its own rows (``fotostudio.users.api.views``); these
receivers only act on requests routed to the admin site, so nothing is logged
twice and ``Client.force_login`` in tests (no routed request) logs nothing.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AccessChannel, AccessResult
from .services import access_log_record


def _is_admin_request(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and "admin" in match.namespaces


@receiver(user_logged_in, dispatch_uid="audit.admin_logged_in")
def admin_logged_in(sender, request, user, **kwargs):
    if _is_admin_request(request):
        access_log_record(request=request, result=AccessResult.LOGIN, user=user, channel=AccessChannel.ADMIN)


@receiver(user_login_failed, dispatch_uid="audit.admin_login_failed")
def admin_login_failed(sender, credentials, request=None, **kwargs):
    if _is_admin_request(request):
        access_log_record(
            request=request,
            result=AccessResult.LOGIN_FAILED,
            username=str(credentials.get("username", "")),
            channel=AccessChannel.ADMIN,
        )


@receiver(user_logged_out, dispatch_uid="audit.admin_logged_out")
def admin_logged_out(sender, request, user, **kwargs):
    if user is not None and _is_admin_request(request):
        access_log_record(request=request, result=AccessResult.LOGOUT, user=user, channel=AccessChannel.ADMIN)
