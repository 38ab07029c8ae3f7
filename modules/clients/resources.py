"""Clients in spreadsheets: one set of columns for export and import.

The columns are the vocabulary's names (the API's JSON keys) and each cell's widget
comes from the model field (``fotostudio.spreadsheets.resources.VocabularyResource``).
An exported file can be edited and imported into another business as it is. What is
the clients' own lives here: the cells the defaults do not read right (documents and
phones that lost their leading zero, school levels, months), the columns' other
spellings, their help text and the template's example rows.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotostudio.core.documents import document_type_choices
from fotostudio.spreadsheets.resources import ChoiceWidget, LeadingZeroWidget, VocabularyResource, fold_key, is_blank

from .models import Client, ClientType, Month, SchoolLevel
from .vocabulary import CLIENT

# --- Widgets of the clients' own cells --------------------------------------------------------


class MonthWidget(ChoiceWidget):
    """``9``, ``septiembre``, ``Setiembre`` → 9; exported as the month's name."""

    def __init__(self):
        super().__init__(Month.choices, default=None, aliases={"setiembre": Month.SEPTEMBER})

    def valid_text(self) -> str:
        return _("un número del 1 al 12 o el nombre del mes")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(Month(value).label)


class LevelsWidget(ChoiceWidget):
    """A list of school levels in one cell, separated by commas or semicolons."""

    SEPARATORS = re.compile(r"[,;|\n]")

    def __init__(self):
        super().__init__(
            SchoolLevel.choices,
            default=[],
            aliases={
                "elemental": SchoolLevel.ELEMENTARY,
                "basica elemental": SchoolLevel.ELEMENTARY,
                "media": SchoolLevel.MIDDLE,
                "basica media": SchoolLevel.MIDDLE,
                "superior": SchoolLevel.UPPER,
                "basica superior": SchoolLevel.UPPER,
                "bgu": SchoolLevel.HIGH_SCHOOL,
            },
        )

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return []
        lookup = self.lookup()
        levels, unknown = [], []
        for part in self.SEPARATORS.split(str(value)):
            if not part.strip():
                continue
            level = lookup.get(fold_key(part))
            if level is None:
                unknown.append(part.strip())
            elif level not in levels:
                levels.append(level)
        if unknown:
            raise ValueError(
                _("Niveles no reconocidos: %(unknown)s. Use: %(valid)s.")
                % {"unknown": ", ".join(unknown), "valid": self.valid_text()}
            )
        return levels

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


# --- The resource -------------------------------------------------------------------------------


class ClientResource(VocabularyResource):
    """Clients as spreadsheet columns (export; the import parser reuses the writable ones)."""

    vocabulary = CLIENT
    # Spreadsheets store documents and phones as numbers and drop the leading zero of a
    # cédula (10 digits) or RUC (13), and of a mobile (10) or landline (9) number.
    cell_widgets = {
        "client_type": ChoiceWidget(
            ClientType.choices, default=ClientType.PRIVATE, aliases={"escuela": ClientType.SCHOOL}
        ),
        "document_type": ChoiceWidget(document_type_choices, aliases={"cédula": "cedula", "ci": "cedula"}),
        "document": LeadingZeroWidget(lengths=(9, 12)),
        "phone": LeadingZeroWidget(lengths=(8, 9)),
        "levels": LevelsWidget(),
        "school_year_start_month": MonthWidget(),
    }

    class Meta:
        model = Client
        name = gettext_lazy("Clientes")
        # The id goes last: a file exported to be edited reads from the name on.
        fields = export_order = (*CLIENT.fields()[1:], "id")

    required_columns = ("documento", "nombre")
    #: Other spellings people give the columns (folded: lower case, no accents, ``_`` for spaces).
    header_aliases = {
        "tipo_cliente": "tipo",
        "tipo_de_cliente": "tipo",
        "tipo_de_documento": "tipo_documento",
        "cedula": "documento",
        "ruc": "documento",
        "cedula_ruc": "documento",
        "identificacion": "documento",
        "numero_documento": "documento",
        "numero_de_documento": "documento",
        "nombres": "nombre",
        "nombre_completo": "nombre",
        "razon_social": "nombre",
        "correo": "email",
        "correo_electronico": "email",
        "e_mail": "email",
        "celular": "telefono",
        "activo": "es_activo",
        "observaciones": "notas",
        "amie": "codigo_institucion",
        "codigo_amie": "codigo_institucion",
        "contacto": "contacto_nombre",
        "cargo": "contacto_cargo",
        "nivel": "niveles",
        "estudiantes": "numero_estudiantes",
        "numero_de_estudiantes": "numero_estudiantes",
        "mes_inicio_ano_lectivo": "mes_inicio_anio_lectivo",
        "inicio_ano_lectivo": "mes_inicio_anio_lectivo",
        "inicio_anio_lectivo": "mes_inicio_anio_lectivo",
    }
    column_help = {
        "tipo": gettext_lazy("particular (por defecto) o colegio."),
        "tipo_documento": gettext_lazy("cedula, ruc o pasaporte. En blanco: se deduce del número."),
        "documento": gettext_lazy("Obligatorio. Cédula (10 dígitos) o RUC (13) con dígito verificador válido."),
        "nombre": gettext_lazy("Obligatorio. Nombre completo o de la institución."),
        "email": gettext_lazy("Correo electrónico válido."),
        "telefono": gettext_lazy("De 7 a 15 dígitos; se admiten espacios, guiones y «+»."),
        "direccion": gettext_lazy("Calle, número e intersección."),
        "ciudad": gettext_lazy("Se guarda con mayúscula inicial: «quito» queda «Quito»."),
        "notas": gettext_lazy("Texto libre."),
        "es_activo": gettext_lazy("sí o no (por defecto sí)."),
        "niveles": gettext_lazy(
            "Solo colegios. Separados por comas: inicial, preparatoria, basica_elemental, basica_media, "
            "basica_superior, bachillerato."
        ),
        "numero_estudiantes": gettext_lazy("Solo colegios. Número entero."),
        "mes_inicio_anio_lectivo": gettext_lazy("Solo colegios. Número (1 a 12) o nombre del mes."),
        "codigo_institucion": gettext_lazy("Solo colegios. Código AMIE."),
        "contacto_nombre": gettext_lazy("Solo colegios."),
        "contacto_cargo": gettext_lazy("Solo colegios."),
    }
    #: The downloadable template's rows: a private client and a school.
    import_examples = (
        {
            "tipo": "particular",
            "tipo_documento": "cedula",
            "documento": "1700000019",
            "nombre": "María José Pérez",
            "email": "maria.perez@example.com",
            "telefono": "0991234567",
            "direccion": "Av. Amazonas N24-03",
            "ciudad": "Quito",
            "es_activo": "sí",
        },
        {
            "tipo": "colegio",
            "tipo_documento": "ruc",
            "documento": "1790000028001",
            "nombre": "Unidad Educativa San Andrés",
            "email": "secretaria@sanandres.edu.ec",
            "telefono": "022456789",
            "ciudad": "Quito",
            "es_activo": "sí",
            "codigo_institucion": "17H00123",
            "contacto_nombre": "Lcda. Rosa Almeida",
            "contacto_cargo": "Rectora",
            "niveles": "basica_media, basica_superior, bachillerato",
            "numero_estudiantes": "850",
            "mes_inicio_anio_lectivo": "septiembre",
        },
    )

    def get_queryset(self):
        from .selectors import client_list

        return client_list()
