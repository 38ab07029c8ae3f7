"""The Spanish names of the reports outside Python: query parameters, JSON keys and spreadsheet columns.

Reports have no model, so there is no :class:`~fotostudio.core.vocabulary.Vocabulary` here: the names
are constants, declared once.
"""

from __future__ import annotations

# --- Query parameters ---------------------------------------------------------------------------------
FROM = "desde"
TO = "hasta"
SERVICE = "servicio"
CATEGORY = "categoria"
IDLE_DAYS = "dias_sin_consumo"
RESPONSIBLE = "responsable"
REPORT = "reporte"

#: ``?reporte=`` of the exports: the report's key in the URL → its name in the API's paths.
REPORT_FINANCIAL = "financial"
REPORT_INVENTORY = "inventory"
REPORT_PRODUCTION = "production"
REPORTS = (REPORT_FINANCIAL, REPORT_INVENTORY, REPORT_PRODUCTION)

# --- JSON keys ----------------------------------------------------------------------------------------
FILTERS = "filtros"
ROWS = "filas"
TOTALS = "totales"
TITLE = "titulo"
