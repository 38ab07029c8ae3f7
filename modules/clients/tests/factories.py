"""Factories for clients with valid, unique documents (rows are written directly, not through services)."""

import factory

from modules.clients.models import Client, ClientType, Month, SchoolLevel


def valid_cedula(number: int, province: int = 17) -> str:
    """A cédula with a correct check digit, unique for each ``number`` below 10**6."""
    body = f"{province:02d}{number // 1_000_000 % 6}{number % 1_000_000:06d}"
    total = 0
    for index, char in enumerate(body):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return body + str((10 - total % 10) % 10)


def valid_company_ruc(number: int, province: int = 17) -> str:
    """A juridical RUC (third digit 9) with a correct check digit, unique for each ``number``."""
    while True:
        body = f"{province:02d}9{number % 1_000_000:06d}"
        check = (11 - sum(w * int(d) for w, d in zip((4, 3, 2, 7, 6, 5, 4, 3, 2), body, strict=True)) % 11) % 11
        if check != 10:
            return f"{body}{check}001"
        number += 500_000  # this body has no valid check digit; try another one far from the sequence


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
