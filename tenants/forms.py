from django import forms
from django.utils.translation import gettext_lazy as _

from fotostudio.errors import ApplicationError

from .models import Tenant
from .services import tenant_check_available, tenant_validate_slug


class TenantCreationForm(forms.ModelForm):
    """Platform staff create a business with its host and first administrator in one form."""

    slug = forms.CharField(
        label=_("Identificador"),
        max_length=40,
        help_text=_("Nombre del esquema y subdominio: minúsculas, números o guion bajo."),
    )
    domain = forms.CharField(label=_("Dominio"), max_length=253, help_text=_("Por ejemplo: estudio.localhost"))
    admin_email = forms.EmailField(label=_("Correo del administrador"))
    admin_password = forms.CharField(label=_("Contraseña del administrador"), widget=forms.PasswordInput)

    class Meta:
        model = Tenant
        fields = ["name", "business_type", "plan", "timezone", "language"]

    def clean_slug(self):
        try:
            return tenant_validate_slug(self.cleaned_data["slug"])
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("slug") and cleaned.get("domain"):
            try:
                tenant_check_available(cleaned["slug"], cleaned["domain"].strip().lower())
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message) from exc
        return cleaned
