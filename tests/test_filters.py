"""``fotostudio.api.filters.StableOrderingFilter``: ties in the chosen order never reshuffle pages."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from fotostudio.api.filters import StableOrderingFilter
from fotostudio.users.models import User


class StaffFilter(filters.FilterSet):
    ordering = StableOrderingFilter(fields=(("is_active", "es_activo"), ("username", "usuario")))

    class Meta:
        model = User
        fields = ["ordering"]


def ordering_of(params) -> tuple[str, ...]:
    filterset = StaffFilter(params, queryset=User.objects.order_by("username"))
    assert filterset.is_valid(), filterset.errors
    return tuple(filterset.qs.query.order_by)


def test_id_is_the_last_key_of_any_chosen_ordering():
    assert ordering_of({"ordering": "es_activo"}) == ("is_active", "id")
    assert ordering_of({"ordering": "-es_activo,usuario"}) == ("-is_active", "username", "id")


def test_without_a_choice_the_queryset_keeps_its_own_order():
    assert ordering_of({}) == ("username",)


def test_ordering_labels_follow_the_language_of_each_request():
    labelled = StableOrderingFilter(fields=(("username", "usuario"),), field_labels={"username": _("usuario")})
    choices = labelled.extra["choices"]

    with translation.override("es"):
        assert [str(label) for _value, label in choices] == ["usuario", "usuario (descendente)"]
    with translation.override("en"):
        assert [str(label) for _value, label in choices] == ["user", "user (descending)"]
