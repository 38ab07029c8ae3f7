"""The report pages in the admin: a filter form, the sections as sortable, paginated tables, export buttons.

``Report`` has no table: its admin's list page is the financial report, ``inventory/`` the inventory one,
and ``export/<pdf|excel|csv>/`` downloads the report shown with the same filters.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from unfold.admin import ModelAdmin
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from fotostudio.admin.base import ModuleAvailabilityMixin
from fotostudio.audit.models import ActivityAction
from fotostudio.audit.services import activity_log_record
from fotostudio.core.errors import ApplicationError
from modules.orders.models import ServiceType

from . import vocabulary as v
from .exports import (
    export_download,
    report_csv,
    report_export_start,
    report_filename,
    report_pdf_file,
    report_rows_count,
    report_xlsx_file,
    sync_max_rows,
)
from .filters import ReportFilter, report_params
from .models import Report
from .selectors import report_build
from .tables import PER_PAGE, section_table

EXPORT_FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "excel": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}
#: The filters each page shows (the financial report has no use for «días sin consumo»).
PAGE_FILTERS = {
    v.REPORT_FINANCIAL: (v.FROM, v.TO, v.SERVICE, v.CATEGORY),
    v.REPORT_INVENTORY: (v.FROM, v.TO, v.CATEGORY, v.IDLE_DAYS),
    v.REPORT_PRODUCTION: (v.FROM, v.TO, v.CATEGORY, v.RESPONSIBLE),
}


def _filter_form(data, kind: str):
    form = ReportFilter(data or None, queryset=ServiceType.objects.none()).form
    for name in list(form.fields):
        if name not in PAGE_FILTERS[kind]:
            del form.fields[name]
    for name, field in form.fields.items():
        if name in (v.FROM, v.TO):
            field.widget = UnfoldAdminTextInputWidget(attrs={"type": "date"})
            field.widget.format = "%Y-%m-%d"
        elif name == v.IDLE_DAYS:
            field.widget = UnfoldAdminIntegerFieldWidget(attrs={"min": 1})
        else:
            field.widget = UnfoldAdminSelectWidget(choices=field.widget.choices)
    return form


@admin.register(Report)
class ReportAdmin(ModuleAvailabilityMixin, ModelAdmin):
    """Read-only pages: nothing to add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request) and request.user.has_perm("reports.export_report")

    def get_urls(self):
        return [
            path("", self.admin_site.admin_view(self.financial_view), name="reports_report_changelist"),
            path("inventory/", self.admin_site.admin_view(self.inventory_view), name="reports_report_inventory"),
            path("production/", self.admin_site.admin_view(self.production_view), name="reports_report_production"),
            path(
                "export/job/<uuid:job_id>/",
                self.admin_site.admin_view(self.download_view),
                name="reports_report_export_download",
            ),
            path(
                "export/<str:kind>/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name="reports_report_export",
            ),
        ]

    def financial_view(self, request):
        return self._page(request, v.REPORT_FINANCIAL)

    def inventory_view(self, request):
        return self._page(request, v.REPORT_INVENTORY)

    def production_view(self, request):
        return self._page(request, v.REPORT_PRODUCTION)

    def _page(self, request, kind: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = _filter_form(request.GET, kind)
        report, error = None, None
        try:
            params = report_params({key: value for key, value in request.GET.items() if key in form.fields})
        except ApplicationError as exc:
            error = exc
            for field, messages in exc.errors.items():
                if field in form.fields and not form.errors.get(field):
                    form.add_error(field, messages)
        else:
            report = report_build(kind, params)
            # Show the period and the filters the figures were computed with (the defaults included).
            form = _filter_form({**params.as_query(), v.IDLE_DAYS: str(params.idle_days)}, kind)
        sections = []
        if report is not None:
            for section in report.sections:
                table = section_table(section)
                table.order_by = request.GET.get(table.prefixed_order_by_field)
                table.paginate(page=request.GET.get(table.prefixed_page_field, 1), per_page=PER_PAGE)
                sections.append({"section": section, "table": table})
        query = urlencode(report.params.as_query()) if report else ""
        tabs = [
            {
                "label": _("Financiero"),
                "icon": "payments",
                "url": reverse("admin:reports_report_changelist"),
                "active": kind == v.REPORT_FINANCIAL,
            },
            {
                "label": _("Inventario"),
                "icon": "inventory_2",
                "url": reverse("admin:reports_report_inventory"),
                "active": kind == v.REPORT_INVENTORY,
            },
            {
                "label": _("Producción"),
                "icon": "construction",
                "url": reverse("admin:reports_report_production"),
                "active": kind == v.REPORT_PRODUCTION,
            },
        ]
        exports = []
        if report is not None and self.has_export_permission(request):
            base = "admin:reports_report_export"
            exports = [
                {"label": label, "format": fmt, "url": f"{reverse(base, args=[kind, fmt])}?{query}"}
                for fmt, label in (("pdf", _("PDF")), ("excel", _("Excel")), ("csv", _("CSV")))
            ]
        context = {
            **self.admin_site.each_context(request),
            "title": str(report.title) if report else _("Informes"),
            "opts": self.opts,
            "kind": kind,
            "tabs": tabs,
            "form": form,
            "error": error,
            "sections": sections,
            "exports": exports,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reports/report.html", context, status=400 if error else 200)

    def export_view(self, request, kind: str, file_format: str):
        if not self.has_export_permission(request):
            raise PermissionDenied
        if kind not in v.REPORTS or file_format not in EXPORT_FORMATS:
            raise PermissionDenied
        try:
            params = report_params(request.GET)
        except ApplicationError:
            return self._page(request, kind)
        report = report_build(kind, params)
        content_type, extension = EXPORT_FORMATS[file_format]
        activity_log_record(
            request=request, action=ActivityAction.EXPORT, model=Report, filters=request.GET, file_format=extension
        )
        if report_rows_count(report) > sync_max_rows():
            job = report_export_start(
                kind=kind,
                file_format=file_format,
                params=params,
                acting_user=request.user,
                filename=report_filename(report, extension),
            )
            self.message_user(
                request,
                _("El informe es grande: el archivo se genera en segundo plano. Descárguelo aquí cuando termine."),
                messages.INFO,
            )
            return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))
        if file_format == "csv":
            response = StreamingHttpResponse(report_csv(report), content_type=content_type)
        else:
            maker = report_pdf_file if file_format == "pdf" else report_xlsx_file
            response = FileResponse(maker(report), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{report_filename(report, extension)}"'
        return response

    def download_view(self, request, job_id):
        """The file of a big export, once its job finished (the job's page links here)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            file, filename, content_type = export_download(job_id=job_id, user=request.user)
        except ApplicationError as error:
            if error.status_code == 404:
                raise Http404(str(error.message)) from error
            self.message_user(request, str(error.message), messages.WARNING)
            return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job_id]))
        response = FileResponse(file, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
