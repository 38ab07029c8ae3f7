"""Write operations on users, roles and sessions."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.contrib.auth import password_validation
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.registry import all_modules, model_actions, permission_codename

from .models import Role, User
from .selectors import tenant_roles

#: Beyond the registry: administrators also see and edit the roles themselves.
ADMINISTRATOR_EXTRA_PERMISSIONS = ("auth.view_group", "auth.change_group")


class UserErrorCode(StrEnum):
    DUPLICATE_USERNAME = "user_duplicate_username"
    DUPLICATE_EMAIL = "user_duplicate_email"
    INVALID_PASSWORD = "user_invalid_password"
    WRONG_PASSWORD = "user_wrong_password"
    UNKNOWN_ROLE = "user_unknown_role"
    SELF_DELETE = "user_self_delete"
    INVALID = "user_invalid"


# --- Roles ------------------------------------------------------------------------


def role_permission_codenames() -> dict[Role, set[tuple[str, str]]]:
    """(app_label, codename) pairs each role gets, from every registered module's spec."""
    grants: dict[Role, set[tuple[str, str]]] = {role: set() for role in Role}
    for spec in all_modules():
        models = list(apps.get_app_config(spec.label).get_models())
        for role, actions in spec.roles.items():
            for model in models:
                grants[Role(role)].update(
                    (spec.label, permission_codename(action, model)) for action in model_actions(model, actions)
                )
    for permission in ADMINISTRATOR_EXTRA_PERMISSIONS:
        app_label, codename = permission.split(".")
        grants[Role.ADMINISTRATOR].add((app_label, codename))
    return grants


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Make the schema's role groups exactly the roles of its business type, with the registry's permissions.

    Groups of roles that belong to another kind of business are removed (an agro
    business has no «Fotógrafo»); the platform's own schema has no roles.
    """
    wanted_roles = set(tenant_roles())
    Group.objects.filter(name__in=[role for role in Role.values if role not in wanted_roles]).delete()
    permissions = {(p.content_type.app_label, p.codename): p for p in Permission.objects.select_related("content_type")}
    counts = {}
    for role, wanted in role_permission_codenames().items():
        if role not in wanted_roles:
            continue
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set([permissions[key] for key in wanted if key in permissions])
        counts[role.value] = len(wanted)
    return counts


def roles_sync_after_migrate(sender, using="default", **kwargs) -> None:
    """Keep roles in step after every migrate, in every schema (hooked to ``post_migrate``)."""
    if sender.label != "users":
        return
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


def _groups_for(roles: Iterable[str]) -> list[Group]:
    roles = list(dict.fromkeys(roles))
    valid = [role.value for role in tenant_roles()]
    unknown = [role for role in roles if role not in valid]
    if unknown:
        raise ApplicationError(
            _("Rol desconocido: %(roles)s.") % {"roles": ", ".join(unknown)},
            code=UserErrorCode.UNKNOWN_ROLE,
            errors={"roles": [_("Roles válidos: %(valid)s.") % {"valid": ", ".join(valid)}]},
        )
    groups = {group.name: group for group in Group.objects.filter(name__in=roles)}
    missing = [role for role in roles if role not in groups]
    if missing:
        roles_sync()
        groups = {group.name: group for group in Group.objects.filter(name__in=roles)}
    return [groups[role] for role in roles]


# --- Users --------------------------------------------------------------------------


def _validate_password(password: str, user: User | None = None, field: str = "password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            exc.messages[0], code=UserErrorCode.INVALID_PASSWORD, errors={field: exc.messages}
        ) from exc


def _check_unique(*, username: str | None, email: str | None, exclude: User | None = None) -> None:
    others = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    if username and others.filter(username__iexact=username).exists():
        raise ConflictError(
            _("Ya existe un usuario con el nombre de usuario «%(username)s».") % {"username": username},
            code=UserErrorCode.DUPLICATE_USERNAME,
            errors={"username": [_("Ya está en uso.")]},
        )
    if email and others.filter(email__iexact=email).exists():
        raise ConflictError(
            _("Ya existe un usuario con el correo «%(email)s».") % {"email": email},
            code=UserErrorCode.DUPLICATE_EMAIL,
            errors={"email": [_("Ya está en uso.")]},
        )


def _full_clean(user: User, exclude: list[str] | None = None) -> None:
    try:
        user.full_clean(exclude=["password", *(exclude or [])], validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError(
            _("Datos de usuario no válidos."), code=UserErrorCode.INVALID, errors=exc.message_dict
        ) from exc


def _normalise_email(email: str) -> str:
    """One spelling per address: e-mails are unique case-insensitively."""
    return User.objects.normalize_email(email.strip()).lower()


def user_validate_new(*, username: str, email: str, password: str) -> None:
    """Field and password checks of a new user, without touching the database (for a schema not yet created)."""
    user = User(username=username.strip(), email=_normalise_email(email))
    _full_clean(user)
    _validate_password(password, user)


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str,
    full_name: str = "",
    phone: str = "",
    roles: Iterable[str] = (),
    is_active: bool = True,
    is_staff: bool = True,
    is_superuser: bool = False,
    acting_user: User | None = None,
) -> User:
    username, email = username.strip(), _normalise_email(email)
    _check_unique(username=username, email=email)
    user = User(
        username=username,
        email=email,
        full_name=full_name.strip(),
        phone=phone.strip(),
        is_active=is_active,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    _full_clean(user)
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    if roles:
        user.groups.set(_groups_for(roles))
    return user


USER_EDITABLE_FIELDS = ("username", "email", "full_name", "phone", "is_active", "is_staff", "is_superuser", "avatar")


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any], acting_user: User | None = None) -> User:
    """Update the given fields; ``roles`` (a list of role names) replaces the user's roles."""
    changed = []
    for field in USER_EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            if field == "email":
                value = _normalise_email(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(user, field, value)
            changed.append(field)
    _check_unique(username=data.get("username") and user.username, email=data.get("email") and user.email, exclude=user)
    _full_clean(user)
    if "password" in data and data["password"]:
        _validate_password(data["password"], user)
        user.set_password(data["password"])
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    if "password" in changed or data.get("is_active") is False:
        user_revoke_refresh_tokens(user=user)
    if "roles" in data:
        user.groups.set(_groups_for(data["roles"]))
    return user


@transaction.atomic
def user_change_password(*, user: User, old_password: str, new_password: str) -> User:
    """Check the current password, apply Django's validators, and end every other session."""
    if not user.check_password(old_password):
        raise ApplicationError(
            _("La contraseña actual no es correcta."),
            code=UserErrorCode.WRONG_PASSWORD,
            errors={"old_password": [_("La contraseña actual no es correcta.")]},
        )
    _validate_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    user_revoke_refresh_tokens(user=user)
    return user


@transaction.atomic
def user_delete(*, user: User, acting_user: User) -> None:
    if user.pk == acting_user.pk:
        raise ConflictError(_("No puede eliminar su propio usuario."), code=UserErrorCode.SELF_DELETE)
    user.delete()


def user_revoke_refresh_tokens(*, user: User) -> int:
    """Blacklist every refresh token the user still holds (access tokens die with the password hash)."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(outstanding)
