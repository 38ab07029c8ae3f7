"""``fotostudio.api.filters.StableOrderingFilter``: ties in the chosen order never reshuffle pages."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_tenants.utils import schema_context

from fotostudio.api.filters import StableOrderingFilter
from fotostudio.core.models import sort_key
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
    first, text, last = ordering_of({"ordering": "-es_activo,usuario"})
    assert (first, last) == ("-is_active", "id")
    assert text == sort_key("username").asc()  # text sorts as people read it


def test_text_sorts_without_regard_to_accents_or_case(tenant_a, make_user):
    for username in ("zoe", "Álvaro", "beto", "Ñusta", "nadia"):
        make_user(tenant_a, username=username)
    with schema_context(tenant_a.schema_name):
        filterset = StaffFilter(
            {"ordering": "usuario"},
            queryset=User.objects.filter(username__in=["zoe", "Álvaro", "beto", "Ñusta", "nadia"]),
        )
        assert [user.username for user in filterset.qs] == ["Álvaro", "beto", "nadia", "Ñusta", "zoe"]


def test_without_a_choice_the_queryset_keeps_its_own_order():
    assert ordering_of({}) == ("username",)


def test_ordering_labels_follow_the_language_of_each_request():
    labelled = StableOrderingFilter(fields=(("username", "usuario"),), field_labels={"username": _("usuario")})
    choices = labelled.extra["choices"]

    with translation.override("es"):
        assert [str(label) for _value, label in choices] == ["usuario", "usuario (descendente)"]
    with translation.override("en"):
        assert [str(label) for _value, label in choices] == ["user", "user (descending)"]
