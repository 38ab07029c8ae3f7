from django.db.models import Count, Q, QuerySet

from .models import Tenant


def tenant_list() -> QuerySet[Tenant]:
    """Business tenants (the public schema's own row is not one), with their domains."""
    return Tenant.objects.exclude(schema_name="public").prefetch_related("domains").order_by("name")


def tenant_counts() -> dict[str, int]:
    return tenant_list().aggregate(total=Count("id"), active=Count("id", filter=Q(is_active=True)))
