"""Contracts and rosters in spreadsheets.

- ``ContractResource``: the contracts list as the admin exports it (columns by their API names;
  ``estado`` is the current status, ``colegio`` the school's name).
- ``RosterResource``: the school's list of students, imported into a contract's roster (the admin's
  «Importar listado» page on the contract) on the shared import engine.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import LeadingZeroWidget, VocabularyResource

from .models import Contract, RosterStudent
from .vocabulary import CONTRACT, ROSTER_STUDENT


class ContractResource(VocabularyResource):
    vocabulary = CONTRACT

    class Meta:
        model = Contract
        name = gettext_lazy("Contratos con colegios")
        fields = export_order = (
            "number",
            "school",
            "title",
            "academic_year",
            "start_date",
            "end_date",
            "status",
            "commission_rate",
            "expected_students",
            "deposit",
            "terms",
            "created_by",
            "created_at",
            "id",
        )

    required_columns = ()

    def dehydrate_school(self, contract: Contract) -> str:
        return contract.school.name

    def dehydrate_status(self, contract: Contract) -> str:
        return getattr(contract, "current_status", contract.status)

    def get_queryset(self):
        from .selectors import contract_list

        return contract_list()


class RosterResource(VocabularyResource):
    """The roster's columns: estudiante and grado are required; the rest may be blank."""

    vocabulary = ROSTER_STUDENT
    # Spreadsheets store phone numbers as numbers and drop the leading zero (0991234567).
    cell_widgets = {"phone": LeadingZeroWidget(lengths=(8, 9))}

    class Meta:
        model = RosterStudent
        name = gettext_lazy("Listado de estudiantes")
        fields = export_order = ("student_name", "grade", "section", "guardian_name", "phone", "email")

    required_columns = ("estudiante", "grado")
    #: Other spellings schools give the columns (folded: lower case, no accents, ``_`` for spaces).
    header_aliases = {
        "alumno": "estudiante",
        "nombre": "estudiante",
        "nombres": "estudiante",
        "nombre_del_estudiante": "estudiante",
        "apellidos_y_nombres": "estudiante",
        "curso": "grado",
        "grado_curso": "grado",
        "anio": "grado",
        "seccion": "paralelo",
        "representante_legal": "representante",
        "padre_madre_o_representante": "representante",
        "nombre_del_representante": "representante",
        "celular": "telefono",
        "telefono_del_representante": "telefono",
        "correo": "email",
        "correo_electronico": "email",
        "e_mail": "email",
    }
    column_help = {
        "estudiante": gettext_lazy("Obligatorio. Apellidos y nombres del estudiante."),
        "grado": gettext_lazy("Obligatorio. Grado o curso (por ejemplo «7.º EGB» o «3.º BGU»)."),
        "paralelo": gettext_lazy("Letra del paralelo (A, B…); se guarda en mayúsculas."),
        "representante": gettext_lazy("Nombre del padre, madre o representante."),
        "telefono": gettext_lazy("De 7 a 15 dígitos; se admiten espacios, guiones y «+»."),
        "email": gettext_lazy("Correo electrónico válido del representante."),
    }
    import_examples = (
        {
            "estudiante": "Andrade Pérez María José",
            "grado": "7.º EGB",
            "paralelo": "A",
            "representante": "Lucía Pérez",
            "telefono": "0991234567",
            "email": "lucia.perez@example.com",
        },
        {
            "estudiante": "Cevallos Loor Juan Carlos",
            "grado": "3.º BGU",
            "paralelo": "B",
            "representante": "Marco Cevallos",
            "telefono": "0987654321",
            "email": "",
        },
    )
