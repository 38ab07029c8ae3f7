"""CSV/XLSX import and export in a module's admin.

Export is django-import-export's (``ExportMixin``: the changelist's filters and search
apply; the resource is a :class:`fotostudio.spreadsheets.resources.ModelResource`, so formulas are
neutralised and blanks stay blank) with our page and our files: XLSX by default, with
native numbers and dates (:mod:`fotostudio.spreadsheets.formats`), CSV with a BOM, named
in Spanish after the list and the business's date (``clientes-2026-11-29.xlsx``); the
page lists the columns by their Spanish names. Import is our own page at the URL the library's
buttons use (``…/import/``): upload, "only check" box, every row error listed, all or
nothing (the module's import service, on rows parsed by
:func:`fotostudio.spreadsheets.imports.parse_table`), and a template to download
(``…/import/template.csv`` / ``.xlsx``) with the resource's example rows.

A module's admin::

    class ClientAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
        resource_classes = [ClientResource]

        import_service = staticmethod(clients_import)  # (*, rows, acting_user, dry_run) -> ImportResult

Permissions: export needs ``view`` and the model's own ``export_<model>`` permission
(declared in its ``Meta.permissions``, granted by the module's ``ModuleSpec.roles`` with
the ``"export"`` action): without it the button is not shown and the URL answers 403.
Import needs ``add``. Both need the module enabled (``BaseModelAdmin``'s permissions).
Every export is recorded in the activity log (``fotostudio.audit``): who, which list, how
many rows, with which filters and search, from where.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ExportMixin
from tablib import Dataset
from unfold.contrib.import_export.forms import ExportForm
from unfold.widgets import UnfoldAdminFileFieldWidget, UnfoldBooleanWidget

from fotostudio.audit.models import ActivityAction
from fotostudio.audit.services import activity_log_record
from fotostudio.core.bulk import ImportResult
from fotostudio.core.errors import ApplicationError

from .formats import CSV, XLSX
from .imports import column_of, parse_table
from .tabular import SpreadsheetError, read_table

#: Row errors shown on the import page (the count of the rest is shown too).
MAX_ROW_ERRORS_SHOWN = 200
TEMPLATE_FORMATS = {"csv": CSV, "xlsx": XLSX}
FORMAT_LABELS = {"xlsx": gettext_lazy("XLSX (Excel)"), "csv": gettext_lazy("CSV (texto)")}


class SpreadsheetImportForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("Archivo CSV o XLSX"),
        widget=UnfoldAdminFileFieldWidget(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Solo comprobar el archivo, sin importar"), required=False, widget=UnfoldBooleanWidget
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = _(
            "Máximo %(size)d MB. La primera fila debe tener los nombres de las columnas."
        ) % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}


class SpreadsheetExportForm(ExportForm):
    """The export page's form: the format, XLSX first and chosen (no empty choice)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        field = self.fields["format"]
        field.label = _("Formato")
        field.choices = [
            (str(index), FORMAT_LABELS.get(file_format().get_title(), file_format().get_title()))
            for index, file_format in enumerate(formats)
        ]
        field.initial = "0"


class SpreadsheetAdminMixin(ExportMixin):
    """Export (XLSX, CSV) and the fast all-or-nothing import page; put it before ``BaseModelAdmin``."""

    formats = [XLSX, CSV]  # the first is the default
    export_form_class = SpreadsheetExportForm
    export_template_name = "admin/spreadsheet_export.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "admin/spreadsheet_import.html"
    #: Extra sentence on the import page (what must be unique, for instance).
    import_notes = ""

    #: The module's import service, ``(*, rows, acting_user, dry_run) -> ImportResult``; it
    #: raises ``ApplicationError`` to refuse the file. Set with ``staticmethod(...)``.
    import_service: Callable[..., ImportResult]

    @property
    def import_resource_class(self):
        return self.resource_classes[0]

    def has_export_permission(self, request):
        codename = get_permission_codename("export", self.opts)
        return self.has_view_permission(request) and request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    # --- Export ----------------------------------------------------------------------------------

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """The file's content: native numbers and dates for XLSX (the library asks only its own XLSX class)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        data.title = capfirst(str(self.opts.verbose_name_plural))
        content = file_format.export_data(data)
        activity_log_record(
            request=request,
            action=ActivityAction.EXPORT,
            model=self.model,
            row_count=len(data),
            filters=request.GET,
            file_format=file_format.get_extension(),
        )
        return content

    def get_export_filename(self, request, queryset, file_format):
        """``clientes-2026-11-29.xlsx``: the list's Spanish name and the business's date."""
        name = slugify(str(self.opts.verbose_name_plural))
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        resource_class = self.get_export_resource_classes(request)[0]
        context.update(
            title=_("Exportar %(name)s") % {"name": self.opts.verbose_name_plural},
            columns=resource_class.column_labels(),
            row_count=self.get_export_queryset(request).count(),
            changelist_url=reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
            query_string=request.GET.urlencode(),
        )
        return context

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_action), name=f"{prefix}_import"),
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{prefix}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_action(self, request):
        """Upload a CSV/XLSX; every row is checked; all of it is imported, or none and the errors are listed."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = SpreadsheetImportForm(request.POST if posted else None, request.FILES if posted else None)
        failure, checked = None, None
        if posted and form.is_valid():
            try:
                rows = parse_table(read_table(form.cleaned_data["import_file"]), self.import_resource_class)
                result = self.import_service(rows=rows, acting_user=request.user, dry_run=form.cleaned_data["dry_run"])
            except SpreadsheetError as exc:
                form.add_error("import_file", str(exc.message))
            except ApplicationError as exc:  # ImportRejected, or a 409 from a concurrent registration
                failure = exc
            else:
                if not result.dry_run:
                    name = self.opts.verbose_name if result.created == 1 else self.opts.verbose_name_plural
                    self.message_user(
                        request,
                        ngettext("Se importó %(count)d %(name)s.", "Se importaron %(count)d %(name)s.", result.created)
                        % {"count": result.created, "name": name},
                        messages.SUCCESS,
                    )
                    return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
                checked = result
        resource_class = self.import_resource_class
        row_errors = [
            {
                "line": error.line,
                "column": column_of(resource_class, error.field),
                "message": error.message,
                "value": error.value,
            }
            for error in getattr(failure, "row_errors", [])
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importar %(name)s") % {"name": self.opts.verbose_name_plural},
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "failure": failure,
            "row_errors": row_errors[:MAX_ROW_ERRORS_SHOWN],
            "row_errors_hidden": max(0, len(row_errors) - MAX_ROW_ERRORS_SHOWN),
            "checked": checked,
            "import_notes": self.import_notes,
            "columns": [
                (
                    field.column_name,
                    field.column_name in resource_class.required_columns,
                    resource_class.column_help.get(field.column_name, ""),
                )
                for field in resource_class.import_columns()
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, self.import_template_name, context, status=400 if failure or form.errors else 200
        )

    def import_template_view(self, request, extension: str):
        """A file with the import columns and the resource's example rows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in TEMPLATE_FORMATS:
            raise Http404
        headers, rows = self.import_resource_class.import_template()
        file_format = TEMPLATE_FORMATS[extension]()
        response = HttpResponse(
            file_format.export_data(Dataset(*rows, headers=headers)), content_type=file_format.get_content_type()
        )
        filename = f"plantilla_{slugify(str(self.opts.verbose_name_plural)).replace('-', '_')}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
