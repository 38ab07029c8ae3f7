"""The admin's sale form: who buys (optional) and for how much (blank: each product's sale price)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminSelectWidget

from modules.clients.models import Client


class ProductSaleForm(forms.Form):
    client = forms.ModelChoiceField(
        label=_("Cliente"),
        queryset=Client.objects.none(),
        required=False,
        empty_label=_("— Sin cliente (venta de mostrador) —"),
        widget=UnfoldAdminSelectWidget,
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.filter(is_active=True).order_by("name")
