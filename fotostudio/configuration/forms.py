"""The admin's form of one group of settings: one field per setting, built from its definition.

The form reads the input's shape (a number, a date, a file); the service checks the values
(``SettingDefinition.parse``) and its refusals are shown on the fields they are about.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from unfold.widgets import (
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminEmailInputWidget,
    UnfoldAdminImageFieldWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleTimeWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanSwitchWidget,
)

from .definitions import SettingDefinition, SettingType, time_zones


def field_name(key: str) -> str:
    """A form field's name for a setting key (``moneda.tasa_iva`` → ``moneda__tasa_iva``)."""
    return key.replace(".", "__")


def _limits(definition: SettingDefinition) -> dict[str, Any]:
    attrs = {}
    if definition.min_value is not None:
        attrs["min"] = definition.min_value
    if definition.max_value is not None:
        attrs["max"] = definition.max_value
    return attrs


def form_field(definition: SettingDefinition) -> forms.Field:
    common = {
        "label": definition.label,
        "help_text": definition.help,
        "required": definition.required and definition.type not in {SettingType.BOOLEAN, SettingType.IMAGE},
    }
    kind = definition.type
    if kind == SettingType.BOOLEAN:
        return forms.BooleanField(widget=UnfoldBooleanSwitchWidget, **common)
    if kind == SettingType.INTEGER:
        return forms.IntegerField(widget=UnfoldAdminIntegerFieldWidget(attrs=_limits(definition)), **common)
    if kind == SettingType.DECIMAL:
        step = str(1 / 10**definition.decimal_places) if definition.decimal_places else "1"
        attrs = {**_limits(definition), "step": step}
        return forms.DecimalField(widget=UnfoldAdminDecimalFieldWidget(attrs=attrs), **common)
    if kind == SettingType.EMAIL:
        return forms.CharField(widget=UnfoldAdminEmailInputWidget, max_length=definition.max_length, **common)
    if kind == SettingType.CHOICE:
        return forms.ChoiceField(choices=list(definition.choices), widget=UnfoldAdminSelectWidget, **common)
    if kind == SettingType.TIMEZONE:
        zones = [(zone, zone) for zone in sorted(time_zones())]
        return forms.ChoiceField(choices=zones, widget=UnfoldAdminSelectWidget, **common)
    if kind == SettingType.TIME:
        return forms.TimeField(widget=UnfoldAdminSingleTimeWidget(format="%H:%M"), **common)
    if kind == SettingType.IMAGE:
        return forms.ImageField(widget=UnfoldAdminImageFieldWidget, **common)
    return forms.CharField(widget=UnfoldAdminTextInputWidget, max_length=definition.max_length, strip=False, **common)


class SettingsGroupForm(forms.Form):
    """``definitions``: the group's settings; ``values``: their current values by key; ``read_only``: to look only."""

    def __init__(self, *args, definitions: list[SettingDefinition], values: dict[str, Any], read_only: bool, **kwargs):
        initial = {field_name(d.key): self._initial(d, values.get(d.key)) for d in definitions}
        super().__init__(*args, initial=initial, **kwargs)
        self.definitions = {field_name(definition.key): definition for definition in definitions}
        for name, definition in self.definitions.items():
            self.fields[name] = form_field(definition)
            self.fields[name].disabled = read_only

    @staticmethod
    def _initial(definition: SettingDefinition, value: Any) -> Any:
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return value

    def changed_values(self) -> dict[str, Any]:
        """The changed settings' new values, by key (a cleared image is ``None``)."""
        values = {}
        for name in self.changed_data:
            definition, value = self.definitions[name], self.cleaned_data.get(name)
            if definition.type == SettingType.IMAGE and value is False:  # «Borrar» ticked
                value = None
            values[definition.key] = value
        return values

    def add_service_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Put a service's errors by key on their fields; returns those that name no field here."""
        unplaced = []
        for key, messages in errors.items():
            name = field_name(key)
            if name in self.fields:
                self.add_error(name, list(messages))
            else:
                unplaced.extend(messages)
        return unplaced
