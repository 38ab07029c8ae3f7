"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

from decimal import Decimal

import factory

from modules.clients.tests.factories import ClientFactory
from modules.orders.models import Order, OrderLine, Payment, ServiceType
from tests.factories import registered

_numbers = iter(range(1, 10**9))


@registered
class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"servicio-{n}")
    name = factory.Sequence(lambda n: f"Servicio {n}")


@registered
class OrderFactory(factory.django.DjangoModelFactory):
    """An order written directly (no service): numbered ``TEST-…`` so it never takes the business's numbers."""

    class Meta:
        model = Order

    number = factory.LazyFunction(lambda: f"TEST-{next(_numbers):08d}")
    client = factory.SubFactory(ClientFactory)
    service_type = factory.LazyFunction(
        lambda: ServiceType.objects.get_or_create(code="impresion", defaults={"name": "Impresión"})[0]
    )


@registered
class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    description = factory.Sequence(lambda n: f"Impresión 20×30 n.º {n}")
    quantity = Decimal("1")
    unit_price = Decimal("10.00")
    tax_rate = Decimal("15.00")


@registered
class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    order = factory.SubFactory(OrderFactory)
    amount = Decimal("5.00")
    method = "efectivo"
