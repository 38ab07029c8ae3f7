"""Users for the generated endpoint tests: made by the service, as staff would be."""

import itertools

from django.contrib.auth.models import Permission

from conftest import TEST_PASSWORD
from fotostudio.users.models import User
from fotostudio.users.services import user_create
from tests.factories import register_factory

_numbers = itertools.count(1)


def make_user_row() -> User:
    number = next(_numbers)
    return user_create(username=f"fabricado{number}", email=f"fabricado{number}@example.com", password=TEST_PASSWORD)


register_factory(User, make_user_row)
# Permissions are a catalogue the migrations fill: an endpoint that needs one gets an existing one.
register_factory(Permission, lambda: Permission.objects.order_by("pk").first())
