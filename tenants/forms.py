from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminEmailInputWidget, UnfoldAdminPasswordWidget, UnfoldAdminTextInputWidget

from fotostudio.admin.base import apply_service_error
from fotostudio.core.errors import ApplicationError

from .models import Tenant
from .services import tenant_validate_new, tenant_validate_slug

ADMIN_USERNAME = "admin"


class TenantCreationForm(forms.ModelForm):
    """Platform staff create a business with its host and first administrator in one form."""

    # Fields that are not the model's get no admin widget from Django: without unfold's they render bare.
    slug = forms.CharField(
        label=_("Identificador"),
        max_length=40,
        help_text=_("Nombre del esquema y subdominio: minúsculas, números o guion bajo."),
        widget=UnfoldAdminTextInputWidget,
    )
    domain = forms.CharField(
        label=_("Dominio"),
        max_length=253,
        help_text=_("Por ejemplo: estudio.localhost"),
        widget=UnfoldAdminTextInputWidget,
    )
    admin_email = forms.EmailField(label=_("Correo del administrador"), widget=UnfoldAdminEmailInputWidget)
    admin_password = forms.CharField(
        label=_("Contraseña del administrador"),
        widget=UnfoldAdminPasswordWidget,
        help_text=_("La primera persona que entrará al panel del negocio, con el usuario «admin»."),
    )

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
        required = ("slug", "domain", "admin_email", "admin_password")
        if all(cleaned.get(field) for field in required):
            try:
                tenant_validate_new(
                    slug=cleaned["slug"],
                    domain=cleaned["domain"],
                    admin_username=ADMIN_USERNAME,
                    admin_email=cleaned["admin_email"],
                    admin_password=cleaned["admin_password"],
                )
            except ApplicationError as exc:
                apply_service_error(self, exc)
        return cleaned
