"""Background work of the reports: an export too big for a request, written to private storage; every night,
the export files older than ``REPORTS_EXPORT_RETENTION_DAYS`` (7) days are deleted."""

from datetime import timedelta

from django.core.files import File
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.jobs.decorators import JobError, per_tenant_periodic, tenant_job

from .exports import (
    EXPORT_JOB,
    EXPORTS_CLEANUP_JOB,
    FILE_FORMATS,
    export_retention_days,
    export_stored_name,
    exports_delete_old,
    report_file,
    report_filename,
    report_rows_count,
)
from .filters import report_kind, report_params
from .selectors import report_build


@tenant_job(EXPORT_JOB, label=gettext_lazy("Exportación de informe"), retry=1)
def reports_export(job, *, reporte: str, formato: str, filtros: dict):
    """Build the report with the filters it was asked with, write the file, keep it in private storage."""
    from fotostudio.documents.storage import private_storage

    if formato not in FILE_FORMATS:
        raise JobError(gettext_lazy("Formato de exportación desconocido."))
    report = report_build(report_kind(reporte), report_params(filtros))
    extension = FILE_FORMATS[formato][0]
    job.progress(0, 2, _("Contando las filas del informe."))
    rows = report_rows_count(report)
    job.progress(1, 2, _("Escribiendo %(rows)s filas en el archivo.") % {"rows": rows})
    storage = private_storage()
    name = export_stored_name(job.pk, extension)
    if storage.exists(name):  # a retry writes it again
        storage.delete(name)
    with report_file(report, formato) as file:
        storage.save(name, File(file))
    job.progress(2, 2, _("Archivo listo para descargar."))
    return {
        "archivo": report_filename(report, extension),
        "formato": extension,
        "filas": rows,
        "descarga": f"/api/v1/reports/export/jobs/{job.pk}/",
        "descarga_admin": reverse("admin:reports_report_export_download", args=[job.pk]),
    }


@per_tenant_periodic(cron="45 3 * * *", title=gettext_lazy("Limpieza de exportaciones de informes"))
@tenant_job(EXPORTS_CLEANUP_JOB, label=gettext_lazy("Limpieza de exportaciones de informes"), unique=True)
def reports_exports_cleanup(job, *, timestamp: int = 0) -> dict[str, int]:
    """Every night (03:45 UTC): delete the files of the export jobs written more than the retention ago."""
    days = export_retention_days()
    job.progress(0, None, _("Borrando las exportaciones de hace más de %(days)d días.") % {"days": days})
    return {"borrados": exports_delete_old(older_than=timedelta(days=days)), "dias": days}
