"""Write operations on users, roles and sessions."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from fotostudio.audit.models import AccessChannel, AccessResult
from fotostudio.audit.services import access_log_record
from fotostudio.core.documents import compact_phone
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.network import client_ip
from fotostudio.core.registry import all_modules, model_actions, permission_codename
from fotostudio.core.text import fold_identifier, is_printable

from .models import LoginBucket, Role, RoleGroup, User
from .selectors import tenant_roles, user_for_alias

#: Beyond the registry: administrators also see and edit the roles themselves (no role is granted
#: anything else on them: roles are the enum's, created and removed by ``roles_sync``).
ADMINISTRATOR_EXTRA_PERMISSIONS = ("users.view_rolegroup", "users.change_rolegroup")


class UserErrorCode(StrEnum):
    DUPLICATE_USERNAME = "user_duplicate_username"
    DUPLICATE_EMAIL = "user_duplicate_email"
    INVALID_PASSWORD = "user_invalid_password"
    WRONG_PASSWORD = "user_wrong_password"
    UNKNOWN_ROLE = "user_unknown_role"
    SELF_DELETE = "user_self_delete"
    INVALID = "user_invalid"
    LAST_ADMINISTRATOR = "user_last_administrator"
    #: Signing in (the API's codes since its first version).
    INVALID_CREDENTIALS = "invalid_credentials"
    THROTTLED = "throttled"


# --- Roles ------------------------------------------------------------------------


def role_permission_codenames() -> dict[Role, set[tuple[str, str]]]:
    """(app_label, codename) pairs each role gets, from every registered module's spec."""
    grants: dict[Role, set[tuple[str, str]]] = {role: set() for role in Role}
    for spec in all_modules():
        models = [model for model in apps.get_app_config(spec.label).get_models() if model is not RoleGroup]
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


def _normalise_phone(phone: str) -> str:
    """Compacted as clients' phones are (``(02) 245-6789`` → ``022456789``). Control characters inside are
    kept, so the model's ``validate_phone`` refuses them instead of their being silently dropped."""
    phone = phone.strip()
    return compact_phone(phone) if is_printable(phone) else phone


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
        phone=_normalise_phone(phone),
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


def _removes_an_administrator(data: dict[str, Any]) -> bool:
    """Whether an update could take its user out of the active administrators."""
    return data.get("is_active") is False or ("roles" in data and Role.ADMINISTRATOR not in data["roles"])


def _refuse_removing_the_last_administrator(user: User) -> None:
    """A business keeps at least one active Administrador: refuse to remove the last one.

    The Administrador role's row is locked first, so two administrators removing each other
    at the same moment take turns: the second one sees the first's change and is refused.
    (``no_key``: adding someone to a role, which only shares the row's key, does not wait.)
    """
    administrators = Group.objects.select_for_update(no_key=True).filter(name=Role.ADMINISTRATOR).first()
    if administrators is None:  # the platform's own schema has no roles
        return
    active = User.objects.filter(is_active=True, groups=administrators)
    if active.filter(pk=user.pk).exists() and not active.exclude(pk=user.pk).exists():
        raise ConflictError(
            _("«%(user)s» es el único Administrador activo: el negocio no puede quedarse sin administradores.")
            % {"user": user.get_username()},
            code=UserErrorCode.LAST_ADMINISTRATOR,
        )


USER_EDITABLE_FIELDS = ("username", "email", "full_name", "phone", "is_active", "is_staff", "is_superuser", "avatar")


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any], acting_user: User | None = None) -> User:
    """Update the given fields; ``roles`` (a list of role names) replaces the user's roles.

    The business's last active Administrador cannot lose the role or be deactivated (409).
    """
    if _removes_an_administrator(data):
        _refuse_removing_the_last_administrator(user)
    changed = []
    for field in USER_EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            if field == "email":
                value = _normalise_email(value)
            elif field == "phone":
                value = _normalise_phone(value or "")
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
    _refuse_removing_the_last_administrator(user)
    user.delete()


def user_revoke_refresh_tokens(*, user: User) -> int:
    """Blacklist every refresh token the user still holds (access tokens die with the password hash)."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    return len(outstanding)


# --- Signing in ---------------------------------------------------------------------------
#
# One limiter for both doors (the API's token and the admin's form), counted in the schema's
# database (docs/decisions.md): failures of an account from one address, of an address across
# accounts, and of an account from every address. An attempt is counted *before* its password
# is checked, under row locks, so attempts made at the same moment cannot all pass a limit.


@dataclass(frozen=True)
class LoginAttempt:
    """A counted attempt: its buckets (in lock order) and, when refused, the seconds to wait."""

    bucket_ids: tuple[uuid.UUID, ...]
    pair_id: uuid.UUID
    retry_after: int | None = None


def _login_window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_LIMIT_WINDOW_SECONDS)


def login_account_key(alias: str) -> str:
    """The bucket key of the account an alias names: the user's pk when it names one (resolved as the
    sign-in backend does, so every spelling shares it), else the alias's folded form."""
    user = user_for_alias(alias)
    if user is not None:
        return f"user:{user.pk}"
    return f"name:{fold_identifier(alias)}"[: LoginBucket._meta.get_field("account").max_length]


def login_buckets_clean_up(*, limit: int = 500) -> int:
    """Delete buckets whose window is over; rows another request holds are left for next time."""
    cutoff = timezone.now() - _login_window()
    with transaction.atomic():
        stale = list(
            LoginBucket.objects.select_for_update(skip_locked=True)
            .filter(window_started_at__lte=cutoff)
            .values_list("pk", flat=True)[:limit]
        )
        if stale:
            LoginBucket.objects.filter(pk__in=stale).delete()
    return len(stale)


def _locked_buckets(keys: list[tuple[str, str, str]], now) -> list[LoginBucket] | None:
    """The buckets of ``keys`` (created when missing), locked in the order of ``keys``.

    ``None`` when one vanished between its creation and its lock (the clean-up deleted an
    expired one): the caller tries again, and a bucket created now is never expired.
    """
    LoginBucket.objects.bulk_create(
        [
            LoginBucket(scope=scope, account=account, address=address, window_started_at=now)
            for scope, account, address in keys
        ],
        ignore_conflicts=True,
    )
    buckets = []
    for scope, account, address in keys:
        bucket = LoginBucket.objects.select_for_update().filter(scope=scope, account=account, address=address).first()
        if bucket is None:
            return None
        buckets.append(bucket)
    return buckets


@transaction.atomic
def login_attempt_reserve(*, account: str, address: str) -> LoginAttempt:
    """Count one attempt of ``account`` from ``address``, or refuse it (``retry_after`` set) when a limit is reached.

    Every caller locks its buckets in one global order (sorted keys), so two attempts never
    wait for each other in a cycle.
    """
    now = timezone.now()
    window = _login_window()
    keys = sorted(
        [
            (LoginBucket.Scope.PAIR.value, account, address),
            (LoginBucket.Scope.ADDRESS.value, "", address),
            (LoginBucket.Scope.ACCOUNT.value, account, ""),
        ]
    )
    buckets = _locked_buckets(keys, now)
    while buckets is None:
        buckets = _locked_buckets(keys, now)
    for bucket in buckets:
        if bucket.window_started_at <= now - window:  # the cool-down is over: start again
            bucket.attempts, bucket.window_started_at = 0, now
    by_scope = {bucket.scope: bucket for bucket in buckets}
    pair = by_scope[LoginBucket.Scope.PAIR]
    from_address = by_scope[LoginBucket.Scope.ADDRESS]
    on_account = by_scope[LoginBucket.Scope.ACCOUNT]

    refused_until = None
    if pair.attempts >= settings.LOGIN_LIMIT_PER_ACCOUNT_ADDRESS:
        refused_until = pair.window_started_at + window
    elif from_address.attempts >= settings.LOGIN_LIMIT_PER_ADDRESS:
        refused_until = from_address.window_started_at + window
    elif on_account.attempts >= settings.LOGIN_LIMIT_PER_ACCOUNT and pair.attempts:
        # The account is under attack: only addresses that have not failed against it may try.
        refused_until = min(pair.window_started_at, on_account.window_started_at) + window
    else:
        for bucket in buckets:
            bucket.attempts += 1
    for bucket in buckets:
        bucket.updated_at = now
    LoginBucket.objects.bulk_update(buckets, ["attempts", "window_started_at", "updated_at"])
    retry_after = None if refused_until is None else max(1, math.ceil((refused_until - now).total_seconds()))
    return LoginAttempt(bucket_ids=tuple(bucket.pk for bucket in buckets), pair_id=pair.pk, retry_after=retry_after)


@transaction.atomic
def login_attempt_succeeded(*, attempt: LoginAttempt) -> None:
    """The password was right: the attempt was no failure, and its pair's failures are cleared.

    One statement per bucket, in the order the reservation locked them.
    """
    for bucket_id in attempt.bucket_ids:
        if bucket_id == attempt.pair_id:
            LoginBucket.objects.filter(pk=bucket_id).delete()
        else:
            LoginBucket.objects.filter(pk=bucket_id, attempts__gt=0).update(attempts=F("attempts") - 1)


def _sign_in_input_errors(username: str, password: str) -> dict[str, list[str]]:
    errors = {}
    if not is_printable(username):
        errors["username"] = [_("No se admiten caracteres de control ni invisibles.")]
    try:
        password.encode()
    except UnicodeEncodeError:
        errors["password"] = [_("La contraseña contiene caracteres no válidos.")]
    return errors


def user_sign_in(*, request: HttpRequest, username: str, password: str, channel: AccessChannel) -> User:
    """Check a username (or e-mail) and password at either door; limited, and written to the access log.

    Refusals: 400 for input no account can have (control characters), 429 with
    ``retry_after`` when a limit is reached, 401 for wrong credentials (and, in the admin,
    for an account without access to the panel). Not one transaction on purpose: the
    attempt is counted and committed before the password is checked.
    """

    def log(result: AccessResult, user: User | None = None) -> None:
        # A success records the user (and their username); anything else the alias as typed.
        typed = "" if user else username
        access_log_record(request=request, result=result, user=user, username=typed, channel=channel)

    errors = _sign_in_input_errors(username, password)
    if errors:
        log(AccessResult.LOGIN_FAILED)
        raise ApplicationError(next(iter(errors.values()))[0], code=UserErrorCode.INVALID, errors=errors)
    login_buckets_clean_up()
    attempt = login_attempt_reserve(account=login_account_key(username), address=client_ip(request) or "")
    if attempt.retry_after is not None:
        log(AccessResult.THROTTLED)
        minutes = math.ceil(attempt.retry_after / 60)
        raise ApplicationError(
            ngettext(
                "Demasiados intentos fallidos. Vuelva a intentarlo dentro de %(minutes)d minuto.",
                "Demasiados intentos fallidos. Vuelva a intentarlo dentro de %(minutes)d minutos.",
                minutes,
            )
            % {"minutes": minutes},
            code=UserErrorCode.THROTTLED,
            status=429,
            extra={"retry_after": attempt.retry_after},
        )
    user = authenticate(request, username=username, password=password)
    if user is None or (channel == AccessChannel.ADMIN and not user.is_staff):
        log(AccessResult.LOGIN_FAILED)
        raise ApplicationError(_("Credenciales inválidas."), code=UserErrorCode.INVALID_CREDENTIALS, status=401)
    login_attempt_succeeded(attempt=attempt)
    log(AccessResult.LOGIN, user)
    return user
