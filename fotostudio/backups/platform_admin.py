"""Restoring, from the platform's admin (public schema, «Negocios»): the copies of one business, and for each
one «Restaurar en un negocio nuevo» (a form: name, identifier, domain) or «Restaurar aquí» (a confirmation page
that asks for the business's identifier and says a safety copy is made first).

Mixed into ``tenants.admin.TenantAdmin``; only platform staff who may change businesses get there. These
views are not wrapped in a transaction (the restore commits in its own session, see ``services.py``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import schema_context
from unfold.decorators import display

from fotostudio.core.errors import ApplicationError

from .admin import file_size
from .models import Backup, BackupStatus
from .postgres import schema_exists
from .services import backup_restore_as_new, backup_restore_in_place


class RestoreAsNewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nombre del negocio nuevo"), max_length=200)
    slug = forms.CharField(
        label=gettext_lazy("Identificador"),
        max_length=40,
        help_text=gettext_lazy("Minúsculas, números o guion bajo; será el nombre de su esquema."),
    )
    domain = forms.CharField(label=gettext_lazy("Dominio"), max_length=253)


class ConfirmInPlaceForm(forms.Form):
    confirmation = forms.CharField(
        label=gettext_lazy("Escriba el identificador del negocio para confirmar"), max_length=63
    )


class TenantBackupsAdminMixin:
    """``<tenant>/copias/``, ``<tenant>/copias/<backup>/restaurar-nuevo/``, ``<tenant>/copias/<backup>/restaurar/``."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<uuid:tenant_id>/copias/", view(self.backups_view), name="tenants_tenant_backups"),
            path(
                "<uuid:tenant_id>/copias/<uuid:backup_id>/restaurar-nuevo/",
                view(self.restore_as_new_view),
                name="tenants_tenant_backup_restore_new",
            ),
            path(
                "<uuid:tenant_id>/copias/<uuid:backup_id>/restaurar/",
                view(self.restore_in_place_view),
                name="tenants_tenant_backup_restore",
            ),
            *super().get_urls(),
        ]

    @display(description=gettext_lazy("Copias de seguridad"))
    def backups_link(self, tenant) -> str:
        if tenant is None or tenant.pk is None:
            return "—"
        return format_html(
            '<a class="text-primary-600 underline" href="{}" data-testid="tenant-backups-link">{}</a>',
            reverse("admin:tenants_tenant_backups", args=[tenant.pk]),
            _("Ver y restaurar sus copias"),
        )

    def _tenant(self, request, tenant_id):
        tenant = self.get_object(request, str(tenant_id))
        if tenant is None:
            raise Http404(_("No existe ese negocio."))
        if not self.has_change_permission(request, tenant):
            raise PermissionDenied
        return tenant

    def _backup(self, tenant, backup_id) -> Backup:
        if not schema_exists(tenant.schema_name):
            raise Http404(_("El negocio no tiene esquema."))
        with schema_context(tenant.schema_name):
            backup = Backup.objects.select_related("started_by").filter(pk=backup_id).first()
        if backup is None:
            raise Http404(_("No existe esa copia."))
        return backup

    def _page(self, request, tenant, template, **context):
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.model._meta, "tenant": tenant, **context},
        )

    def backups_view(self, request, tenant_id):
        tenant = self._tenant(request, tenant_id)
        backups = []
        if schema_exists(tenant.schema_name):
            with schema_context(tenant.schema_name):
                backups = list(Backup.objects.select_related("started_by").order_by("-created_at")[:100])
        rows = [(backup, file_size(backup.size)) for backup in backups]
        return self._page(
            request,
            tenant,
            "admin/backups/platform/backups.html",
            title=_("Copias de seguridad de «%(name)s»") % {"name": tenant.name},
            rows=rows,
            completed=BackupStatus.COMPLETED,
        )

    def restore_as_new_view(self, request, tenant_id, backup_id):
        tenant = self._tenant(request, tenant_id)
        backup = self._backup(tenant, backup_id)
        form = RestoreAsNewForm(
            request.POST or None,
            initial={"name": _("%(name)s (copia)") % {"name": tenant.name}, "slug": f"{tenant.schema_name}_copia"},
        )
        if request.method == "POST" and form.is_valid():
            try:
                created = backup_restore_as_new(backup=backup, acting_user=request.user, **form.cleaned_data)
            except ApplicationError as error:
                form.add_error(None, str(error.message))
                for field, problems in error.errors.items():
                    if field in form.fields:
                        for problem in problems:
                            form.add_error(field, str(problem))
            else:
                self.message_user(
                    request,
                    format_html(
                        _("Se creó «{}» con los datos de la copia del {}."),
                        created.name,
                        backup.created_at.strftime("%Y-%m-%d %H:%M"),
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:tenants_tenant_change", args=[created.pk]))
        return self._page(
            request,
            tenant,
            "admin/backups/platform/restore.html",
            title=_("Restaurar en un negocio nuevo"),
            backup=backup,
            form=form,
            in_place=False,
        )

    def restore_in_place_view(self, request, tenant_id, backup_id):
        tenant = self._tenant(request, tenant_id)
        backup = self._backup(tenant, backup_id)
        form = ConfirmInPlaceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                safety = backup_restore_in_place(
                    tenant=tenant,
                    backup=backup,
                    confirmation=form.cleaned_data["confirmation"],
                    acting_user=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, str(error.message))
            else:
                message = _("«%(name)s» volvió a la copia del %(date)s.") % {
                    "name": tenant.name,
                    "date": backup.created_at.strftime("%Y-%m-%d %H:%M"),
                }
                if safety is not None:
                    message += " " + _("Lo que tenía antes quedó en una copia de seguridad nueva.")
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:tenants_tenant_backups", args=[tenant.pk]))
        return self._page(
            request,
            tenant,
            "admin/backups/platform/restore.html",
            title=_("Restaurar «%(name)s» a esta copia") % {"name": tenant.name},
            backup=backup,
            form=form,
            in_place=True,
        )
