from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from ..filters import JobFilter
from ..selectors import job_list
from .serializers import JobSerializer

WHO_SEES = _(
    "Cada usuario ve los trabajos que inició; Administrador y Gerente ven todos los del negocio. Un trabajo "
    "que el usuario no puede ver responde 404."
)
STATES = _(
    "`estado`: `queued` (en cola, también mientras espera un nuevo intento tras un problema pasajero), "
    "`running`, `succeeded`, `failed` (con `error` en palabras para el usuario) o `cancelled`. `hechos` de "
    "`total` y `porcentaje` dicen el avance; `mensaje`, lo que está haciendo."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar trabajos en segundo plano"),
        description=format_lazy(
            "{} {} {}",
            _(
                "Los trabajos largos del negocio (importaciones, exportaciones, copias de seguridad…), del más "
                "reciente al más antiguo. Los terminados se borran pasados los días que fija la plataforma."
            ),
            WHO_SEES,
            STATES,
        ),
    ),
    retrieve=extend_schema(
        summary=_("Estado y avance de un trabajo"),
        description=format_lazy(
            "{} {} {}",
            _("Consúltelo cada uno o dos segundos para mostrar una barra de avance hasta que termine."),
            STATES,
            WHO_SEES,
        ),
    ),
)
@extend_schema(tags=["jobs"])
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Background jobs and their progress: read-only, each user's own (all of them for managers)."""

    serializer_class = JobSerializer
    filterset_class = JobFilter

    def get_queryset(self):
        return job_list(user=self.request.user)
