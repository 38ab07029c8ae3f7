"""The names of contract fields outside Python: JSON keys, spreadsheet columns and query parameters."""

from fotostudio.core.vocabulary import Vocabulary

from .models import Contract, ContractPackage, RosterStudent

CONTRACT = Vocabulary(
    Contract,
    {
        "id": "id",
        "number": "numero",
        "school": "colegio",
        "title": "titulo",
        "academic_year": "anio_lectivo",
        "start_date": "fecha_inicio",
        "end_date": "fecha_fin",
        "status": "estado",
        "terms": "terminos",
        "commission_rate": "comision_porcentaje",
        "expected_students": "estudiantes_previstos",
        "deposit": "anticipo",
        "packages": "paquetes",
        "roster_count": "estudiantes_listado",
        "orders_count": "pedidos",
        "commission_owed": "comision_adeudada",
        "created_by": "creado_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
    extra=("packages", "roster_count", "orders_count", "commission_owed"),
)

PACKAGE = Vocabulary(
    ContractPackage,
    {"id": "id", "name": "nombre", "contents": "contenido", "unit_price": "precio_unitario"},
)

ROSTER_STUDENT = Vocabulary(
    RosterStudent,
    {
        "id": "id",
        "student_name": "estudiante",
        "grade": "grado",
        "section": "paralelo",
        "guardian_name": "representante",
        "phone": "telefono",
        "email": "email",
    },
)
