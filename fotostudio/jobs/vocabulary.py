"""The names of a job's fields outside Python (JSON keys, query parameters)."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Job

JOB = Vocabulary(
    Job,
    {
        "id": "id",
        "kind": "tipo",
        "title": "titulo",
        "status": "estado",
        "done": "hechos",
        "total": "total",
        "percentage": "porcentaje",
        "message": "mensaje",
        "result": "resultado",
        "error": "error",
        "started_by": "iniciado_por",
        "created_at": "creado_en",
        "started_at": "iniciado_en",
        "finished_at": "terminado_en",
    },
    extra=["percentage"],
)
