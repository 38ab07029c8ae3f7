from django.db.models import QuerySet

from .models import AccessLog, AccessResult


def access_log_recent(*, limit: int = 10, results: tuple[str, ...] = (AccessResult.LOGIN,)) -> QuerySet[AccessLog]:
    return AccessLog.objects.select_related("user").filter(result__in=results).order_by("-created_at")[:limit]
