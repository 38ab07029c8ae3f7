"""``manage.py openapi``: write the published OpenAPI documents, one per vertical and one for the platform host.

``make openapi`` runs it; ``--check`` only compares (a test does too) and fails when a
published file is stale. Documents are generated in Spanish, validated, and any
drf-spectacular warning is an error.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.settings import patched_settings
from drf_spectacular.validation import validate_schema

from fotostudio.api.schema import document_settings
from fotostudio.core.links import documenting
from fotostudio.urls import urlconf_for_business_type, urlconf_for_platform
from tenants.choices import BusinessType

PUBLISHED_DIR = Path(settings.BASE_DIR) / "static_docs" / "openapi"
PLATFORM = "platform"


def document_names() -> list[str]:
    return [*BusinessType.values, PLATFORM]


def render_document(name: str) -> bytes:
    """The YAML document of one vertical (a ``BusinessType`` value) or of the platform host."""
    urlconf = urlconf_for_platform() if name == PLATFORM else urlconf_for_business_type(name)
    GENERATOR_STATS.reset()
    business_type = None if name == PLATFORM else name
    # documenting(): keys of linked records (``cliente``, ``lote``…) as every business of the type has them
    with translation.override("es"), patched_settings(document_settings(business_type)), documenting(business_type):
        schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    if GENERATOR_STATS:
        GENERATOR_STATS.emit_summary()
        raise CommandError(f"drf-spectacular warned while documenting {name}: fix the warnings above.")
    validate_schema(schema)
    return OpenApiYamlRenderer().render(schema, renderer_context={})


class Command(BaseCommand):
    help = "Escribe los documentos OpenAPI publicados (static_docs/openapi/<vertical>.yaml)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Solo comprobar que están al día.")

    def handle(self, *args, check: bool = False, **options):
        stale = []
        PUBLISHED_DIR.mkdir(parents=True, exist_ok=True)
        for name in document_names():
            path = PUBLISHED_DIR / f"{name}.yaml"
            content = render_document(name)
            if check:
                if not path.exists() or path.read_bytes() != content:
                    stale.append(path.name)
                continue
            path.write_bytes(content)
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}")
        if stale:
            raise CommandError(f"Stale OpenAPI documents: {', '.join(stale)}. Run `make openapi` and commit them.")
