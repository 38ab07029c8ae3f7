"""The admin's sale form: who buys (optional) and for how much (blank: each product's sale price)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminDecimalFieldWidget

from modules.clients.models import Client

from .models import Product


class ClientAutocomplete(AutocompleteSelect):
    """The admin's own client search (what ``autocomplete_fields`` uses), styled as unfold's."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = f"{attrs.get('class', '')} unfold-admin-autocomplete".strip()
        attrs["data-placeholder"] = str(_("Buscar por nombre o documento…"))
        return attrs


class ProductSaleForm(forms.Form):
    client = forms.ModelChoiceField(
        label=_("Cliente"),
        queryset=Client.objects.all(),
        required=False,
        help_text=_("Vacío: venta de mostrador, sin cliente."),
        # the search runs in the admin's autocomplete view: clients the user may see, by the clients' search
        widget=ClientAutocomplete(Product._meta.get_field("sold_to"), admin.site),
    )
    price = forms.DecimalField(
        label=_("Precio de la venta"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Vacío: el precio de venta de cada producto."),
        widget=UnfoldAdminDecimalFieldWidget,
    )
