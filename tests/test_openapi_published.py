"""``static_docs/openapi.yaml`` is the published contract: it must match what the code serves."""

from pathlib import Path

from django.core.management import call_command
from django.utils import translation

PUBLISHED = Path(__file__).resolve().parent.parent / "static_docs" / "openapi.yaml"


def test_published_openapi_document_matches_the_generated_schema(tmp_path, db):
    generated = tmp_path / "openapi.yaml"
    with translation.override("es"):
        call_command("spectacular", file=str(generated), validate=True, fail_on_warn=True)

    assert generated.read_text() == PUBLISHED.read_text(), "run `make openapi` and commit static_docs/openapi.yaml"
