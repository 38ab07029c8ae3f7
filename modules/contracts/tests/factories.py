"""Rows for this module's tests; registered, so the generated endpoint tests can make them too."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from modules.clients.tests.factories import SchoolFactory
from modules.contracts.models import Contract, ContractOrder, ContractPackage, ContractStatus, RosterStudent
from modules.orders.tests.factories import OrderFactory
from tests.factories import registered


@registered
class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    number = factory.Sequence(lambda n: f"CON-T-{n:05d}")
    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Fotografía escolar {n}")
    academic_year = "2026-2027"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=300))
    status = ContractStatus.ACTIVE
    commission_rate = Decimal("10.00")
    expected_students = 120
    deposit = Decimal("100.00")


@registered
class ContractPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractPackage

    contract = factory.SubFactory(ContractFactory)
    name = factory.Sequence(lambda n: f"Paquete {n}")
    contents = "2 fotos 13×18"
    unit_price = Decimal("12.00")


@registered
class RosterStudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterStudent

    contract = factory.SubFactory(ContractFactory)
    student_name = factory.Sequence(lambda n: f"Estudiante de Prueba {n}")
    grade = "7.º EGB"
    section = "A"
    guardian_name = "Lucía Pérez"
    phone = "0991234567"
    email = factory.Sequence(lambda n: f"representante{n}@example.com")


@registered
class ContractOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractOrder

    contract = factory.SubFactory(ContractFactory)
    order = factory.SubFactory(OrderFactory, client=factory.SelfAttribute("..contract.school"))
    student = factory.SubFactory(RosterStudentFactory, contract=factory.SelfAttribute("..contract"))
    package = None
