from django import forms
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from unfold.forms import AdminPasswordChangeForm, AuthenticationForm, UserCreationForm
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget

from fotostudio.admin.base import ServiceModelForm
from fotostudio.audit.models import AccessChannel, AccessResult
from fotostudio.audit.services import access_log_record
from fotostudio.core.errors import ApplicationError

from .models import Role, User
from .selectors import role_group_list
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


class RolesField(forms.ModelMultipleChoiceField):
    """The business's roles as unfold's styled check boxes, in the roles' order and the user's language."""

    widget = UnfoldAdminCheckboxSelectMultipleWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Roles"))
        kwargs.setdefault("help_text", _("Cada rol da los permisos de un puesto de trabajo."))
        super().__init__(queryset=Group.objects.none(), required=False, **kwargs)

    def label_from_instance(self, group: Group) -> str:
        return str(Role(group.name).label) if group.name in Role.values else group.name


def _offer_roles(form: forms.BaseForm, name: str) -> None:
    """The roles of the request's business on ``form``'s roles field; no field where there are none (the platform)."""
    if name not in form.fields:
        return
    roles = role_group_list()
    if roles.exists():
        form.fields[name].queryset = roles
    else:
        del form.fields[name]


class UserAdminCreationForm(UserCreationForm):
    roles = RolesField()

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "full_name", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_roles(self, "roles")

    def _get_validation_exclusions(self):
        # The service compacts the phone before checking it: «(02) 245-6789» is not refused here.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("phone")
        return exclusions


class UserAdminChangeForm(ServiceModelForm):
    """A user's page: no password hash (the admin links to the change-password page), roles as check boxes.

    Roles are saved by ``user_update`` with the rest (``UserAdmin``), so its rules hold here too.
    """

    groups = RolesField()

    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_roles(self, "groups")


__all__ = ["AdminLoginForm", "AdminPasswordChangeForm", "UserAdminChangeForm", "UserAdminCreationForm"]
