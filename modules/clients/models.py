"""Clients: private customers (particulares) and the schools the studio works for (colegios)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.documents import document_type_choices, validate_phone
from fotostudio.core.models import TimeStampedModel, search_column, sort_key

from .counters import count_triggers


class ClientType(models.TextChoices):
    """Stored values are the API's values (``tipo``)."""

    PRIVATE = "particular", _("Particular")
    SCHOOL = "colegio", _("Colegio")


class SchoolLevel(models.TextChoices):
    """Levels of Ecuador's school system (LOEI) a school teaches."""

    INITIAL = "inicial", _("Educación inicial")
    PREPARATORY = "preparatoria", _("Preparatoria (1.º EGB)")
    ELEMENTARY = "basica_elemental", _("Básica elemental (2.º a 4.º EGB)")
    MIDDLE = "basica_media", _("Básica media (5.º a 7.º EGB)")
    UPPER = "basica_superior", _("Básica superior (8.º a 10.º EGB)")
    HIGH_SCHOOL = "bachillerato", _("Bachillerato (1.º a 3.º BGU)")


class Month(models.IntegerChoices):
    JANUARY = 1, _("enero")
    FEBRUARY = 2, _("febrero")
    MARCH = 3, _("marzo")
    APRIL = 4, _("abril")
    MAY = 5, _("mayo")
    JUNE = 6, _("junio")
    JULY = 7, _("julio")
    AUGUST = 8, _("agosto")
    SEPTEMBER = 9, _("septiembre")
    OCTOBER = 10, _("octubre")
    NOVEMBER = 11, _("noviembre")
    DECEMBER = 12, _("diciembre")


#: A school's own fields and their empty values: what a private client holds (see the check constraint).
SCHOOL_FIELD_EMPTY_VALUES = {
    "institution_code": "",
    "contact_name": "",
    "contact_role": "",
    "levels": [],
    "student_count": None,
    "school_year_start_month": None,
}
SCHOOL_FIELDS = tuple(SCHOOL_FIELD_EMPTY_VALUES)


@audited()
class Client(TimeStampedModel):
    client_type = models.CharField(
        _("tipo"), max_length=12, choices=ClientType.choices, default=ClientType.PRIVATE, db_index=True
    )
    document_type = models.CharField(_("tipo de documento"), max_length=20, choices=document_type_choices)
    document = models.CharField(
        _("documento"), max_length=20, help_text=_("Cédula, RUC o pasaporte; se guarda sin espacios ni guiones.")
    )
    name = models.CharField(_("nombre"), max_length=200, help_text=_("Nombre completo o nombre de la institución."))
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("dirección"), max_length=255, blank=True)
    city = models.CharField(_("ciudad"), max_length=100, blank=True, db_index=True)
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

    # A school's own data (empty for private clients).
    institution_code = models.CharField(
        _("código de institución"), max_length=20, blank=True, help_text=_("Código AMIE del Ministerio de Educación.")
    )
    contact_name = models.CharField(_("persona de contacto"), max_length=150, blank=True)
    contact_role = models.CharField(_("cargo del contacto"), max_length=100, blank=True)
    levels = ArrayField(
        models.CharField(max_length=20, choices=SchoolLevel.choices),
        verbose_name=_("niveles"),
        default=list,
        blank=True,
    )
    student_count = models.PositiveIntegerField(_("número de estudiantes"), null=True, blank=True)
    school_year_start_month = models.PositiveSmallIntegerField(
        _("inicio del año lectivo"),
        choices=Month.choices,
        null=True,
        blank=True,
        help_text=_("Mes en que empieza el año lectivo (Sierra: septiembre; Costa: mayo)."),
    )

    #: Maintained by PostgreSQL: what ``?search=`` looks in, folded (see ``fotostudio.core.search``).
    search_text = search_column("name", "document", "email", "phone", "contact_name")

    class Meta:
        verbose_name = _("cliente")
        verbose_name_plural = _("clientes")
        ordering = [sort_key("name").asc(), "id"]
        #: Downloading the list is a right of its own: it takes personal data out of the system.
        permissions = [("export_client", _("Puede exportar clientes"))]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                name="clients_client_document_unique",
                violation_error_message=_("Ya existe un cliente con este documento."),
            ),
            models.CheckConstraint(condition=Q(client_type__in=ClientType.values), name="clients_client_type_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="clients_client_name_not_empty"),
            models.CheckConstraint(condition=~Q(document=""), name="clients_client_document_not_empty"),
            models.CheckConstraint(
                condition=Q(school_year_start_month__isnull=True) | Q(school_year_start_month__range=(1, 12)),
                name="clients_client_school_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(client_type=ClientType.SCHOOL)
                | Q(
                    institution_code="",
                    contact_name="",
                    contact_role="",
                    levels=[],
                    student_count__isnull=True,
                    school_year_start_month__isnull=True,
                ),
                name="clients_client_school_data_only_for_schools",
            ),
        ]
        indexes = [
            models.Index(fields=["client_type", "name"], name="clients_type_name_idx"),
            models.Index(sort_key("name"), F("id"), name="clients_client_order_idx"),
        ]
        #: Keep ``ClientCount`` equal to the clients' own count (``counters.py``).
        triggers = count_triggers()

    def __str__(self) -> str:
        return f"{self.name} ({self.document})"

    @property
    def is_school(self) -> bool:
        return self.client_type == ClientType.SCHOOL

    def get_levels_display(self) -> str:
        labels = dict(SchoolLevel.choices)
        return ", ".join(str(labels.get(level, level)) for level in self.levels)


class ClientCount(models.Model):
    """How many clients of a type and state there are, and their students: written only by the triggers on
    ``clients_client`` (``counters.py``), read by ``selectors.client_counts``."""

    client_type = models.CharField(_("tipo"), max_length=12, choices=ClientType.choices)
    is_active = models.BooleanField(_("activo"))
    clients = models.IntegerField(_("clientes"))
    students = models.BigIntegerField(_("estudiantes"))

    class Meta:
        verbose_name = _("recuento de clientes")
        verbose_name_plural = _("recuentos de clientes")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["client_type", "is_active"], name="clients_count_key"),
        ]

    def __str__(self) -> str:
        return f"{self.client_type} {self.is_active}: {self.clients}"
