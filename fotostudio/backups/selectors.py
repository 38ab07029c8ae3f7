from django.db.models import QuerySet

from .models import Backup


def backup_list() -> QuerySet[Backup]:
    """The business's copies, newest first, with who started each (one query)."""
    return Backup.objects.select_related("started_by").order_by("-created_at", "id")


def backup_get(backup_id) -> Backup | None:
    return Backup.objects.filter(pk=backup_id).first()
