from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import BooleanRadioFilter

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.spreadsheets.admin import SpreadsheetAdminMixin

from .models import Product
from .resources import ProductResource
from .selectors import product_list
from .services import product_create, product_delete, product_update, products_import


@admin.register(Product)
class ProductAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    list_display = ["name", "active_badge", "created_at"]
    list_display_phone = ("name", "active_badge")
    list_filter = [("is_active", BooleanRadioFilter), ("created_at", DateRangeFilter)]
    list_filter_submit = True
    search_fields = ["name"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Nombre o notas; sin importar tildes.")
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = ((None, {"fields": ["name", "is_active", "notes"]}),)
    resource_classes = [ProductResource]
    import_service = staticmethod(products_import)

    def get_queryset(self, request):
        return product_list()

    def create_object(self, request, data):
        return product_create(data=data, acting_user=request.user)

    def update_object(self, request, obj, data):
        return product_update(product=obj, data=data, acting_user=request.user)

    def delete_object(self, request, obj):
        product_delete(product=obj, acting_user=request.user)
