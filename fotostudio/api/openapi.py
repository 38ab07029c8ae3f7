"""The API's schema class (``DEFAULT_SCHEMA_CLASS``).

Apart from ``fotostudio.api.schema``: DRF imports it while drf-spectacular's views are
being defined, so it must not import them.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_override


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's, publishing only the texts written for the API's readers.

    A view's or a serializer's docstring is for developers (English, about the code): without
    an ``extend_schema(description=…)`` an operation has no description, and without
    ``extend_schema_serializer(description=…)`` a component has none.
    """

    def get_description(self):
        return ""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if not get_override(serializer, "description"):
            schema.pop("description", None)
        return schema
