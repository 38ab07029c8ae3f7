from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.models import TimeStampedModel, search_column, sort_key


#: Every create, change and delete goes to the audit trail, with who, when and what changed (database
#: triggers: imports and bulk changes too). A new model of this module needs the same line.
@audited()
class Product(TimeStampedModel):
    name = models.CharField(_("nombre"), max_length=200)
    notes = models.TextField(_("notas"), blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Maintained by PostgreSQL: what ``?search=`` looks in, folded (see ``fotostudio.core.search``).
    search_text = search_column("name", "notes")

    class Meta:
        verbose_name = _("producto")
        verbose_name_plural = _("productos")
        ordering = [sort_key("name").asc(), "id"]
        #: Downloading the list (CSV/XLSX) is a right of its own; grant it with "export" in apps.py.
        permissions = [("export_product", _("Puede exportar productos"))]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="products_product_name_unique"),
            models.CheckConstraint(condition=~models.Q(name=""), name="products_product_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name
