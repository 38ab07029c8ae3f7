"""Admin forms: input shape only; the service validates and normalises."""

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget

from fotostudio.admin.base import ServiceModelForm
from fotostudio.core.documents import document_type_choices

from .models import SchoolLevel


class ClientAdminForm(ServiceModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Niveles"),
        choices=SchoolLevel.choices,
        required=False,
        widget=UnfoldAdminCheckboxSelectMultipleWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "document_type" in self.fields:
            self.fields["document_type"].required = False
            self.fields["document_type"].choices = [("", _("Deducir del número")), *document_type_choices()]
            self.fields["document_type"].help_text = _("Déjelo en blanco para una cédula (10 dígitos) o un RUC (13).")
