"""Copies for the generated tests: a completed row with a small file (nothing dumped)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import connection

from fotostudio.backups.models import Backup, BackupKind, BackupStatus
from tests.factories import register_factory

CONTENT = b"PGDMP fake copy for the generated tests"


def backup_make(**fields) -> Backup:
    backup = Backup(
        kind=fields.pop("kind", BackupKind.MANUAL),
        status=BackupStatus.COMPLETED,
        schema_name=connection.schema_name,
        size=len(CONTENT),
        sha256=hashlib.sha256(CONTENT).hexdigest(),
        **fields,
    )
    backup.file.save(f"test-{backup.pk}.dump", ContentFile(CONTENT), save=False)
    backup.save()
    return backup


register_factory(Backup, backup_make)
