from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django_tenants.utils import get_public_schema_name, schema_context

from fotostudio.core.registry import all_modules
from tenants.models import Tenant

from .models import Role, User
from .roles import roles_for


def current_business_type() -> str | None:
    """The business type of the schema the connection is in (``None`` in the platform's own schema).

    During ``migrate_schemas`` the connection holds only the schema's name, so the
    type is then read from the tenant's row in the public schema.
    """
    schema = connection.schema_name
    if schema == get_public_schema_name():
        return None
    business_type = getattr(getattr(connection, "tenant", None), "business_type", None)
    if business_type:
        return business_type
    with schema_context(get_public_schema_name()):
        return Tenant.objects.filter(schema_name=schema).values_list("business_type", flat=True).first()


def tenant_roles() -> list[Role]:
    """The roles of the current schema's business (see ``fotostudio.users.roles``)."""
    return roles_for(current_business_type())


def user_for_alias(alias: str) -> User | None:
    """The user an alias typed at sign-in names: the username or the e-mail, case-insensitively.

    The comparison is PostgreSQL's ``UPPER()`` (``iexact``), so every spelling the database
    folds together names the same user (``produccıon``, with a dotless ı, is ``produccion``).
    The sign-in backend and the sign-in limiter both resolve aliases here.
    """
    return User.objects.filter(Q(username__iexact=alias) | Q(email__iexact=alias)).first()


def role_group_list() -> QuerySet[Group]:
    """The groups of the current business's roles, in the roles' order (Administrador first)."""
    roles = [role.value for role in tenant_roles()]
    if not roles:
        return Group.objects.none()
    order = Case(*(When(name=name, then=Value(index)) for index, name in enumerate(roles)), output_field=IntegerField())
    return Group.objects.filter(name__in=roles).order_by(order)


def user_list() -> QuerySet[User]:
    return User.objects.prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name"))).order_by(
        "username"
    )


def user_role_names(user: User) -> list[str]:
    """Role names, from the prefetched groups when the queryset prefetched them."""
    return [group.name for group in user.groups.all()]


def permission_list() -> QuerySet[Permission]:
    """Permissions of the platform's modules (the roles themselves included: ``users.*_rolegroup``)."""
    labels = [spec.label for spec in all_modules()]
    return (
        Permission.objects.select_related("content_type")
        .filter(content_type__app_label__in=labels)
        .order_by("content_type__app_label", "content_type__model", "codename")
    )


def active_user_count() -> int:
    """Active users holding at least one role, each counted once however many roles they hold."""
    return User.objects.filter(is_active=True, groups__name__in=Role.values).distinct().count()


def users_by_role() -> list[tuple[str, int]]:
    counts = dict(
        Group.objects.filter(name__in=Role.values)
        .annotate(total=Count("user", filter=Q(user__is_active=True)))
        .values_list("name", "total")
    )
    return [(role.label, counts.get(role.value, 0)) for role in tenant_roles()]
