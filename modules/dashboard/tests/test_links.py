"""Every figure of the admin's first page links to the list behind it, and that list shows exactly the rows the
figure counts: for a business with data in every section, each figure marked ``data-kpi`` (cards and table
cells) is followed with the admin client, and the changelist's result count must be the figure's rows
(``data-kpi-rows``: the figure itself when it is a count; the rows a sum or an average was computed from).
Every parameter of a link is one of the changelist's list filters, so the filter panel says why the list is
what it is. Over a custom period, this month and this year."""

import html
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from fotostudio.users.roles import Role
from modules.agenda.models import AppointmentStatus
from modules.agenda.tests.factories import AppointmentFactory
from modules.contracts.models import ContractStatus
from modules.contracts.selectors import contract_alert_days
from modules.contracts.tests.factories import ContractFactory
from modules.inventory.models import Material
from modules.inventory.tests.factories import MaterialFactory
from modules.orders.models import OrderStatus
from modules.orders.tests.factories import OrderFactory
from modules.production.tests.factories import moulding_with_stock, production_order_factory
from modules.production.tests.test_services import register_frame
from modules.products.models import ProductStatus
from modules.products.tests.factories import ProductFactory

from .conftest import PERIOD

pytestmark = pytest.mark.django_db(transaction=False)

FIGURE = re.compile(r"<(?:span|a)\s([^>]*\bdata-kpi=\"[^\"]*\"[^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def figures(content: str) -> dict[str, dict[str, str]]:
    """``{key: {"link", "rows"}}`` of every element of the page marked ``data-kpi``."""
    found = {}
    for match in FIGURE.finditer(content):
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(match.group(1))}
        key = attributes["data-kpi"]
        assert key not in found, f"two figures are {key}"
        found[key] = {"link": attributes.get("data-kpi-link"), "rows": attributes.get("data-kpi-rows")}
    return found


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def business(studio):
    """The orders and clients of ``studio`` (March–April 2026), and today's data in every other section."""
    today = timezone.localdate()
    with schema_context(studio.schema_name):
        # orders of this month: one in progress and overdue, one cancelled, one delivered today
        first = today.replace(day=1)
        OrderFactory(order_date=first, status=OrderStatus.IN_PROGRESS, promised_date=first)
        OrderFactory(order_date=today, status=OrderStatus.CANCELLED, total=Decimal("30.00"))
        OrderFactory(order_date=today, status=OrderStatus.DELIVERED, delivered_at=timezone.now())
        OrderFactory(client__name="Eva", order_date=today, status=OrderStatus.CANCELLED)  # only a cancelled order
        # production: two orders completed today (with their material), one planned
        moulding = moulding_with_stock(metres="20", cost="2.00", minimum_stock="30")  # under its minimum
        register_frame(production_order_factory(), moulding)
        register_frame(production_order_factory(), moulding)
        production_order_factory()
        # stock: minimum 10 each, one out of stock, one at its minimum, one above; one inactive
        for quantity in ("0", "10", "100"):
            Material.objects.filter(pk=MaterialFactory().pk).update(quantity_on_hand=Decimal(quantity))
        Material.objects.filter(pk=MaterialFactory(is_active=False).pk).update(quantity_on_hand=0)
        # agenda: two today (and one cancelled), one tomorrow
        tomorrow = today + timedelta(days=1)
        AppointmentFactory(starts_at=_local(today, 10), ends_at=_local(today, 11))
        AppointmentFactory(starts_at=_local(today, 15), ends_at=_local(today, 16))
        AppointmentFactory(starts_at=_local(today, 17), ends_at=_local(today, 18), status=AppointmentStatus.CANCELLED)
        AppointmentFactory(starts_at=_local(tomorrow, 10), ends_at=_local(tomorrow, 11))
        # contracts: expiring today and at the alert's last day, in force, expired, a draft
        days = contract_alert_days()
        ContractFactory(end_date=today)
        ContractFactory(end_date=today + timedelta(days=days))
        ContractFactory(end_date=today + timedelta(days=days + 1))
        ContractFactory(end_date=today - timedelta(days=1))
        ContractFactory(status=ContractStatus.DRAFT, end_date=today)
        # finished products: on sale, in production, sold this month and last year
        ProductFactory()
        ProductFactory(status=ProductStatus.IN_PRODUCTION)
        ProductFactory(status=ProductStatus.SOLD, sold_at=timezone.now(), sold_price=Decimal("40.00"))
        ProductFactory(
            status=ProductStatus.SOLD, sold_at=timezone.now() - timedelta(days=400), sold_price=Decimal("40.00")
        )
    return studio


#: The platform's team section (users with a role): its figure has no list yet.
NOT_A_BUSINESS_LIST = {"users-active"}


@pytest.fixture
def manager(tenant_a, make_user, admin_client_for):
    return admin_client_for(tenant_a, make_user(tenant_a, Role.MANAGER))


def _this_year() -> dict:
    today = timezone.localdate()
    return {"desde": today.replace(month=1, day=1).isoformat(), "hasta": today.isoformat()}


@pytest.mark.parametrize("period", [PERIOD, {}, _this_year()], ids=["custom", "this-month", "this-year"])
def test_every_figure_links_to_exactly_its_rows(manager, business, period):
    page = manager.get("/admin/", period)
    assert page.status_code == 200
    found = figures(page.content.decode())
    sections = {section["key"] for section in page.context["dashboard_sections"]}
    assert {"orders", "clients", "production", "inventory", "agenda", "contracts", "products"} <= sections
    assert len(found) >= 20
    wrong = {}  # figure: what is wrong with its link
    for key, figure in found.items():
        if key in NOT_A_BUSINESS_LIST:
            continue
        if not figure["link"] or figure["rows"] is None:
            wrong[key] = ("no link" if not figure["link"] else "no rows", figure["link"])
            continue
        response = manager.get(figure["link"])
        if response.status_code != 200:  # an unknown parameter is a redirect (?e=1)
            wrong[key] = (response.status_code, figure["link"])
            continue
        if "cl" not in response.context:
            wrong[key] = ("not a list", figure["link"])
            continue
        changelist = response.context["cl"]
        # every parameter is one of the list's filters (shown in its panel), none a hidden lookup
        shown = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
        asked = set(parse_qs(urlsplit(figure["link"]).query))
        hidden = asked - shown
        # and the panel names each filter in use, so the user sees why the list is what it is
        content = response.content.decode().lower()
        for spec in changelist.filter_specs:
            if asked & set(spec.expected_parameters()) and html.escape(str(spec.title)).lower() not in content:
                hidden.add(f"the panel does not show «{spec.title}»")
        if hidden or changelist.result_count != int(figure["rows"]):
            wrong[key] = (f"figure {figure['rows']}, list {changelist.result_count}", figure["link"], hidden or "")
    assert not wrong, "\n".join(f"{key}: {problem}" for key, problem in wrong.items())


def test_each_role_opens_every_link_it_is_shown(tenant_a, business, make_user, admin_client_for):
    from fotostudio.core.registry import get_module

    for role in get_module("orders").roles:
        client = admin_client_for(tenant_a, make_user(tenant_a, role))
        for key, figure in figures(client.get("/admin/", PERIOD).content.decode()).items():
            if figure["link"]:
                assert client.get(figure["link"]).status_code == 200, (role, key, figure["link"])
