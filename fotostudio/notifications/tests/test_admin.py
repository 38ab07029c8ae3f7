"""Each user's notifications in the admin, and the bell's count."""

from django_tenants.utils import schema_context

from fotostudio.notifications.models import Notification, NotificationRead

LIST = "/admin/notifications/notification/"
COUNT = f"{LIST}no-leidas/"


def test_the_bell_is_in_the_header_and_counts_the_unread(admin_client_for, tenant_agro, worker_agro, notification_in):
    notification_in(tenant_agro, recipient=worker_agro)
    notification_in(tenant_agro, recipient=worker_agro)
    notification_in(tenant_agro)  # someone else's
    browser = admin_client_for(tenant_agro, worker_agro)
    html = browser.get("/admin/").content.decode()
    assert 'data-testid="notifications-bell"' in html and COUNT in html
    assert browser.get(COUNT).json() == {"no_leidas": 2, "intervalo": 30}


def test_the_list_shows_only_my_notifications_and_marks_them_read(
    admin_client_for, tenant_agro, worker_agro, admin_agro, notification_in
):
    mine = notification_in(tenant_agro, recipient=worker_agro, title="Para mí")
    theirs = notification_in(tenant_agro, recipient=admin_agro, title="Para otro")
    browser = admin_client_for(tenant_agro, worker_agro)
    html = browser.get(LIST).content.decode()
    assert "Para mí" in html and "Para otro" not in html
    assert browser.get(f"{LIST}{theirs.pk}/change/").status_code == 404
    page = browser.get(f"{LIST}{mine.pk}/change/").content.decode()
    assert "marcar-leida" in page
    assert browser.post(f"{LIST}{mine.pk}/marcar-leida/").status_code == 302
    assert browser.post(f"{LIST}{theirs.pk}/marcar-leida/").status_code == 404
    with schema_context(tenant_agro.schema_name):
        assert Notification.objects.get(pk=mine.pk).is_read
        assert NotificationRead.objects.filter(notification=mine).count() == 1
    assert browser.get(COUNT).json()["no_leidas"] == 0


def test_mark_all_read_and_the_action(admin_client_for, tenant_agro, worker_agro, notification_in):
    first = notification_in(tenant_agro, recipient=worker_agro)
    notification_in(tenant_agro, recipient=worker_agro)
    notification_in(tenant_agro, recipient=worker_agro)
    browser = admin_client_for(tenant_agro, worker_agro)
    browser.post(LIST, {"action": "mark_selected_read", "_selected_action": [str(first.pk)]})
    assert browser.get(COUNT).json()["no_leidas"] == 2
    assert browser.post(f"{LIST}marcar-todas-leidas/").status_code == 302
    assert browser.get(COUNT).json()["no_leidas"] == 0


def test_the_list_runs_fixed_queries(admin_client_for, tenant_agro, worker_agro, django_assert_max_num_queries):
    from fotostudio.notifications.tests.factories import NotificationFactory

    with schema_context(tenant_agro.schema_name):
        NotificationFactory.create_batch(30, recipient=worker_agro)
    browser = admin_client_for(tenant_agro, worker_agro)
    browser.get(LIST)
    # session, user, permissions, COUNT, the page (alert and kind of record joined), the filters' state
    with django_assert_max_num_queries(9):
        response = browser.get(LIST)
    assert len(response.context["cl"].result_list) == 25
    # The bell's poll: session, user, its own and its roles' permissions, the preferences, the COUNT.
    with django_assert_max_num_queries(7):
        assert browser.get(COUNT).json()["no_leidas"] == 30
