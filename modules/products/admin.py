"""Finished products in the staff admin: list with status and location badges, filters, search, the sale
(an action on the list and a button on the product's page, both asking the client and the price) and the
printable QR labels (a sheet for the selected products, one label from the product's page)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.contrib.filters.admin import ChoicesDropdownFilter, ChoicesRadioFilter
from unfold.decorators import action, display

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core.errors import ApplicationError
from fotostudio.core.links import linked_records, record_label
from fotostudio.spreadsheets.admin import SpreadsheetAdminMixin

from .forms import ProductSaleForm
from .labels import label_pdf, labels_pdf
from .models import SELLABLE_STATUSES, SOLD_STATUSES, Product, ProductLocation, ProductStatus
from .resources import ProductResource
from .selectors import product_list
from .services import CREATION_STATUSES, TRANSITIONS, product_create, product_delete, product_sell, product_update

STATUS_COLOURS = {
    ProductStatus.IN_PRODUCTION: "info",
    ProductStatus.AVAILABLE: "success",
    ProductStatus.RESERVED: "warning",
    ProductStatus.SOLD: "primary",
    ProductStatus.DELIVERED: "default",
}
LOCATION_COLOURS = {
    ProductLocation.WORKSHOP: "info",
    ProductLocation.SHOWCASE: "success",
    ProductLocation.STOREROOM: "warning",
    ProductLocation.DELIVERED: "default",
}


def product_admin_url(request, product: Product) -> str:
    """The absolute address of the product's admin page on this business's host (what its QR code holds)."""
    return request.build_absolute_uri(reverse("admin:products_product_change", args=[product.pk]))


@admin.register(Product)
class ProductAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    list_display = [
        "code",
        "description",
        "kind",
        "dimensions_text",
        "status_badge",
        "location_badge",
        "sale_price",
        "sold_at",
    ]
    list_display_links = ["code", "description"]
    list_display_phone = ("code", "status_badge", "sale_price")
    list_filter = [
        ("status", ChoicesRadioFilter),
        ("location", ChoicesRadioFilter),
        ("kind", ChoicesDropdownFilter),
        ("created_at", DateRangeFilter),
        ("sold_at", DateRangeFilter),
    ]
    list_filter_submit = True
    search_fields = ["code"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Código, descripción o notas; sin importar tildes.")
    readonly_fields = [
        "origin",
        "sold_at",
        "sold_to",
        "sold_price",
        "sold_by",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["sell_products", "print_labels"]
    actions_detail = ["sell_detail", "label_detail"]
    fieldsets = (
        (_("Producto"), {"fields": ["code", "description", "kind", ("width_cm", "height_cm")]}),
        (_("Estado y ubicación"), {"fields": [("status", "location")]}),
        (_("Valores"), {"fields": [("cost", "sale_price")]}),
        (_("Notas"), {"fields": ["notes"]}),
    )
    change_fieldsets = (
        (_("Origen"), {"fields": ["origin"]}),
        (_("Venta"), {"fields": [("sold_at", "sold_price"), ("sold_to", "sold_by")]}),
        (_("Registro"), {"fields": [("created_by", "created_at", "updated_at")]}),
    )

    resource_classes = [ProductResource]

    def has_import_permission(self, request):
        return False  # products come from the workshop or are registered one by one

    def get_queryset(self, request):
        return product_list()

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The status offers only where the product may go from here (selling is the «Vender» button), and
        «entregado» is a location only for a delivered product."""
        form = super().get_form(request, obj, change=change, **kwargs)
        current = obj.status if obj is not None else None
        statuses = [current, *TRANSITIONS[current]] if current else list(CREATION_STATUSES)
        status_field = form.base_fields.get("status")
        if status_field is not None:
            status_field.choices = [(value, label) for value, label in ProductStatus.choices if value in statuses]
        location_field = form.base_fields.get("location")
        if location_field is not None and current != ProductStatus.DELIVERED:
            location_field.choices = [
                (value, label) for value, label in ProductLocation.choices if value != ProductLocation.DELIVERED
            ]
        return form

    def has_delete_permission(self, request, obj=None):
        # a sale is revenue: the service refuses it, the page does not offer it
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.status in SOLD_STATUSES)

    def get_fieldsets(self, request, obj=None):
        return (*self.fieldsets, *self.change_fieldsets) if obj else self.fieldsets

    @display(description=_("Medidas"))
    def dimensions_text(self, product: Product):
        return product.dimensions or "—"

    @display(description=_("Estado"), ordering="status", label={k.value: v for k, v in STATUS_COLOURS.items()})
    def status_badge(self, product: Product):
        return product.status, product.get_status_display()

    @display(description=_("Ubicación"), ordering="location", label={k.value: v for k, v in LOCATION_COLOURS.items()})
    def location_badge(self, product: Product):
        return product.location, product.get_location_display()

    @display(description=_("Origen"))
    def origin(self, product: Product):
        record = linked_records([product]).get(product.pk) if product.link_id else None
        return record_label(record) if record is not None else "—"

    # --- Writes go through the services ------------------------------------------------------

    def create_object(self, request, data):
        return product_create(data=data, acting_user=request.user)

    def update_object(self, request, product, data):
        return product_update(product=product, data=data, acting_user=request.user)

    def delete_object(self, request, product):
        product_delete(product=product, acting_user=request.user)

    # --- The sale ---------------------------------------------------------------------------------

    def _sale_page(self, request, products, form, *, selected_action: bool):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Vender productos"),
            "opts": self.model._meta,
            "products": products,
            "form": form,
            "selected_action": selected_action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/products/product/sell.html", context)

    def _sell(self, request, products, form) -> int:
        sold = 0
        for product in products:
            product_sell(
                product=product,
                client=form.cleaned_data["client"],
                price=form.cleaned_data["price"],
                acting_user=request.user,
            )
            sold += 1
        return sold

    @action(description=_("Vender los productos seleccionados"), permissions=["change"])
    def sell_products(self, request, queryset):
        products = list(queryset)
        form = ProductSaleForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            sold = self._sell(request, products, form)
            message = ngettext("%(count)d producto vendido.", "%(count)d productos vendidos.", sold)
            self.message_user(request, message % {"count": sold}, messages.SUCCESS)
            return None
        return self._sale_page(request, products, form, selected_action=True)

    @action(description=_("Vender"), url_path="sell", icon="point_of_sale", permissions=["change"])
    def sell_detail(self, request, object_id):
        product = self._product_or_404(request, object_id)
        change_url = reverse("admin:products_product_change", args=[product.pk])
        if product.status not in SELLABLE_STATUSES:
            self.message_user(
                request,
                _("Solo se vende un producto disponible o reservado; este está «%(status)s».")
                % {"status": product.get_status_display()},
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        form = ProductSaleForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                self._sell(request, [product], form)
            except ApplicationError as error:
                self.message_user(request, str(error.message), messages.ERROR)
                return HttpResponseRedirect(change_url)
            self.message_user(request, _("Producto %(code)s vendido.") % {"code": product.code}, messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        return self._sale_page(request, [product], form, selected_action=False)

    # --- Labels ---------------------------------------------------------------------------------

    @action(description=_("Imprimir etiquetas con código QR"), permissions=["view"])
    def print_labels(self, request, queryset):
        products = list(queryset.order_by("code"))
        pdf = labels_pdf(products, lambda product: product_admin_url(request, product))
        # a sheet is downloaded (to print on label paper); a single label opens in the browser
        return self._pdf(pdf, f"etiquetas-{timezone.localdate():%Y-%m-%d}.pdf", disposition="attachment")

    @action(description=_("Etiqueta"), url_path="label", icon="qr_code_2", permissions=["view"])
    def label_detail(self, request, object_id):
        product = self._product_or_404(request, object_id)
        return self._pdf(label_pdf(product, product_admin_url(request, product)), f"etiqueta-{product.code}.pdf")

    @staticmethod
    def _pdf(content: bytes, filename: str, *, disposition: str = "inline") -> HttpResponse:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response

    def _product_or_404(self, request, object_id) -> Product:
        product = self.get_object(request, unquote(object_id))
        if product is None:
            raise Http404(_("No existe ese producto."))
        if not self.has_view_permission(request, product):
            raise PermissionDenied
        return product
