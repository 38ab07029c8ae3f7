"""Admin forms: input shape only; the rules come from the services."""

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminCheckboxSelectMultipleWidget

from fotostudio.core.errors import ConflictError

from .models import Client, SchoolLevel
from .services import client_check_document_available, client_validation_errors
from .validators import document_type_choices


class ClientAdminForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Niveles"),
        choices=SchoolLevel.choices,
        required=False,
        widget=UnfoldAdminCheckboxSelectMultipleWidget,
    )

    class Meta:
        model = Client
        fields = [
            "client_type",
            "document_type",
            "document",
            "name",
            "is_active",
            "email",
            "phone",
            "address",
            "city",
            "institution_code",
            "contact_name",
            "contact_role",
            "levels",
            "student_count",
            "school_year_start_month",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "document_type" in self.fields:
            self.fields["document_type"].required = False
            self.fields["document_type"].choices = [("", _("Deducir del número")), *document_type_choices()]
            self.fields["document_type"].help_text = _("Déjelo en blanco para una cédula (10 dígitos) o un RUC (13).")

    def _post_clean(self):
        """Validate with the service's rules (one definition of a valid client), not the model's alone."""
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        already_wrong = set(self.errors)
        errors = {
            field: messages
            for field, messages in client_validation_errors(self.instance).items()
            if field not in already_wrong
        }
        for field, messages in errors.items():
            self.add_error(field if field in self.fields else None, messages)
        if not errors and not already_wrong:
            try:
                client_check_document_available(self.instance)
            except ConflictError as exc:
                self.add_error("document", str(exc.message))
