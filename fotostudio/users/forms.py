from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from .models import User


class UserAdminCreationForm(UserCreationForm):
    roles = forms.ModelMultipleChoiceField(queryset=Group.objects.order_by("name"), required=False, label=_("Roles"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "full_name", "phone")


class UserAdminChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


__all__ = ["AdminPasswordChangeForm", "UserAdminChangeForm", "UserAdminCreationForm"]
