"""The reports' API: the figures as JSON and the same report as PDF, Excel or CSV."""

from __future__ import annotations

import json

from django.http import FileResponse, StreamingHttpResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from fotostudio.audit.models import ActivityAction
from fotostudio.audit.services import activity_log_record
from modules.inventory.models import MaterialCategory

from .. import vocabulary as v
from ..exports import (
    export_download,
    report_csv,
    report_export_start,
    report_filename,
    report_json,
    report_pdf_file,
    report_rows_count,
    report_xlsx_file,
    sync_max_rows,
)
from ..filters import IDLE_DAYS_DEFAULT, IDLE_DAYS_MAX, report_kind, report_params
from ..models import Report
from ..selectors import report_build

VIEW = ["reports.view_report"]
EXPORT = ["reports.view_report", "reports.export_report"]

FILTER_PARAMETERS = [
    OpenApiParameter(
        v.FROM,
        OpenApiTypes.DATE,
        description=_("Primer día del periodo (AAAA-MM-DD). Por defecto, el primero del mes de «hasta»."),
    ),
    OpenApiParameter(
        v.TO,
        OpenApiTypes.DATE,
        description=_(
            "Último día del periodo (AAAA-MM-DD), incluido. Por defecto, hoy. Como mucho 5 años después de «desde»."
        ),
    ),
    OpenApiParameter(v.SERVICE, OpenApiTypes.STR, description=_("Código de un tipo de servicio (informe financiero).")),
    OpenApiParameter(
        v.CATEGORY,
        OpenApiTypes.STR,
        enum=MaterialCategory.values,
        description=_("Categoría de material (costo de materiales e informe de inventario)."),
    ),
    OpenApiParameter(
        v.RESPONSIBLE,
        OpenApiTypes.UUID,
        description=_("Id del usuario responsable de las órdenes de producción (informe de producción)."),
    ),
    OpenApiParameter(
        v.IDLE_DAYS,
        OpenApiTypes.INT,
        description=_("Días sin consumo para la baja rotación, de 1 a %(max)s (por defecto %(default)s).")
        % {"max": IDLE_DAYS_MAX, "default": IDLE_DAYS_DEFAULT},
    ),
]
ERRORS = _(
    "Un filtro no válido es un 400 que nombra el parámetro y lo permitido: fechas ISO, «desde» no posterior a "
    "«hasta», un periodo de 5 años como mucho, un servicio o una categoría que existan."
)

FINANCIAL_EXAMPLE = {
    "filtros": {
        "desde": "2026-11-01",
        "hasta": "2026-11-30",
        "servicio": None,
        "categoria": None,
        "dias_sin_consumo": 90,
        "responsable": None,
    },
    "pagos_por_forma": {
        "titulo": "Pagos recibidos por forma de pago",
        "nota": "",
        "filas": [{"forma_pago": "efectivo", "pagos": 12, "monto": "640.00"}],
        "totales": {"pagos": 12, "monto": "640.00"},
    },
}


class _ReportView(APIView):
    required_permissions = VIEW
    report = ""

    def get(self, request):
        params = report_params(request.query_params)
        return Response(report_json(report_build(self.report, params)))


def _report_schema(summary, description, example):
    return extend_schema(
        tags=["reports"],
        summary=summary,
        description=format_lazy("{} {}", description, ERRORS),
        parameters=FILTER_PARAMETERS,
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample(_("Ejemplo"), value=example)])},
    )


class FinancialReportView(_ReportView):
    report = v.REPORT_FINANCIAL

    @_report_schema(
        _("Informe financiero"),
        _(
            "Del periodo: ingresos por servicio y mes (pedidos no cancelados, por su fecha), ventas de productos, "
            "pagos por forma de pago, cuentas por cobrar por antigüedad (0–30, 31–60, 61–90, más de 90 días desde "
            "la fecha del pedido, con los saldos de hoy), comisiones de colegios, costo de materiales usados "
            "(consumos y mermas a su costo) y margen bruto por servicio (el costo de materiales se reparte en "
            "proporción a los ingresos netos). Cada sección trae `filas` y `totales`; los importes son texto "
            "con los decimales del negocio."
        ),
        FINANCIAL_EXAMPLE,
    )
    def get(self, request):
        return super().get(request)


class InventoryReportView(_ReportView):
    report = v.REPORT_INVENTORY

    @_report_schema(
        _("Informe de inventario"),
        _(
            "Valoración por categoría (existencias × costo promedio), movimientos del periodo por tipo, stock bajo "
            "con la reposición sugerida y materiales de baja rotación (con existencias y sin consumo en "
            "`dias_sin_consumo` días hasta «hasta»)."
        ),
        {
            "filtros": {
                "desde": "2026-11-01",
                "hasta": "2026-11-30",
                "servicio": None,
                "categoria": "varillas",
                "dias_sin_consumo": 90,
                "responsable": None,
            },
            "valoracion_por_categoria": {
                "titulo": "Valoración del inventario por categoría",
                "nota": "",
                "filas": [{"categoria": "varillas", "materiales": 8, "con_existencias": 7, "valor": "1520.40"}],
                "totales": {"materiales": 8, "con_existencias": 7, "valor": "1520.40"},
            },
        },
    )
    def get(self, request):
        return super().get(request)


class ProductionReportView(_ReportView):
    report = v.REPORT_PRODUCTION

    @_report_schema(
        _("Informe de producción"),
        _(
            "Sobre las órdenes de producción completadas en el periodo (por el día en que terminaron): producción "
            "por mes y tipo de trabajo (órdenes, piezas, productos terminados), mermas por material (usado, merma, "
            "merma % y su costo) y por motivo, y la eficiencia por mes y por responsable (costo de materiales, "
            "costo de la merma, merma % por valor y costo de materiales por producto terminado). `categoria` "
            "limita los materiales; `responsable`, las órdenes."
        ),
        {
            "filtros": {
                "desde": "2026-11-01",
                "hasta": "2026-11-30",
                "servicio": None,
                "categoria": None,
                "dias_sin_consumo": 90,
                "responsable": None,
            },
            "mermas_por_motivo": {
                "titulo": "Mermas por motivo",
                "nota": "Cada merma valorada al costo promedio con que salió del stock.",
                "filas": [{"motivo": "error_corte", "registros": 3, "costo": "4.50"}],
                "totales": {"registros": 3, "costo": "4.50"},
            },
        },
    )
    def get(self, request):
        return super().get(request)


class _FileRenderer(BaseRenderer):
    """Lets a client ask for the file's type; errors still go out as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()


class _PdfRenderer(_FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class _XlsxRenderer(_FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class _CsvRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"


JOB_EXAMPLE = {
    "trabajo": "0b6f1c2e-5d4a-4f8e-9a51-2c3d4e5f6a7b",
    "estado": "queued",
    "url": "/api/v1/jobs/0b6f1c2e-5d4a-4f8e-9a51-2c3d4e5f6a7b/",
}

REPORT_PARAMETER = OpenApiParameter(
    v.REPORT,
    OpenApiTypes.STR,
    enum=list(v.REPORTS),
    required=True,
    description=_("Qué informe: financial, inventory o production."),
)


class _ExportView(APIView):
    required_permissions = EXPORT
    extension = ""
    file_format = ""  # pdf, excel, csv
    content_type = ""

    def get(self, request):
        kind = report_kind(request.query_params.get(v.REPORT))
        params = report_params(request.query_params)
        report = report_build(kind, params)
        activity_log_record(
            request=request,
            action=ActivityAction.EXPORT,
            model=Report,
            filters=request.query_params,
            file_format=self.extension,
        )
        if report_rows_count(report) > sync_max_rows():
            job = report_export_start(
                kind=kind,
                file_format=self.file_format,
                params=params,
                acting_user=request.user,
                filename=report_filename(report, self.extension),
            )
            body = {"trabajo": str(job.pk), "estado": job.status, "url": f"/api/v1/jobs/{job.pk}/"}
            return Response(body, status=202)
        response = self.respond(report)
        response["Content-Disposition"] = f'attachment; filename="{report_filename(report, self.extension)}"'
        return response


def _export_schema(summary, description, media_type):
    return extend_schema(
        tags=["reports"],
        summary=summary,
        description=format_lazy("{} {}", description, ERRORS),
        parameters=[REPORT_PARAMETER, *FILTER_PARAMETERS],
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=_("El archivo.")),
            202: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_(
                    "Informe grande: el archivo se genera en segundo plano. `trabajo` es el id a seguir en "
                    "`GET /api/v1/jobs/{id}/`; al terminar, su `resultado.descarga` es la dirección del archivo."
                ),
                examples=[OpenApiExample(_("Trabajo"), value=JOB_EXAMPLE)],
            ),
            404: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=_("`format` pide un formato que esta operación no da (use el del archivo o json)."),
            ),
        },
    )


class ReportPdfView(_ExportView):
    file_format = "pdf"
    extension = "pdf"
    renderer_classes = [JSONRenderer, _PdfRenderer]

    def respond(self, report):
        return FileResponse(report_pdf_file(report), content_type=_PdfRenderer.media_type)

    @_export_schema(
        _("Informe en PDF"),
        _(
            "El informe para imprimir (A4) con el nombre y el logotipo del negocio, los filtros y una tabla "
            "por sección."
        ),
        _PdfRenderer.media_type,
    )
    def get(self, request):
        return super().get(request)


class ReportExcelView(_ExportView):
    file_format = "excel"
    extension = "xlsx"
    renderer_classes = [JSONRenderer, _XlsxRenderer]

    def respond(self, report):
        return FileResponse(report_xlsx_file(report), content_type=_XlsxRenderer.media_type)

    @_export_schema(
        _("Informe en Excel"),
        _(
            "Una hoja con el negocio y los filtros y una hoja por sección: fila de encabezados, importes y fechas como "
            "números y fechas de Excel, y una fila de totales."
        ),
        _XlsxRenderer.media_type,
    )
    def get(self, request):
        return super().get(request)


class ReportCsvView(_ExportView):
    file_format = "csv"
    extension = "csv"
    renderer_classes = [JSONRenderer, _CsvRenderer]

    def respond(self, report):
        return StreamingHttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")

    @_export_schema(
        _("Informe en CSV"),
        _(
            "Las secciones una tras otra (título, encabezados, filas y total), en UTF-8 con BOM. Un texto que una hoja "
            "de cálculo tomaría por fórmula (empieza por =, +, -, @) va precedido de un apóstrofo."
        ),
        _CsvRenderer.media_type,
    )
    def get(self, request):
        return super().get(request)


class ReportExportDownloadView(APIView):
    """The file a big export's job wrote."""

    required_permissions = EXPORT
    renderer_classes = [JSONRenderer, _PdfRenderer, _XlsxRenderer, _CsvRenderer]

    @extend_schema(
        tags=["reports"],
        summary=_("Descargar una exportación grande"),
        description=_(
            "El archivo que escribió el trabajo de una exportación grande (el `trabajo` de la respuesta 202). "
            "404 si no existe o no es de quien pregunta (cada uno ve sus trabajos; la gerencia, todos); 409 "
            "`report_export_not_ready` mientras el trabajo no terminó bien."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description=_("El archivo.")),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description=_("No existe esa exportación.")),
            409: OpenApiResponse(OpenApiTypes.OBJECT, description=_("El trabajo aún no terminó.")),
        },
    )
    def get(self, request, job_id):
        file, filename, content_type = export_download(job_id=job_id, user=request.user)
        response = FileResponse(file, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
