"""``/administracion/backups/`` (list) and ``/administracion/backups/ejecutar/`` (start a copy)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from ..filters import BackupFilter
from ..selectors import backup_list
from ..services import backup_start
from .serializers import BackupSerializer

WHAT = _(
    "Copias de seguridad de los datos del negocio (solo los de este negocio: su esquema de la base de datos), "
    "de la más reciente a la más antigua: `tipo` (`MANUAL`, `PROGRAMADO` o `SEGURIDAD`, la que se hace antes de "
    "restaurar), `estado` (`PENDIENTE`, `EN_CURSO`, `COMPLETADO`, `FALLIDO`), el archivo con su `tamano` y su "
    "huella `sha256`, cuánto tardó y quién la pidió. Los archivos de documentos y fotos no van en la copia."
)


@extend_schema_view(
    get=extend_schema(
        summary=_("Listar copias de seguridad"),
        description=format_lazy(
            "{} {}", WHAT, _("Administrador y Gerente; filtros `tipo`, `estado`, `creado_en_desde`, `creado_en_hasta`.")
        ),
    )
)
@extend_schema(tags=["administracion"])
class BackupListView(generics.ListAPIView):
    serializer_class = BackupSerializer
    filterset_class = BackupFilter

    def get_queryset(self):
        return backup_list()


@extend_schema(
    tags=["administracion"],
    summary=_("Ejecutar una copia de seguridad"),
    description=_(
        "Sin cuerpo. Empieza una copia de seguridad del negocio en segundo plano y responde 201 con la copia "
        "(`estado` `PENDIENTE`) y su `trabajo`, cuyo avance da `/api/v1/jobs/{id}/`. Solo Administrador (403 para "
        "los demás)."
    ),
    request=None,
    responses={201: OpenApiResponse(response=BackupSerializer, description=_("Copia creada"))},
    examples=[
        OpenApiExample(
            _("Copia en cola"),
            response_only=True,
            status_codes=["201"],
            value={
                "id": "0b6f3c1e-2d4a-4f6e-9a51-7c2b8e9d1f30",
                "tipo": "MANUAL",
                "estado": "PENDIENTE",
                "archivo": "",
                "tamano": None,
                "sha256": "",
                "duracion_segundos": None,
                "tablas": None,
                "error": "",
                "iniciado_por": {
                    "id": "5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    "username": "admin",
                    "nombre_completo": "Administradora",
                },
                "trabajo": "7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
                "creado_en": "2026-11-29T02:00:00-05:00",
                "terminado_en": None,
            },
        )
    ],
)
class BackupRunView(APIView):
    required_permissions = ["backups.add_backup"]

    def get_serializer_class(self):
        return BackupSerializer

    def post(self, request):
        backup = backup_start(acting_user=request.user)
        return Response(BackupSerializer(backup).data, status=status.HTTP_201_CREATED)
