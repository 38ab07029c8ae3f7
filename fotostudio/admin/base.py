"""Base admin classes every module's admin inherits.

Writes go through the module's services: an admin implements ``create_object``,
``update_object`` and ``delete_object`` (one line each, calling the service), and
:class:`BaseModelAdmin` does the rest. A service that refuses (``ApplicationError``)
never becomes a server error:

- on the add/change form, its field errors appear on the form's fields (and its
  message above the form), with the user's input kept;
- on delete, bulk delete and any action, its message appears on the page and nothing
  is written (an action runs in one transaction).

Forms check the input's shape only (:class:`ServiceModelForm`): the model is not
validated there, because the service validates and normalises — one rule, one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import construct_instance
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.admin import ModelAdmin
from unfold.admin import StackedInline as UnfoldStackedInline
from unfold.admin import TabularInline as UnfoldTabularInline
from unfold.decorators import display
from unfold.views import ChangeList

from fotostudio.audit.history import can_read_trail, record_history_response
from fotostudio.audit.tracking import is_audited
from fotostudio.core.errors import ApplicationError
from fotostudio.core.models import natural_order
from fotostudio.core.registry import get_module
from fotostudio.core.search import SearchTooLong, word_search


def is_public_request(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.is_public


def apply_service_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Put a service's refusal on the form: field errors on their fields, the rest above the form."""
    shown = set()
    for field, field_messages in error.errors.items():
        if field in form.fields:
            form.add_error(field, [str(message) for message in field_messages])
            shown.update(str(message) for message in field_messages)
    if str(error.message) not in shown:
        form.add_error(None, str(error.message))


def _validated_save(obj: models.Model) -> models.Model:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], errors=exc.message_dict) from exc
    obj.save()
    return obj


def _form_showing(form_class: type[forms.BaseForm], error: ApplicationError) -> type[forms.BaseForm]:
    class FormWithServiceError(form_class):
        def _post_clean(self):
            super()._post_clean()
            apply_service_error(self, error)

    FormWithServiceError.__name__ = form_class.__name__
    return FormWithServiceError


class ServiceModelForm(forms.ModelForm):
    """An admin form that reads the input into the instance without validating the model:
    the module's service validates (and normalises) when the admin saves through it."""

    def _post_clean(self):
        # Django's ModelForm would also validate the model here; the service does it when saving.
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


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


class ServiceErrorsMixin:
    """Turn a service's ``ApplicationError`` into form errors or page messages (see the module docstring)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "_service_error", None)
        return _form_showing(form, error) if error is not None else form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as error:
            if request.method != "POST" or getattr(request, "_service_error", None) is not None:
                raise
            # The save was rolled back; render the same POST again, now with the refusal on the form.
            request._service_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ApplicationError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))

    def response_action(self, request, queryset):
        try:
            with transaction.atomic():
                return super().response_action(request, queryset)
        except ApplicationError as error:
            self.message_user(request, str(error.message), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ApplicationError as error:  # an inline edit in the list (list_editable) that the service refused
            self.message_user(request, str(error.message), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class NaturalOrderChangeList(ChangeList):
    """Text columns sort as people expect (``core.models.natural_order``), whichever column is clicked."""

    def get_ordering(self, request, queryset):
        return natural_order(self.model, *super().get_ordering(request, queryset))


class BaseModelAdmin(ServiceErrorsMixin, ModuleAvailabilityMixin, ModelAdmin):
    form = ServiceModelForm
    list_per_page = 25
    show_full_result_count = False
    warn_unsaved_form = True
    compressed_fields = True
    list_filter_submit = True
    empty_value_display = "—"

    #: The columns a phone shows of each row (unfold shows every column, one per line, as a card);
    #: ``None``: all of them. The action checkbox always stays.
    list_display_phone: tuple[str, ...] | None = None
    #: A folded search column (``core.models.search_column``): the search box then finds rows that contain
    #: every word, without regard to accents (``search_fields`` must still name a field, to show the box).
    search_column: str | None = None

    def get_changelist(self, request, **kwargs):
        return NaturalOrderChangeList

    def get_search_results(self, request, queryset, search_term):
        if self.search_column is None:
            return super().get_search_results(request, queryset, search_term)
        try:
            return word_search(queryset, self.search_column, search_term), False
        except SearchTooLong as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return queryset.none(), False

    # --- Writes: through the module's services ---------------------------------------------

    def create_object(self, request, data: Mapping[str, Any]) -> models.Model:
        """Create from the form's values (model fields); a module calls its ``<entity>_create`` here.

        The default, for models without business rules, validates the model and saves it."""
        return _validated_save(self.model(**data))

    def update_object(self, request, obj: models.Model, data: Mapping[str, Any]) -> models.Model:
        """Change ``obj`` (as stored) with the fields the form changed; a module calls its ``<entity>_update``."""
        for field, value in data.items():
            setattr(obj, field, value)
        return _validated_save(obj)

    def delete_object(self, request, obj: models.Model) -> None:
        obj.delete()

    def _form_data(self, form, names) -> dict[str, Any]:
        fields = {field.name for field in self.model._meta.concrete_fields if field.editable}
        return {name: form.cleaned_data[name] for name in names if name in fields and name in form.cleaned_data}

    def save_model(self, request, obj, form, change):
        if change:
            stored = self.model._default_manager.get(pk=obj.pk)
            saved = self.update_object(request, stored, self._form_data(form, form.changed_data))
        else:
            saved = self.create_object(request, self._form_data(form, form.fields))
        self.adopt(obj, saved)

    @staticmethod
    def adopt(obj, saved) -> None:
        """Django's change form goes on with its own object (the redirect, the log): it becomes the saved one."""
        if saved is not obj:
            obj.__dict__.update(saved.__dict__)

    def delete_model(self, request, obj):
        self.delete_object(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_object(request, obj)

    # --- Pages ------------------------------------------------------------------------------

    def has_history_permission(self, request, obj=None) -> bool:
        """A record's history (its audit trail) is for those who see the record and may read the trail."""
        return (
            is_audited(self.model) and can_read_trail(request.user) and self.has_view_or_change_permission(request, obj)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if is_audited(self.model):
            # The «Historial» button, only for those who may open it.
            extra_context = {"show_history": self.has_history_permission(request), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """For an audited model, the record's audit trail: every create, change and delete, whoever made it
        and however (admin, API, import, bulk change), with what changed. Other models keep Django's page."""
        if not is_audited(self.model):
            return super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        if not self.has_history_permission(request, obj):
            raise PermissionDenied
        return record_history_response(self, request, obj, extra_context)

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
