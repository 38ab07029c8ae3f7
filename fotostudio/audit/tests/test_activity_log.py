"""The activity log: what an export row records, and its read-only admin for administrators and managers."""

import re

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django_tenants.utils import schema_context

from fotostudio.audit.models import ActivityAction, ActivityLog
from fotostudio.audit.services import MAX_FILTER_CHARS, MAX_FILTERS, activity_log_record
from fotostudio.users.models import User
from fotostudio.users.roles import Role

LIST = "/admin/audit/activitylog/"


def _request(user, **meta):
    request = RequestFactory().get("/", **meta)
    request.user = user
    return request


def test_a_row_records_who_what_how_much_and_from_where(tenant_a, make_user):
    user = make_user(tenant_a, Role.ACCOUNTING, username="contable")
    request = _request(user, REMOTE_ADDR="192.0.2.9")
    request.request_id = "abc123"
    with schema_context("alpha"):
        log = activity_log_record(
            request=request,
            action=ActivityAction.EXPORT,
            model=User,
            row_count=12,
            filters=QueryDict("q=perez&tipo=particular&tipo=colegio"),
            file_format="csv",
        )
        assert (log.user, log.username, log.model, log.row_count) == (user, "contable", "users.user", 12)
        assert log.filters == {"q": "perez", "tipo": ["particular", "colegio"]}
        assert (log.ip_address, log.request_id, log.file_format) == ("192.0.2.9", "abc123", "csv")
        assert str(log) == "Exportación · users.user · contable"


def test_the_filters_kept_are_bounded(tenant_a, make_user):
    user = make_user(tenant_a, Role.ADMINISTRATOR)
    query = QueryDict(mutable=True)
    for number in range(MAX_FILTERS + 10):
        query[f"f{number}"] = "x" * (MAX_FILTER_CHARS + 50)
    with schema_context("alpha"):
        log = activity_log_record(request=_request(user), action=ActivityAction.EXPORT, model=User, filters=query)
    assert len(log.filters) == MAX_FILTERS
    assert {len(value) for value in log.filters.values()} == {MAX_FILTER_CHARS}
    assert log.request_id == ""


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.MANAGER])
def test_administrators_and_managers_read_the_log_and_nobody_writes_it(role, tenant_a, make_user, admin_client_for):
    exporter = make_user(tenant_a, Role.SALES, username="vendedora")
    with schema_context("alpha"):
        log = activity_log_record(
            request=_request(exporter),
            action=ActivityAction.EXPORT,
            model=User,
            row_count=37,
            filters=QueryDict("ciudad=Quito"),
        )
    browser = admin_client_for(tenant_a, make_user(tenant_a, role))
    listing = browser.get(LIST)
    assert listing.status_code == 200
    content = listing.content.decode()
    assert re.search(r"field-data_name[^>]*>\s*Usuarios\s*<", content)  # the list's name, not users.user
    assert re.search(r"field-row_count[^>]*>\s*37\s*<", content) and "vendedora" in content
    assert "&quot;ciudad&quot;: &quot;Quito&quot;" in content
    assert "Actividad" in content  # the sidebar item
    assert browser.get(LIST, {"action__exact": "export", "q": "vende"}).status_code == 200
    detail = browser.get(f"{LIST}{log.pk}/change/")
    assert detail.status_code == 200
    assert browser.post(f"{LIST}{log.pk}/change/", {"username": "x"}).status_code == 403
    assert browser.get(f"{LIST}add/").status_code == 403
    assert browser.get(f"{LIST}{log.pk}/delete/").status_code == 403
    with schema_context("alpha"):
        assert ActivityLog.objects.get().username == "vendedora"


def test_even_the_tenants_superuser_cannot_change_the_log(tenant_a, make_user, admin_client_for):
    owner = make_user(tenant_a, Role.ADMINISTRATOR, is_superuser=True)
    with schema_context("alpha"):
        log = activity_log_record(request=_request(owner), action=ActivityAction.EXPORT, model=User)
    browser = admin_client_for(tenant_a, owner)
    assert browser.get(f"{LIST}{log.pk}/delete/").status_code == 403
    assert browser.post(f"{LIST}{log.pk}/change/", {"username": "x"}).status_code == 403


@pytest.mark.parametrize("role", [Role.SALES, Role.ACCOUNTING, Role.READ_ONLY])
def test_other_roles_do_not_see_the_log(role, tenant_a, make_user, admin_client_for):
    assert admin_client_for(tenant_a, make_user(tenant_a, role)).get(LIST).status_code == 403


def test_a_log_of_a_model_that_no_longer_exists_shows_its_label(tenant_a, make_user, admin_client_for):
    administrator = make_user(tenant_a, Role.ADMINISTRATOR)
    with schema_context("alpha"):
        ActivityLog.objects.create(action=ActivityAction.EXPORT, model="gone.thing", username="x")
    content = admin_client_for(tenant_a, administrator).get(LIST).content.decode()
    assert re.search(r"field-data_name[^>]*>\s*gone.thing\s*<", content)
