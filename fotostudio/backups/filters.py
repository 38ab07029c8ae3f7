from fotostudio.api.filters import ApiFilterSet

from .models import Backup
from .vocabulary import BACKUP


class BackupFilter(ApiFilterSet):
    class Meta:
        model = Backup
        vocabulary = BACKUP
        fields = {"kind": ["exact"], "status": ["exact"], "created_at": ["date__gte", "date__lte"]}
        ordering = ("created_at",)
