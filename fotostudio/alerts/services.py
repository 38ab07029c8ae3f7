"""Every write on alerts and rules, and the public interface other modules call.

- :func:`alert_raise` — raise an alert of a declared type, maybe about a record, maybe from a rule.
  Idempotent: while an alert of that rule (or, without a rule, of that type) about that record is open,
  raising it again returns the open one. Two requests at once cannot make two: they take a transaction
  lock on the (rule or type, record) pair, and two partial unique indexes back it up. A new alert
  notifies the people the rule's ``accion`` names, or the type's default roles (Administrador and Gerente
  unless the type says otherwise).
- :func:`alert_resolve` — a person resolves it (``comentario``, ``acciones_tomadas``); once only (409).
- :func:`alerts_resolve_open` — automatic resolution (stock restocked, the rule's condition no longer holds).
- :func:`rules_evaluate_for` — the hook a module calls after changing a record: when some active rule
  watches that kind of record, a job (``alerts.evaluate``) evaluates them (:func:`rules_evaluate`).
- Rules: :func:`rule_create`, :func:`rule_update`, :func:`rule_delete`; the condition (CEL) and the action
  are checked on save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotostudio.core import links
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.links import LinkRef
from fotostudio.core.services import model_update, only_fields
from fotostudio.notifications.models import NotificationType, Priority
from fotostudio.notifications.services import notify_users, role_members
from fotostudio.users.selectors import tenant_roles, user_for_alias

from .conditions import ConditionError, compile_condition, condition_holds
from .models import Alert, AlertRule, AlertStatus
from .types import alert_type_label, alert_types_for


class AlertErrorCode(StrEnum):
    INVALID = "alert_invalid"
    TYPE_UNKNOWN = "alert_type_unknown"
    LINK_MISMATCH = "alert_link_mismatch"
    ALREADY_RESOLVED = "alert_already_resolved"
    RULE_INVALID = "rule_invalid"
    RULE_CONDITION_INVALID = "rule_condition_invalid"
    RULE_ACTION_INVALID = "rule_action_invalid"
    RULE_DUPLICATE_NAME = "rule_duplicate_name"
    RULE_IN_USE = "rule_in_use"


#: Who is told of a new alert whose rule names nobody (and of alerts raised without a rule).
DEFAULT_NOTIFY_ROLES = ("Administrador", "Gerente")
RULE_FIELDS = ("name", "alert_type", "condition", "action", "active")
RESOLUTION_MAX = 2000


# --- Alert types ---------------------------------------------------------------------------------------


def alert_type_check(code: str, *, field: str = "alert_type"):
    """The declared type ``code`` of the current business, or a 400 listing the ones it has."""
    types = alert_types_for()
    found = types.get(code)
    if found is None:
        allowed = ", ".join(types) or _("ninguno")
        message = _("«%(code)s» no es un tipo de alerta de este negocio. Use: %(allowed)s.") % {
            "code": code,
            "allowed": allowed,
        }
        raise ApplicationError(message, code=AlertErrorCode.TYPE_UNKNOWN, errors={field: [message]})
    return found


# --- Rule actions ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleAction:
    """What a rule's ``accion`` says: the alert's priority and who is told (roles, users by username or e-mail)."""

    priority: str = Priority.MEDIUM
    roles: tuple[str, ...] = ()
    users: tuple[str, ...] = ()


ACTION_HELP = _(
    "Partes separadas por «;»: «alerta:PRIORIDAD» (BAJA, MEDIA, ALTA o CRITICA; MEDIA si se omite), "
    "«notificar_rol:Rol» y «notificar_usuario:usuario o correo», tantas como haga falta. Sin nadie a quien "
    "notificar, se avisa a Administrador y Gerente. Ejemplo: «alerta:ALTA; notificar_rol:Calidad»."
)


def _action_error(message: str) -> ApplicationError:
    return ApplicationError(message, code=AlertErrorCode.RULE_ACTION_INVALID, errors={"action": [message]})


def parse_action(text: str, *, check_targets: bool = True) -> RuleAction:
    """Read an ``accion`` (see ``ACTION_HELP``); a 400 naming the part that is wrong."""
    parts = [part.strip() for part in (text or "").replace("\n", ";").split(";") if part.strip()]
    if not parts:
        raise _action_error(_("Indique la acción. %(help)s") % {"help": ACTION_HELP})
    priority, roles, users = Priority.MEDIUM, [], []
    role_names = {str(role.value).lower(): str(role.value) for role in tenant_roles()}
    for part in parts:
        verb, _sep, argument = part.partition(":")
        verb, argument = verb.strip().lower(), argument.strip()
        if verb == "alerta":
            value = (argument or Priority.MEDIUM).upper()
            if value not in Priority.values:
                raise _action_error(
                    _("«%(part)s»: la prioridad debe ser BAJA, MEDIA, ALTA o CRITICA.") % {"part": part}
                )
            priority = value
        elif verb == "notificar_rol":
            role = role_names.get(argument.lower())
            if check_targets and role is None:
                raise _action_error(
                    _("«%(part)s»: no es un rol de este negocio. Use: %(roles)s.")
                    % {"part": part, "roles": ", ".join(role_names.values())}
                )
            roles.append(role or argument)
        elif verb == "notificar_usuario":
            user = user_for_alias(argument) if argument else None
            if check_targets and (user is None or not user.is_active):
                raise _action_error(
                    _("«%(part)s»: no hay ningún usuario activo con ese nombre o correo.") % {"part": part}
                )
            users.append(argument)
        else:
            raise _action_error(_("«%(part)s» no es una acción válida. %(help)s") % {"part": part, "help": ACTION_HELP})
    return RuleAction(priority=priority, roles=tuple(dict.fromkeys(roles)), users=tuple(dict.fromkeys(users)))


# --- Rules ----------------------------------------------------------------------------------------------


def _validate_rule(rule: AlertRule) -> None:
    rule.name = (rule.name or "").strip()
    rule.condition = (rule.condition or "").strip()
    rule.action = (rule.action or "").strip()
    if not rule.name:
        message = _("Escriba el nombre de la regla.")
        raise ApplicationError(message, code=AlertErrorCode.RULE_INVALID, errors={"name": [message]})
    alert_type_check(rule.alert_type)
    try:
        compile_condition(rule.condition)
    except ConditionError as exc:
        raise ApplicationError(
            str(exc), code=AlertErrorCode.RULE_CONDITION_INVALID, errors={"condition": [str(exc)]}
        ) from None
    parse_action(rule.action)
    duplicate = AlertRule.objects.filter(name__iexact=rule.name).exclude(pk=rule.pk).first()
    if duplicate is not None:
        message = _("Ya hay una regla llamada «%(name)s».") % {"name": duplicate.name}
        raise ConflictError(
            message,
            code=AlertErrorCode.RULE_DUPLICATE_NAME,
            errors={"name": [message]},
            extra={"regla_existente": str(duplicate.pk)},
        )


def _save_rule(rule: AlertRule, save) -> AlertRule:
    try:
        with transaction.atomic():
            save()
    except IntegrityError:  # a simultaneous rule took the name
        message = _("Ya hay una regla llamada «%(name)s».") % {"name": rule.name}
        raise ConflictError(message, code=AlertErrorCode.RULE_DUPLICATE_NAME, errors={"name": [message]}) from None
    return rule


@transaction.atomic
def rule_create(*, data: Mapping[str, Any], acting_user=None) -> AlertRule:
    rule = AlertRule(**only_fields(data, RULE_FIELDS))
    rule.created_by = acting_user if getattr(acting_user, "pk", None) else None
    _validate_rule(rule)
    return _save_rule(rule, lambda: rule.save(force_insert=True))


@transaction.atomic
def rule_update(*, rule: AlertRule, data: Mapping[str, Any], acting_user=None) -> AlertRule:
    return _save_rule(
        rule,
        lambda: model_update(
            instance=rule, fields=RULE_FIELDS, data=only_fields(data, RULE_FIELDS), clean=_validate_rule
        ),
    )


@transaction.atomic
def rule_delete(*, rule: AlertRule, acting_user=None) -> None:
    """A rule that raised alerts stays (their history names it): deactivate it instead (409)."""
    if rule.alerts.exists():
        message = _("La regla «%(name)s» ya levantó alertas: desactívela en lugar de eliminarla.") % {"name": rule.name}
        raise ConflictError(message, code=AlertErrorCode.RULE_IN_USE)
    rule.delete()


# --- Raising and resolving -----------------------------------------------------------------------------


def _record(link, acting_user) -> models.Model | None:
    if link is None or isinstance(link, models.Model):
        if link is not None and links.link_kind_for_model(type(link)) is None:
            raise TypeError(f"{type(link)._meta.label} is not a registered link kind (register_link).")
        return link
    if isinstance(link, LinkRef):
        return links.link_resolve(link, acting_user=acting_user if getattr(acting_user, "pk", None) else None)
    raise TypeError("link must be a LinkRef, a registered model instance or None")


def _lock(*parts: Any) -> None:
    """A transaction lock on the (rule or type, record) pair: simultaneous raises of one alert queue up here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [":".join(str(p) for p in parts)])


def _open_alerts(
    *, alert_type: str, rule: AlertRule | None, record: models.Model | None, description: str | None = None
):
    """The open alert(s) a raise would repeat: same rule (or same type, without a rule) and record; about no
    record and without a rule, also the same description."""
    queryset = Alert.objects.filter(status=AlertStatus.OPEN)
    queryset = (
        queryset.filter(rule=rule) if rule is not None else queryset.filter(rule__isnull=True, alert_type=alert_type)
    )
    if record is None:
        queryset = queryset.filter(link_type__isnull=True, link_id__isnull=True)
        if rule is None and description is not None:
            queryset = queryset.filter(description=description)
        return queryset
    kind = links.link_kind_for_model(type(record))
    return links.filter_linked_to(queryset, kind, record.pk)


def _validate_alert(alert: Alert) -> None:
    alert.description = (alert.description or "").strip()
    errors = {}
    if not alert.description:
        errors["description"] = [_("Escriba la descripción de la alerta.")]
    if alert.priority not in Priority.values:
        errors["priority"] = [
            _("«%(value)s» no es una prioridad. Use: %(allowed)s.")
            % {"value": alert.priority, "allowed": ", ".join(Priority.values)}
        ]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], code=AlertErrorCode.INVALID, errors=errors)


@transaction.atomic
def alert_raise(
    *,
    alert_type: str,
    priority: str,
    description: str,
    link: LinkRef | models.Model | None = None,
    rule: AlertRule | None = None,
    acting_user=None,
) -> Alert:
    """Raise an alert, or return the open one of the same rule (or type) about the same record.

    ``alert.created`` says which. ``link`` is a ``LinkRef`` (checked like any link) or the record itself.
    """
    declared = alert_type_check(alert_type)
    record = _record(link, acting_user)
    if record is not None and declared.link_key:
        kind = links.link_kind_for_model(type(record))
        if kind.key != declared.link_key:
            message = _("Las alertas «%(type)s» son de un %(key)s, no de un %(other)s.") % {
                "type": alert_type,
                "key": declared.link_key,
                "other": kind.key,
            }
            raise ApplicationError(message, code=AlertErrorCode.LINK_MISMATCH, errors={kind.key: [message]})
    alert = Alert(
        alert_type=alert_type,
        priority=priority,
        description=description,
        rule=rule,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    links.link_set(alert, record)
    _validate_alert(alert)
    about = None if rule is not None or record is not None else alert.description
    _lock("alerts", rule.pk if rule is not None else alert_type, alert.link_type_id, alert.link_id, about)
    existing = _open_alerts(alert_type=alert_type, rule=rule, record=record, description=about).first()
    if existing is not None:
        existing.created = False
        return existing
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
    except IntegrityError:  # only without the lock (raw SQL elsewhere): the open one exists now
        existing = _open_alerts(alert_type=alert_type, rule=rule, record=record, description=about).get()
        existing.created = False
        return existing
    alert.created = True
    _notify(alert, declared, record, acting_user)
    return alert


def _notify(alert: Alert, declared, record, acting_user) -> None:
    action = parse_action(alert.rule.action, check_targets=False) if alert.rule is not None else RuleAction()
    roles = action.roles or (() if action.users else (declared.notify_roles or DEFAULT_NOTIFY_ROLES))
    title = _("Alerta %(type)s (%(priority)s)") % {
        "type": alert_type_label(alert.alert_type),
        "priority": alert.get_priority_display(),
    }
    body = alert.description
    if record is not None:
        body = f"{body}\n{links.record_label(record)}"
    common = {
        "notification_type": NotificationType.ALERT,
        "title": title[:200],
        "body": body,
        "priority": alert.priority,
        "alert": alert,
        "link": record,
        "data": {"tipo_alerta": alert.alert_type},
        "acting_user": acting_user,
    }
    notified: set[Any] = set()
    for role in roles:
        members = [user for user in role_members(role) if user.pk not in notified]
        notified.update(user.pk for user in members)
        notify_users(users=members, **common)
    if action.users:
        targets = [user_for_alias(alias) for alias in action.users]
        targets = [user for user in targets if user is not None and user.is_active and user.pk not in notified]
        notify_users(users=targets, **common)


@transaction.atomic
def alert_create(*, data: Mapping[str, Any], link: LinkRef | None = None, acting_user=None) -> Alert:
    """The API's create (``POST /alertas/alertas/``): :func:`alert_raise` without a rule."""
    values = dict(data)
    return alert_raise(
        alert_type=values.get("alert_type", ""),
        priority=values.get("priority", ""),
        description=values.get("description", ""),
        link=link,
        acting_user=acting_user,
    )


def _clean_text(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if len(value) > RESOLUTION_MAX:
        message = _("Como mucho %(max)d caracteres.") % {"max": RESOLUTION_MAX}
        raise ApplicationError(message, code=AlertErrorCode.INVALID, errors={field: [message]})
    return value


@transaction.atomic
def alert_resolve(*, alert: Alert, comment: str = "", actions_taken: str = "", acting_user=None) -> Alert:
    """Resolve an open alert (409 if it is resolved already), recording what was done, who and when."""
    comment, actions_taken = _clean_text(comment, "comment"), _clean_text(actions_taken, "actions_taken")
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if not locked.is_open:
        raise ConflictError(_("La alerta ya está resuelta."), code=AlertErrorCode.ALREADY_RESOLVED)
    locked.status = AlertStatus.RESOLVED
    locked.comment, locked.actions_taken = comment, actions_taken
    locked.resolved_by = acting_user if getattr(acting_user, "pk", None) else None
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["status", "comment", "actions_taken", "resolved_by", "resolved_at", "updated_at"])
    return locked


@transaction.atomic
def alerts_resolve_open(
    *, alert_type: str | None = None, link: models.Model | None, comment: str, rule: AlertRule | None = None
) -> int:
    """Resolve, by the system, the open alerts of ``rule`` (or of ``alert_type`` without a rule) about ``link``."""
    if rule is None and alert_type is None:
        raise TypeError("alerts_resolve_open needs a rule or an alert_type")
    record = _record(link, None)
    now = timezone.now()
    queryset = _open_alerts(alert_type=alert_type or "", rule=rule, record=record)
    return queryset.update(
        status=AlertStatus.RESOLVED, comment=comment[:RESOLUTION_MAX], resolved_at=now, updated_at=now
    )


def alerts_sync(
    *,
    alert_type: str,
    records: Iterable[models.Model],
    describe: Callable[[models.Model], str],
    priority: Callable[[models.Model], str],
    resolved_comment: str,
) -> dict[str, int]:
    """Make the open alerts of ``alert_type`` (without a rule) exactly those about ``records``: raise the missing
    ones, resolve by the system those about records no longer in it. For a module's periodic check (overdue
    orders, expiring contracts, low stock); running it twice changes nothing."""
    records = list(records)
    raised = sum(
        int(
            alert_raise(
                alert_type=alert_type, priority=priority(record), description=describe(record), link=record
            ).created
        )
        for record in records
    )
    now = timezone.now()
    stale = Alert.objects.filter(status=AlertStatus.OPEN, alert_type=alert_type, rule__isnull=True).exclude(
        link_id__in=[record.pk for record in records]
    )
    resolved = stale.update(
        status=AlertStatus.RESOLVED, comment=resolved_comment[:RESOLUTION_MAX], resolved_at=now, updated_at=now
    )
    return {"levantadas": raised, "resueltas": resolved}


# --- Evaluating rules --------------------------------------------------------------------------------------


def watching_rules(key: str):
    """The active rules that watch records of link kind ``key``: their type's ``link_key`` is it (or any)."""
    codes = [code for code, spec in alert_types_for().items() if spec.link_key in (None, key)]
    return AlertRule.objects.filter(active=True, alert_type__in=codes).order_by("name", "id")


def rules_evaluate_for(record: models.Model | LinkRef, *, acting_user=None):
    """The hook: call it after changing a record. Starts the evaluation job when some rule watches it
    (the job; ``None`` when none does). Runs in the caller's transaction: a rollback cancels it."""
    from fotostudio.jobs.services import job_start

    if isinstance(record, LinkRef):
        kind, record_id = links.link_kind(record.key), record.record_id
    else:
        kind, record_id = links.link_kind_for_model(type(record)), record.pk
    if kind is None or not watching_rules(kind.key).exists():
        return None
    return job_start(
        kind="alerts.evaluate",
        title=_("Reglas de alerta: %(record)s") % {"record": kind.label},
        payload={"tipo": kind.key, "id": str(record_id)},
        acting_user=acting_user,
    )


def _evaluate_record(rules, *, key: str, record: models.Model) -> tuple[int, int]:
    """Each rule on one record, each in its own transaction: (alerts raised, alerts resolved)."""
    raised = resolved = 0
    for rule in rules:
        with transaction.atomic():
            if condition_holds(rule.condition, record=record, key=key):
                action = parse_action(rule.action, check_targets=False)
                alert = alert_raise(
                    alert_type=rule.alert_type,
                    priority=action.priority,
                    description=_("%(rule)s: %(record)s") % {"rule": rule.name, "record": links.record_label(record)},
                    link=record,
                    rule=rule,
                )
                raised += int(alert.created)
            else:
                resolved += alerts_resolve_open(
                    rule=rule, link=record, comment=_("Resuelta sola: la condición de la regla ya no se cumple.")
                )
    return raised, resolved


def rules_evaluate(*, key: str, record_id: str) -> dict[str, int]:
    """Evaluate every rule watching the record: raise (once) where the condition holds, resolve where it no
    longer does. Each rule is its own transaction: running it again changes nothing (resumable)."""
    kind = links.link_kind(key)
    record = kind.model._default_manager.filter(pk=record_id).first() if kind is not None else None
    if record is None:
        return {"evaluadas": 0, "levantadas": 0, "resueltas": 0}
    rules = list(watching_rules(key))
    raised, resolved = _evaluate_record(rules, key=key, record=record)
    return {"evaluadas": len(rules), "levantadas": raised, "resueltas": resolved}


def rules_sweep(*, progress=None) -> dict[str, int]:
    """Evaluate every active rule on every record it watches (the periodic job: conditions on ``ahora``, such as
    a date that passes, change without any record changing). Resumable like :func:`rules_evaluate`.
    ``progress(done, total, message)`` is told after each kind of record."""
    kinds = [kind for kind in links.available_kinds() if watching_rules(kind.key).exists()]
    records = raised = resolved = 0
    for number, kind in enumerate(kinds, 1):
        rules = list(watching_rules(kind.key))
        for record in kind.model._default_manager.order_by("pk").iterator(chunk_size=500):
            records += 1
            up, down = _evaluate_record(rules, key=kind.key, record=record)
            raised, resolved = raised + up, resolved + down
        if progress is not None:
            progress(number, len(kinds), kind.label)
    return {"registros": records, "levantadas": raised, "resueltas": resolved}
