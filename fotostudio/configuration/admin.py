"""The settings in the admin: one page per group, each a form with the group's settings (not a table of keys).

Administrador changes them; Gerente sees the same pages with the fields disabled. The list of
rows and each row's page lead to the group's page.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.core.errors import ApplicationError

from .forms import SettingsGroupForm
from .models import Setting
from .registry import setting_definition, setting_definitions, setting_group, setting_groups
from .selectors import current_tenant, settings_values
from .services import settings_update


def group_url(code: str) -> str:
    return reverse("admin:configuration_setting_group", args=[code])


@admin.register(Setting)
class SettingAdmin(BaseModelAdmin):
    group_template = "admin/configuration/settings_group.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("group/<str:code>/", self.admin_site.admin_view(self.group_view), name="configuration_setting_group"),
            *super().get_urls(),
        ]

    def _groups(self, request):
        """The groups with settings for the request's business, in order."""
        tenant = current_tenant()
        codes = {definition.group for definition in setting_definitions(tenant)}
        return [group for group in setting_groups() if group.code in codes]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return redirect(group_url(self._groups(request)[0].code))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        setting = self.get_object(request, object_id)
        if setting is None or not self.has_view_permission(request, setting):
            raise Http404
        definition = setting_definition(setting.key, current_tenant())
        if definition is None:
            raise Http404
        return redirect(group_url(definition.group))

    def group_view(self, request, code: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        groups = self._groups(request)
        group = setting_group(code)
        if group is None or group not in groups:
            raise Http404
        may_change = self.has_change_permission(request)
        if request.method == "POST" and not may_change:
            raise PermissionDenied
        definitions = [d for d in setting_definitions(current_tenant()) if d.group == code]
        values = settings_values(group=code)
        posted = request.method == "POST"
        form = SettingsGroupForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            definitions=definitions,
            values=values,
            read_only=not may_change,
        )
        status = 200
        if posted:
            if form.is_valid():
                try:
                    written = settings_update(values=form.changed_values(), acting_user=request.user)
                except ApplicationError as error:
                    unplaced = form.add_service_errors(error.errors)
                    for message in unplaced if error.errors else [error.message]:
                        form.add_error(None, str(message))
                else:
                    self.message_user(
                        request,
                        _("Se guardaron los ajustes de «%(group)s».") % {"group": group.label}
                        if written
                        else _("No había cambios que guardar."),
                        messages.SUCCESS if written else messages.INFO,
                    )
                    return redirect(group_url(code))
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": group.label,
            "subtitle": None,
            "opts": self.opts,
            "group": group,
            "tabs": [{"group": item, "url": group_url(item.code), "active": item.code == code} for item in groups],
            "form": form,
            "media": self.media + form.media,
            "may_change": may_change,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.group_template, context, status=status)
