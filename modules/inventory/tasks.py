"""Background work of the inventory: big material imports."""

from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import JobError, tenant_job

from .importing import IMPORT_JOB, ImportRefused, materials_import


@tenant_job(IMPORT_JOB, label=gettext_lazy("Importación de materiales"), retry=1)
def inventory_import(job, *, path: str, file_format: str, reference: str = ""):
    """One atomic import (a retry starts again from the stored file); the file is removed once it is done."""
    from fotostudio.documents.storage import private_storage

    storage = private_storage()
    if not storage.exists(path):
        raise JobError(gettext_lazy("El archivo de la importación ya no está: súbalo otra vez."))
    try:
        with storage.open(path, "rb") as stream:
            summary = materials_import(
                stream=stream,
                file_format=file_format,
                acting_user=job.started_by,
                reference=reference,
                progress=job.progress,
            )
    except ImportRefused as refused:
        storage.delete(path)
        lines = [f"{p.line} · {p.column} · «{p.value}»: {p.reason}" for p in refused.problems[:20]]
        raise JobError("\n".join([str(refused.message), *lines])) from refused
    storage.delete(path)
    return summary.as_json()
