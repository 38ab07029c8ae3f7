"""The admin's «Registrar producción» page: one formset per kind of line, and the notes."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminDateWidget,
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from modules.inventory.models import Material, MaterialCategory
from modules.products.models import ProductKind, ProductLocation, ProductStatus
from modules.products.services import CREATION_STATUSES

from .models import WasteReason
from .services import MAX_LINES, MAX_PRODUCTS

QUANTITY = {"max_digits": 12, "decimal_places": 3, "min_value": 0}


def _material_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=kwargs.pop("label", _("Material")),
        queryset=kwargs.pop("queryset", Material.objects.filter(is_active=True)),
        widget=UnfoldAdminSelectWidget,
        **kwargs,
    )


class ConsumptionForm(forms.Form):
    material = _material_field()
    quantity = forms.DecimalField(
        label=_("Consumo real"),
        help_text=_("Lo que se sacó del stock (varillas cortadas incluidas)."),
        widget=UnfoldAdminDecimalFieldWidget,
        **QUANTITY,
    )


class WasteForm(forms.Form):
    material = _material_field()
    quantity = forms.DecimalField(label=_("Merma"), widget=UnfoldAdminDecimalFieldWidget, **QUANTITY)
    reason = forms.ChoiceField(
        label=_("Motivo"),
        choices=[choice for choice in WasteReason.choices if choice[0] != WasteReason.SHORT_OFFCUT],
        widget=UnfoldAdminSelectWidget,
    )
    note = forms.CharField(label=_("Nota"), max_length=200, required=False, widget=UnfoldAdminTextInputWidget)


class OffcutForm(forms.Form):
    material = _material_field(
        label=_("Varilla"), queryset=Material.objects.filter(category=MaterialCategory.MOULDING, is_active=True)
    )
    length = forms.DecimalField(label=_("Largo (m)"), widget=UnfoldAdminDecimalFieldWidget, **QUANTITY)


class FinishedProductForm(forms.Form):
    description = forms.CharField(
        label=_("Descripción"), max_length=300, required=False, widget=UnfoldAdminTextInputWidget,
        help_text=_("Vacío: la de la orden."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Tipo"), choices=ProductKind.choices, widget=UnfoldAdminSelectWidget)
    sale_price = forms.DecimalField(
        label=_("Precio de venta"), max_digits=12, decimal_places=2, min_value=0, required=False,
        widget=UnfoldAdminDecimalFieldWidget,
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Estado"),
        choices=[
            ("", _("Según la orden")),
            *[(value, label) for value, label in ProductStatus.choices if value in CREATION_STATUSES],
        ],
        required=False,
        widget=UnfoldAdminSelectWidget,
        help_text=_("Vacío: reservado si la orden es de un pedido, disponible si es para stock."),
    )
    location = forms.ChoiceField(
        label=_("Ubicación"),
        choices=[choice for choice in ProductLocation.choices if choice[0] != ProductLocation.DELIVERED],
        widget=UnfoldAdminSelectWidget,
    )
    quantity = forms.IntegerField(
        label=_("Piezas"), min_value=1, max_value=MAX_PRODUCTS, initial=1, widget=UnfoldAdminIntegerFieldWidget
    )


class EfficiencyPeriodForm(forms.Form):
    """The period of the efficiency page: completed orders finished between two days (both included)."""

    desde = forms.DateField(label=_("Desde"), required=False, widget=UnfoldAdminDateWidget)
    hasta = forms.DateField(label=_("Hasta"), required=False, widget=UnfoldAdminDateWidget)

    @staticmethod
    def default_range() -> tuple[date, date]:
        today = timezone.localdate()
        month = today.replace(day=1)
        for _month in range(5):
            month = (month - timedelta(days=1)).replace(day=1)
        return month, today

    def clean(self):
        data = super().clean()
        if data.get("desde") and data.get("hasta") and data["hasta"] < data["desde"]:
            self.add_error("hasta", _("La fecha final no puede ser anterior a la inicial."))
        return data


class RegisterNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notas"), required=False, max_length=2000, widget=UnfoldAdminTextareaWidget(attrs={"rows": 2})
    )


def _formset(form, *, extra: int, max_num: int = MAX_LINES):
    return forms.formset_factory(form, extra=extra, max_num=max_num, validate_max=True)


ConsumptionFormSet = _formset(ConsumptionForm, extra=0)
WasteFormSet = _formset(WasteForm, extra=1)
OffcutFormSet = _formset(OffcutForm, extra=1)
ProductFormSet = _formset(FinishedProductForm, extra=0, max_num=MAX_PRODUCTS)
