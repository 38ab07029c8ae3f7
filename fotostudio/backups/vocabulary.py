"""The names of a backup's fields outside Python (JSON keys)."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Backup

BACKUP = Vocabulary(
    Backup,
    {
        "id": "id",
        "kind": "tipo",
        "status": "estado",
        "file_name": "archivo",
        "size": "tamano",
        "sha256": "sha256",
        "duration_seconds": "duracion_segundos",
        "tables": "tablas",
        "error": "error",
        "started_by": "iniciado_por",
        "job_id": "trabajo",
        "created_at": "creado_en",
        "finished_at": "terminado_en",
    },
    extra=["file_name", "duration_seconds"],
)
