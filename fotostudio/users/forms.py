from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from unfold.forms import AdminPasswordChangeForm, AuthenticationForm, UserChangeForm, UserCreationForm

from fotostudio.audit.models import AccessChannel, AccessResult
from fotostudio.audit.services import access_log_record
from fotostudio.core.errors import ApplicationError

from .models import User
from .services import UserErrorCode, user_sign_in


class AdminLoginForm(AuthenticationForm):
    """The admin's sign-in form: the API's limiter and access log (``user_sign_in``), refusals on the form."""

    @sensitive_variables()
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or password is None:  # a field refused it: empty, too long, a NUL byte
            access_log_record(
                request=self.request,
                result=AccessResult.LOGIN_FAILED,
                username=self.data.get("username", ""),
                channel=AccessChannel.ADMIN,
            )
            return self.cleaned_data
        try:
            self.user_cache = user_sign_in(
                request=self.request, username=username, password=password, channel=AccessChannel.ADMIN
            )
        except ApplicationError as error:
            if error.code == UserErrorCode.INVALID_CREDENTIALS:
                raise self.get_invalid_login_error() from error
            raise ValidationError(str(error.message), code=error.code) from error
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class UserAdminCreationForm(UserCreationForm):
    roles = forms.ModelMultipleChoiceField(queryset=Group.objects.order_by("name"), required=False, label=_("Roles"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "full_name", "phone")


class UserAdminChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


__all__ = ["AdminLoginForm", "AdminPasswordChangeForm", "UserAdminChangeForm", "UserAdminCreationForm"]
