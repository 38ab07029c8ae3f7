"""Factories for clients with valid, unique documents (rows are written directly, not through services)."""

import factory

from fotostudio.core.documents import make_cedula, make_company_ruc
from modules.clients.models import Client, ClientType, Month, SchoolLevel
from tests.factories import registered


def valid_cedula(number: int, province: int = 17) -> str:
    """A cédula with a correct check digit, unique for each ``number`` below 6,000,000."""
    return make_cedula(province=province, serial=number)


def valid_company_ruc(number: int, province: int = 17) -> str:
    """A juridical RUC with a correct check digit, unique for each ``number``."""
    return make_company_ruc(province=province, serial=number, step=500_001)


@registered
class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    client_type = ClientType.PRIVATE
    document_type = "cedula"
    document = factory.Sequence(lambda n: valid_cedula(n + 100))
    name = factory.Sequence(lambda n: f"Cliente de Prueba {n}")
    email = factory.Sequence(lambda n: f"cliente{n}@example.com")
    phone = "0991234567"
    address = "Av. Amazonas N24-03"
    city = "Quito"
    is_active = True


class SchoolFactory(ClientFactory):
    client_type = ClientType.SCHOOL
    document_type = "ruc"
    document = factory.Sequence(lambda n: valid_company_ruc(n + 100))
    name = factory.Sequence(lambda n: f"Unidad Educativa Prueba {n}")
    institution_code = factory.Sequence(lambda n: f"17H{n:05d}")
    contact_name = "Rosa Almeida"
    contact_role = "Rectora"
    levels = factory.LazyFunction(lambda: [SchoolLevel.MIDDLE, SchoolLevel.HIGH_SCHOOL])
    student_count = 850
    school_year_start_month = Month.SEPTEMBER
