from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import BooleanRadioFilter

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.spreadsheets.admin import SpreadsheetAdminMixin

from .models import Contract
from .resources import ContractResource
from .selectors import contract_list
from .services import contract_create, contract_delete, contract_update, contracts_import


@admin.register(Contract)
class ContractAdmin(SpreadsheetAdminMixin, BaseModelAdmin):
    list_display = ["name", "active_badge", "created_at"]
    list_display_phone = ("name", "active_badge")
    list_filter = [("is_active", BooleanRadioFilter), ("created_at", DateRangeFilter)]
    list_filter_submit = True
    search_fields = ["name"]  # shows the box; the search itself is the folded column's
    search_column = "search_text"
    search_help_text = _("Nombre o notas; sin importar tildes.")
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = ((None, {"fields": ["name", "is_active", "notes"]}),)
    resource_classes = [ContractResource]
    import_service = staticmethod(contracts_import)

    def get_queryset(self, request):
        return contract_list()

    def create_object(self, request, data):
        return contract_create(data=data, acting_user=request.user)

    def update_object(self, request, obj, data):
        return contract_update(contract=obj, data=data, acting_user=request.user)

    def delete_object(self, request, obj):
        contract_delete(contract=obj, acting_user=request.user)
