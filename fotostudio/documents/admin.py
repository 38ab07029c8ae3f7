"""Documents and photos in the staff admin: lists, upload, download, and the panel on other records' pages.

Staff usually attach a file from the record it belongs to: the change page of any record whose kind
is registered as a link (a client today) shows a «Documentos y fotos» panel
(``templatetags/documents_admin.py``) listing its files with download links and two buttons that
open the upload forms below already pointed at that record (``?vinculo=cliente&registro=<id>``);
after the upload the admin goes back to the record. Files are downloaded through
``<id>/file/`` here, which checks the user's permission like any admin page.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.contrib.filters.admin import ChoicesRadioFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from fotostudio.admin.base import BaseModelAdmin, ServiceModelForm
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core import links
from fotostudio.core.errors import ApplicationError
from fotostudio.core.links import LinkRef

from .admin_urls import LINK_KEY_PARAM, LINK_RECORD_PARAM, file_url, record_admin_url
from .models import Document, DocumentType, Photo, PhotoType, StoredFile
from .selectors import document_list, photo_list
from .services import document_create, document_update, photo_create, photo_update, stored_file_delete
from .serving import stored_file_response


class LinkUploadForm(ServiceModelForm):
    """The model's fields plus the record the file is about: its kind and its id (prefilled from the panel)."""

    link_key = forms.ChoiceField(label=gettext_lazy("Tipo de registro"), required=False, widget=UnfoldAdminSelectWidget)
    link_record = forms.CharField(
        label=gettext_lazy("Id del registro"),
        required=False,
        max_length=36,
        widget=UnfoldAdminTextInputWidget,
        help_text=gettext_lazy("Más fácil: use «Adjuntar» en la ficha del registro y esto se rellena solo."),
    )
    link_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:  # the link is chosen on upload and stays
            self.fields.pop("link_key", None)
            self.fields.pop("link_record", None)
        if "link_key" in self.fields:
            empty = [] if self.link_required else [("", _("Ninguno"))]
            self.fields["link_key"].choices = empty + [
                (kind.key, capfirst(kind.label)) for kind in links.available_kinds()
            ]
            self.fields["link_key"].required = self.link_required
            self.fields["link_record"].required = self.link_required

    def clean(self):
        cleaned = super().clean()
        key, record = cleaned.get("link_key"), (cleaned.get("link_record") or "").strip()
        if key and not record:
            self.add_error("link_record", _("Indique el id del registro."))
        elif record and not key:
            self.add_error("link_key", _("Indique el tipo de registro."))
        elif record:
            try:
                uuid.UUID(record)
            except ValueError:
                self.add_error("link_record", _("«%(value)s» no es un identificador válido.") % {"value": record})
        return cleaned

    def link_ref(self) -> LinkRef | None:
        key, record = self.cleaned_data.get("link_key"), (self.cleaned_data.get("link_record") or "").strip()
        return LinkRef(key, record) if key and record else None


class PhotoUploadForm(LinkUploadForm):
    link_required = True


class StoredFileAdmin(BaseModelAdmin):
    """What both admins share: the link on upload, the download view, read-only file data."""

    search_column = "search_text"
    readonly_fields = [
        "file_link",
        "linked_record",
        "original_name",
        "mime_type",
        "size_text",
        "sha256",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    file_section = (
        gettext_lazy("Archivo"),
        {"fields": ["file_link", ("original_name", "mime_type", "size_text"), "sha256"]},
    )
    record_section = (
        gettext_lazy("Vínculo"),
        {"fields": ["linked_record", ("uploaded_by", "created_at", "updated_at")]},
    )

    # --- Pages ----------------------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/file/",
                self.admin_site.admin_view(self.file_view),
                name=f"{opts.app_label}_{opts.model_name}_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id):
        """The stored file, for a user who may see this row (404 for another business's or a missing one)."""
        row = self.get_object(request, object_id)
        if row is None:
            raise Http404(_("No existe ese archivo."))
        if not self.has_view_permission(request, row):
            raise PermissionDenied
        return stored_file_response(row)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        kind, record = self._link_from_query(request)
        if kind is not None:
            initial.update(link_key=kind.key, link_record=str(record.pk))
        return initial

    def _link_from_query(self, request):
        """The record the panel's button pointed the page at: ``(kind, record)`` or ``(None, None)``."""
        key, record_id = request.GET.get(LINK_KEY_PARAM), request.GET.get(LINK_RECORD_PARAM)
        if not key or not record_id:
            return None, None
        try:
            record = links.link_resolve(LinkRef(key, record_id), acting_user=request.user, tenant=request.tenant)
        except ApplicationError:
            return None, None
        return links.link_kind(key), record

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return (self.main_section(change=True), self.file_section, self.record_section)
        _kind, record = self._link_from_query(request)
        link_section = (
            gettext_lazy("Vínculo"),
            {
                "fields": [("link_key", "link_record")],
                "description": _("Se adjuntará a %(record)s.") % {"record": links.record_label(record)}
                if record is not None
                else "",
            },
        )
        return (self.main_section(change=False), link_section)

    def main_section(self, *, change: bool):
        raise NotImplementedError

    def response_add(self, request, obj, post_url_continue=None):
        """From a record's panel: back to that record once the file is attached."""
        response = super().response_add(request, obj, post_url_continue)
        _kind, record = self._link_from_query(request)
        back = record_admin_url(record) if record is not None else None
        if back and "_addanother" not in request.POST and "_continue" not in request.POST:
            return HttpResponseRedirect(back)
        return response

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = self._form_data(form, form.fields)
        upload = data.pop("file")
        link = form.link_ref()
        try:
            saved = self.upload(request, data, upload, link)
        except ApplicationError as error:  # a problem with the link belongs on the record's field
            errors = dict(error.errors)
            for key in ("link", link.key if link is not None else None):
                if key in errors:
                    errors["link_record"] = errors.pop(key)
            error.errors = errors
            raise
        self.adopt(obj, saved)

    def upload(self, request, data, upload, link):
        raise NotImplementedError

    def delete_object(self, request, obj):
        stored_file_delete(row=obj, acting_user=request.user)

    # --- Columns and read-only fields -------------------------------------------------------------------

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The linked records of the page: one query per kind of record, not one per row.
        records = links.linked_records(changelist.result_list)
        for row in changelist.result_list:
            row.linked = records.get(row.pk)
        return changelist

    @display(description=gettext_lazy("Registro"))
    def linked_record(self, row: StoredFile):
        record = row.linked if hasattr(row, "linked") else links.linked_records([row]).get(row.pk)
        if record is None:
            return "—"
        url = record_admin_url(record)
        label = links.record_label(record)
        return format_html('<a href="{}" class="underline">{}</a>', url, label) if url else label

    @display(description=gettext_lazy("Archivo"))
    def file_link(self, row: StoredFile):
        if not row.pk:
            return "—"
        return format_html(
            '<a href="{}" class="underline" data-testid="download">{}</a> ({})',
            file_url(row),
            _("Descargar %(name)s") % {"name": row.original_name},
            filesizeformat(row.size),
        )

    @display(description=gettext_lazy("Tamaño"), ordering="size")
    def size_text(self, row: StoredFile):
        return filesizeformat(row.size)


@admin.register(Document)
class DocumentAdmin(StoredFileAdmin):
    form = LinkUploadForm
    list_display = ["name", "type_badge", "linked_record", "original_name", "size_text", "uploaded_by", "created_at"]
    list_display_links = ["name"]
    list_display_phone = ("name", "type_badge", "linked_record")
    list_filter = [("document_type", ChoicesRadioFilter), ("created_at", DateRangeFilter)]
    list_filter_submit = True
    search_fields = ["name"]
    search_help_text = gettext_lazy("Nombre, descripción o nombre del archivo; sin importar tildes.")

    def main_section(self, *, change):
        fields = (
            ["document_type", "name", "description"] if change else ["document_type", "name", "file", "description"]
        )
        return (gettext_lazy("Documento"), {"fields": fields})

    def get_queryset(self, request):
        return document_list()

    def upload(self, request, data, upload, link):
        return document_create(data=data, upload=upload, link=link, acting_user=request.user)

    def update_object(self, request, document, data):
        return document_update(document=document, data=data, acting_user=request.user)

    @display(
        description=gettext_lazy("Tipo"),
        ordering="document_type",
        label={
            DocumentType.CERTIFICATE: "success",
            DocumentType.INSPECTION: "info",
            DocumentType.INVOICE: "warning",
            DocumentType.OTHER: "secondary",
        },
    )
    def type_badge(self, document: Document):
        return document.document_type, document.get_document_type_display()


@admin.register(Photo)
class PhotoAdmin(StoredFileAdmin):
    form = PhotoUploadForm
    list_display = ["thumbnail", "type_badge", "linked_record", "description", "size_text", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail"]
    list_display_phone = ("thumbnail", "type_badge", "linked_record")
    list_filter = [("photo_type", ChoicesRadioFilter), ("created_at", DateRangeFilter)]
    list_filter_submit = True
    search_fields = ["description"]
    search_help_text = gettext_lazy("Descripción o nombre del archivo; sin importar tildes.")
    readonly_fields = [*StoredFileAdmin.readonly_fields, "preview", "dimensions"]
    file_section = (
        gettext_lazy("Archivo"),
        {"fields": ["preview", "file_link", ("original_name", "mime_type", "size_text"), "dimensions", "sha256"]},
    )

    def main_section(self, *, change):
        fields = ["photo_type", "description"] if change else ["photo_type", "file", "description"]
        return (gettext_lazy("Foto"), {"fields": fields})

    def get_queryset(self, request):
        return photo_list()

    def upload(self, request, data, upload, link):
        return photo_create(data=data, upload=upload, link=link, acting_user=request.user)

    def update_object(self, request, photo, data):
        return photo_update(photo=photo, data=data, acting_user=request.user)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "file":
            field.label = _("Foto")
            field.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        return field

    @display(
        description=gettext_lazy("Tipo"),
        ordering="photo_type",
        label={PhotoType.PRODUCT: "success", PhotoType.PACKAGING: "info", PhotoType.OTHER: "secondary"},
    )
    def type_badge(self, photo: Photo):
        return photo.photo_type, photo.get_photo_type_display()

    @display(description=gettext_lazy("Foto"))
    def thumbnail(self, photo: Photo):
        return format_html(
            '<img src="{}" alt="{}" loading="lazy" style="height:48px;width:64px;object-fit:cover;border-radius:4px">',
            file_url(photo),
            photo.description or photo.original_name,
        )

    @display(description=gettext_lazy("Vista previa"))
    def preview(self, photo: Photo):
        if not photo.pk:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-height:320px;max-width:100%;border-radius:6px">',
            file_url(photo),
            photo.description or photo.original_name,
        )

    @display(description=gettext_lazy("Medidas"))
    def dimensions(self, photo: Photo):
        return f"{photo.width} × {photo.height} px"
