from fotostudio.api.filters import ApiFilterSet

from .models import Job
from .vocabulary import JOB


class JobFilter(ApiFilterSet):
    """``?estado=``, ``?tipo=``, ``?creado_en_desde=``/``?creado_en_hasta=`` and ``?ordering=``."""

    class Meta:
        model = Job
        vocabulary = JOB
        fields = {"status": ["exact"], "kind": ["exact"], "created_at": ["date__gte", "date__lte"]}
        ordering = ("created_at", "started_at", "finished_at", "status", "kind", "title")
