"""Base admin classes every module's admin inherits."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.admin import ModelAdmin
from unfold.admin import StackedInline as UnfoldStackedInline
from unfold.admin import TabularInline as UnfoldTabularInline
from unfold.decorators import display

from fotostudio.core.registry import get_module


def is_public_request(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.is_public


class ModuleAvailabilityMixin:
    """An admin is shown only where its module is enabled for the request's tenant.

    Apps that are not registered modules (auth's groups) follow the tenant hosts.
    """

    def is_available(self, request) -> bool:
        spec = get_module(self.model._meta.app_label)
        if spec is None:
            return not is_public_request(request)
        return spec.is_enabled_for(getattr(request, "tenant", None))

    def has_module_permission(self, request):
        return self.is_available(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.is_available(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.is_available(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.is_available(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.is_available(request) and super().has_delete_permission(request, obj)


class BaseModelAdmin(ModuleAvailabilityMixin, ModelAdmin):
    list_per_page = 25
    show_full_result_count = False
    warn_unsaved_form = True
    compressed_fields = True
    list_filter_submit = True
    empty_value_display = "—"

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A record that is not in this business's schema (or not at all) is "not found", as in the API.

        Django's admin would redirect to the index with a warning instead (change, delete and history pages).
        """
        raise Http404(
            _("No existe ningún registro de «%(name)s» con el ID «%(key)s».")
            % {"name": opts.verbose_name, "key": object_id}
        )

    @display(description=gettext_lazy("Estado"), ordering="is_active", label={True: "success", False: "danger"})
    def active_badge(self, obj):
        """A green «Activo» / red «Inactivo» badge for models with ``is_active``: list it in ``list_display``."""
        return obj.is_active, _("Activo") if obj.is_active else _("Inactivo")


class TabularInline(UnfoldTabularInline):
    extra = 0


class StackedInline(UnfoldStackedInline):
    extra = 0


class PublicOnlyAdminMixin:
    """Admins of the platform itself (tenants, domains): on the public host only."""

    def is_available(self, request) -> bool:
        return is_public_request(request)
