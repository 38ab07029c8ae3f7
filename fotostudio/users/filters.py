from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import ApiFilterSet

from .models import Role, User
from .vocabulary import PERMISSION, USER


class UserFilter(ApiFilterSet):
    """``?es_activo=``, ``?rol=``, ``?search=`` (username, e-mail, name, phone) and ``?ordering=``."""

    rol = filters.ChoiceFilter(field_name="groups__name", choices=Role.choices, label=_("Rol"))

    class Meta:
        model = User
        vocabulary = USER
        fields = {"is_active": ["exact"]}
        search = "search_text"
        ordering = ("username", "email", "full_name", "date_joined", "last_login")


class PermissionFilter(ApiFilterSet):
    class Meta:
        model = Permission
        vocabulary = PERMISSION
        fields = {}
        search = ("name", "codename")
        ordering = ("name", "codename")
