"""Background work of the inventory: big material imports and the low-stock alerts."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import JobError, per_tenant_periodic, tenant_job

from .importing import IMPORT_JOB, ImportRefused, materials_import
from .services import LOW_STOCK_JOB, low_stock_alerts_sync


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


@per_tenant_periodic(cron="30 6 * * *", title=gettext_lazy("Alertas de stock bajo"))
@tenant_job(LOW_STOCK_JOB, label=gettext_lazy("Alertas de stock bajo"), unique=True)
def inventory_low_stock_alerts(job, *, timestamp: int = 0) -> dict:
    """After an import and every morning (06:30 UTC): one open «stock bajo» alert per material under its minimum."""
    job.progress(0, None, _("Revisando las existencias de los materiales."))
    return low_stock_alerts_sync()
