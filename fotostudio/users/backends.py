from django.contrib.auth.backends import ModelBackend

from .models import User
from .selectors import user_for_alias


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the username or the e-mail address, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = user_for_alias(username)
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
