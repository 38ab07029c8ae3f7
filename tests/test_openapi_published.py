"""``static_docs/openapi/<vertical>.yaml`` are the published contracts: they must match what the code serves."""

from django.core.management import call_command

from fotostudio.core.management.commands.openapi import PUBLISHED_DIR, document_names


def test_every_published_openapi_document_matches_the_generated_one(db):
    call_command("openapi", check=True)
    assert sorted(path.stem for path in PUBLISHED_DIR.glob("*.yaml")) == sorted(document_names())
