from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role

#: Everyone who works on records may attach documents and photos to them; only the managers correct or delete.
_ATTACH = ("view", "add")


class DocumentsConfig(AppConfig):
    name = "fotostudio.documents"
    label = "documents"
    verbose_name = _("Documentos")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="documents",
        name=_("Documentos y fotos"),
        icon="folder_open",
        always_enabled=True,
        order=800,
        sidebar=(
            SidebarItem(_("Documentos"), "description", "documents.Document"),
            SidebarItem(_("Fotos"), "photo_library", "documents.Photo"),
        ),
        api_urls="fotostudio.documents.api.urls",
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: _ATTACH,
            Role.PRODUCTION: _ATTACH,
            Role.PHOTOGRAPHER: _ATTACH,
            Role.ACCOUNTING: _ATTACH,
            Role.FIELD_TECHNICIAN: _ATTACH,
            Role.QUALITY: _ATTACH,
            Role.LOGISTICS: _ATTACH,
            Role.READ_ONLY: ("view",),
        },
    )

    def ready(self):
        from fotostudio.core.links import register_link_holder

        from .models import Document, Photo

        # A record with documents or photos is protected from deletion, like a PROTECT foreign key.
        register_link_holder(Document)
        register_link_holder(Photo)
