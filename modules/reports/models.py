"""Reports have no data of their own: they read orders, payments, contracts, products and the inventory.

:class:`Report` has no table (``managed = False``); it exists so that the roles can be granted «ver
informes» and «exportar informes» like any other permission (the module registry grants actions on a
module's models) and so the admin has a page to list in the sidebar.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Meta:
        managed = False
        db_table = "reports_report_no_table"
        verbose_name = _("informe")
        verbose_name_plural = _("informes")
        default_permissions = ("view",)
        permissions = [("export_report", _("Puede exportar informes"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
