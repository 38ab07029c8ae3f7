from django.urls import path

from .views import (
    FinancialReportView,
    InventoryReportView,
    ProductionReportView,
    ReportCsvView,
    ReportExcelView,
    ReportExportDownloadView,
    ReportPdfView,
)

urlpatterns = [
    path("reports/financial/", FinancialReportView.as_view(), name="report-financial"),
    path("reports/inventory/", InventoryReportView.as_view(), name="report-inventory"),
    path("reports/production/", ProductionReportView.as_view(), name="report-production"),
    path("reports/export/pdf/", ReportPdfView.as_view(), name="report-export-pdf"),
    path("reports/export/excel/", ReportExcelView.as_view(), name="report-export-excel"),
    path("reports/export/csv/", ReportCsvView.as_view(), name="report-export-csv"),
    path("reports/export/jobs/<uuid:job_id>/", ReportExportDownloadView.as_view(), name="report-export-download"),
]
