"""``fotostudio.admin.filters.DateRangeFilter``: dates as people type them, whole days in the business's time."""

from datetime import date, datetime

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from fotostudio.admin.filters import DateRangeFilter
from fotostudio.users.models import User


def date_filter(params: dict, field=None, field_path="date_joined") -> DateRangeFilter:
    field = field or User._meta.get_field(field_path)
    request = RequestFactory().get("/admin/users/user/", params)
    return DateRangeFilter(
        field, request, {key: [value] for key, value in params.items()}, User, admin.site._registry[User], field_path
    )


@pytest.fixture
def joined(make_user, tenant_a):
    """Users who joined at given local times in the business's time zone."""
    tz = timezone.get_fixed_timezone(-300)  # America/Guayaquil, no daylight saving

    def factory(*moments: tuple[int, int, int, int, int]) -> list[str]:
        names = []
        for moment in moments:
            user = make_user(tenant_a)
            User.objects.filter(pk=user.pk).update(date_joined=datetime(*moment, tzinfo=tz))
            names.append(user.username)
        return names

    with schema_context(tenant_a.schema_name), timezone.override("America/Guayaquil"):
        yield factory


def names(queryset) -> set[str]:
    return set(queryset.values_list("username", flat=True))


def test_the_last_day_counts_whole_in_the_business_time_zone(joined):
    before, first, last, after = joined(
        (2026, 1, 31, 23, 59), (2026, 2, 1, 0, 0), (2026, 2, 28, 23, 30), (2026, 3, 1, 0, 1)
    )
    with translation.override("es"):
        result = date_filter({"date_joined_from": "01/02/2026", "date_joined_to": "28/02/2026"})
        assert names(result.queryset(None, User.objects.all())) == {first, last}
    assert before and after


def test_dates_follow_the_active_language(joined):
    [march_2] = joined((2026, 3, 2, 12, 0))
    for language, included in (("en", True), ("es", False)):  # 2 March in English, 3 February in Spanish
        with translation.override(language):
            result = date_filter({"date_joined_to": "03/02/2026"})
            assert (march_2 in names(result.queryset(None, User.objects.all()))) is included, language


def test_an_unreadable_date_is_ignored(joined):
    [someone] = joined((2026, 1, 10, 9, 0))
    with translation.override("es"):
        result = date_filter({"date_joined_from": "31/02/2026", "date_joined_to": "mañana"})
        assert someone in names(result.queryset(None, User.objects.all()))


def test_a_date_field_is_compared_as_it_is():
    class Recorder:
        def filter(self, **lookups):
            return lookups

    field = models.DateField("día")
    with translation.override("es"):
        result = date_filter({"day_from": "05/01/2026"}, field=field, field_path="day")
        assert result.queryset(None, Recorder()) == {"day__gte": date(2026, 1, 5)}
