"""Every write on school contracts, their price lists and their rosters: the rules live here.

- a contract belongs to a school: a client of type colegio (another type is a 400);
- it is numbered from the business's «Contratos» numbering (``CON-2026-00001``) when it is created,
  in the same transaction, so numbers are consecutive with no gaps;
- its end date is not before its start date; the commission is 0–100 %; deposit and prices ≥ 0;
- its status is set by staff among ``BORRADOR``, ``VIGENTE``, ``CANCELADO``; ``VENCIDO`` follows from
  the end date (see ``models``), so asking for it is a 400;
- the price list is set as a whole (packages by name, case-insensitive, once each);
- a contract that other records depend on (documents, orders) cannot be deleted: 409;
- a roster import validates every row and writes nothing unless all of them are good; a cancelled
  contract takes no roster.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fotostudio.configuration.services import number_next
from fotostudio.core.bulk import BulkCreate, ImportResult, ImportRow
from fotostudio.core.documents import compact_phone
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import editable_fields, model_update, only_fields
from fotostudio.jobs.models import Job
from fotostudio.jobs.services import job_start
from modules.clients.models import ClientType
from modules.orders.models import ServiceType
from modules.orders.services import order_create

from .models import Contract, ContractOrder, ContractPackage, ContractStatus, RosterStudent

#: The document kind of the numbering settings (``contrato.prefijo``, ``contrato.siguiente``).
NUMBER_KIND = "contrato"


class ContractErrorCode(StrEnum):
    INVALID = "contract_invalid"
    NOT_A_SCHOOL = "contract_school_invalid"
    STATUS_COMPUTED = "contract_status_computed"
    PACKAGES_INVALID = "contract_packages_invalid"
    IN_USE = "contract_in_use"
    CANCELLED = "contract_cancelled"
    IMPORT_INVALID = "contract_roster_import_invalid"
    NOT_IN_FORCE = "contract_not_in_force"
    PACKAGE_UNKNOWN = "contract_package_unknown"
    SERVICE_TYPE_INVALID = "contract_service_type_invalid"
    NOTHING_TO_ORDER = "contract_roster_without_pending_students"
    EXPIRING_DAYS_INVALID = "contract_expiring_days_invalid"
    ORDER_SCHOOL_MISMATCH = "contract_order_school_mismatch"
    ORDER_NOT_ASSIGNABLE = "contract_order_status_invalid"
    ORDER_FROM_ROSTER = "contract_order_from_roster"


#: Fields a caller may set; the id, the number, the dates of the row and the author are the service's.
CONTRACT_EDITABLE_FIELDS = editable_fields(Contract)
PACKAGE_FIELDS = ("name", "contents", "unit_price")

_SPACES = re.compile(r"\s+")


def _one_line(value: Any) -> str:
    return _SPACES.sub(" ", str(value or "").strip())


def _errors_of(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [str(message) for message in messages] for field, messages in exc.message_dict.items()}


# --- One contract ------------------------------------------------------------------------------


def contract_validation_errors(contract: Contract) -> dict[str, list[str]]:
    """Normalise ``contract`` in place and return its errors by model field (empty when valid)."""
    contract.title = _one_line(contract.title)
    contract.academic_year = _one_line(contract.academic_year)
    contract.terms = (contract.terms or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        contract.full_clean(
            exclude=["created_by", "number", "school"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = _errors_of(exc)
    if contract.status == ContractStatus.EXPIRED:
        errors.setdefault("status", []).append(
            _("«VENCIDO» no se asigna: un contrato vigente vence solo al pasar su fecha de fin.")
        )
    if "start_date" not in errors and "end_date" not in errors and contract.start_date and contract.end_date:
        if contract.end_date < contract.start_date:
            errors.setdefault("end_date", []).append(_("La fecha de fin no puede ser anterior a la de inicio."))
    if contract.school_id is None:
        errors.setdefault("school", []).append(_("Indique el colegio."))
    elif contract.school.client_type != ClientType.SCHOOL:
        errors.setdefault("school", []).append(
            _("%(name)s no es un colegio: un contrato es con un cliente de tipo colegio.")
            % {"name": contract.school.name}
        )
    return errors


def _raise_if_invalid(contract: Contract) -> None:
    errors = contract_validation_errors(contract)
    if not errors:
        return
    if list(errors) == ["status"] and contract.status == ContractStatus.EXPIRED:
        code = ContractErrorCode.STATUS_COMPUTED
    elif list(errors) == ["school"]:
        code = ContractErrorCode.NOT_A_SCHOOL
    else:
        code = ContractErrorCode.INVALID
    raise ApplicationError(next(iter(errors.values()))[0], code=code, errors=errors)


# --- The price list ------------------------------------------------------------------------------


def _package_errors(packages: Sequence[Mapping[str, Any]]) -> tuple[list[ContractPackage], list[str]]:
    """Unsaved packages (without contract) and the problems of the list, each naming its position."""
    built, problems, seen = [], [], {}
    for position, data in enumerate(packages, 1):
        unknown = sorted(set(data) - set(PACKAGE_FIELDS))
        if unknown:
            raise TypeError(f"Not a package field: {', '.join(unknown)}")
        package = ContractPackage(
            name=_one_line(data.get("name")),
            contents=(data.get("contents") or "").strip(),
            unit_price=data.get("unit_price"),
        )
        try:
            package.full_clean(exclude=["contract"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in _errors_of(exc).items():
                label = ContractPackage._meta.get_field(field).verbose_name
                problems.extend(
                    _("Paquete %(position)d, %(field)s: %(message)s")
                    % {"position": position, "field": label, "message": message}
                    for message in messages
                )
        key = package.name.casefold()
        if key and key in seen:
            problems.append(
                _("Paquete %(position)d: «%(name)s» ya está en la lista (paquete %(first)d).")
                % {"position": position, "name": package.name, "first": seen[key]}
            )
        seen.setdefault(key, position)
        built.append(package)
    return built, problems


def contract_packages_set(*, contract: Contract, packages: Sequence[Mapping[str, Any]], acting_user=None) -> None:
    """Make ``packages`` (``name``, ``contents``, ``unit_price``) the contract's price list.

    Packages are matched by name (case-insensitive): a known name is updated, a new one is added,
    one missing from the list is removed. All of it or nothing (400 ``contract_packages_invalid``).
    """
    built, problems = _package_errors(packages)
    if problems:
        raise ApplicationError(problems[0], code=ContractErrorCode.PACKAGES_INVALID, errors={"packages": problems})
    with transaction.atomic():
        existing = {package.name.casefold(): package for package in contract.packages.select_for_update()}
        wanted = {package.name.casefold(): package for package in built}
        removed = [package.pk for key, package in existing.items() if key not in wanted]
        if removed:
            try:
                ContractPackage.objects.filter(pk__in=removed).delete()
            except (ProtectedError, RestrictedError) as exc:
                raise ConflictError(
                    _(
                        "Un paquete que se quiere quitar ya se usa en pedidos del contrato: "
                        "cámbielo en vez de quitarlo."
                    ),
                    code=ContractErrorCode.IN_USE,
                ) from exc
        new = []
        for key, package in wanted.items():
            stored = existing.get(key)
            if stored is None:
                package.contract = contract
                new.append(package)
                continue
            changed = [field for field in PACKAGE_FIELDS if getattr(stored, field) != getattr(package, field)]
            for field in changed:
                setattr(stored, field, getattr(package, field))
            if changed:
                stored.save(update_fields=[*changed, "updated_at"])
        ContractPackage.objects.bulk_create(new)
    # The caller's contract object shows the new list (its prefetch cache, if any, is stale).
    getattr(contract, "_prefetched_objects_cache", {}).pop("packages", None)


# --- Create, update, delete ----------------------------------------------------------------------


@transaction.atomic
def contract_create(
    *, data: Mapping[str, Any], packages: Sequence[Mapping[str, Any]] | None = None, acting_user=None
) -> Contract:
    """Register a contract from ``data`` (model fields) and, optionally, its price list; numbered on save."""
    contract = Contract(
        **only_fields(data, CONTRACT_EDITABLE_FIELDS),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    _raise_if_invalid(contract)
    if packages:
        _built, problems = _package_errors(packages)
        if problems:
            raise ApplicationError(problems[0], code=ContractErrorCode.PACKAGES_INVALID, errors={"packages": problems})
    contract.number = number_next(NUMBER_KIND)
    contract.save(force_insert=True)
    if packages:
        contract_packages_set(contract=contract, packages=packages, acting_user=acting_user)
    return contract


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    data: Mapping[str, Any],
    packages: Sequence[Mapping[str, Any]] | None = None,
    acting_user=None,
) -> Contract:
    """Change the fields in ``data``; ``packages`` (when given) replaces the price list. All or nothing."""
    Contract.objects.select_for_update().filter(pk=contract.pk).exists()  # one writer at a time per contract
    model_update(instance=contract, fields=CONTRACT_EDITABLE_FIELDS, data=data, clean=_raise_if_invalid)
    if packages is not None:
        contract_packages_set(contract=contract, packages=packages, acting_user=acting_user)
    return contract


#: ``(contract) -> iterable of reasons``; an empty result means "no objection".
DeleteBlocker = Callable[[Contract], Iterable[str]]
_delete_blockers: list[DeleteBlocker] = []


def register_delete_blocker(blocker: DeleteBlocker) -> DeleteBlocker:
    """Let another part of the system veto deleting a contract its records depend on."""
    if blocker not in _delete_blockers:
        _delete_blockers.append(blocker)
    return blocker


def contract_delete_blockers(contract: Contract) -> list[str]:
    """Why ``contract`` cannot be deleted, in words for the user (empty: it can)."""
    return [str(reason) for blocker in list(_delete_blockers) for reason in blocker(contract)]


def _in_use_error(contract: Contract, reasons: Sequence[str]) -> ConflictError:
    return ConflictError(
        _("No se puede eliminar el contrato %(number)s: %(reasons)s. Cancélelo en su lugar.")
        % {"number": contract.number, "reasons": "; ".join(reasons)},
        code=ContractErrorCode.IN_USE,
        extra={"motivos": list(reasons)},
    )


def _protected_reasons(exc: ProtectedError | RestrictedError) -> list[str]:
    objects = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    counts: dict[type, int] = {}
    for obj in objects:
        counts[type(obj)] = counts.get(type(obj), 0) + 1
    return [
        _("tiene %(count)d %(records)s")
        % {"count": count, "records": model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}
        for model, count in counts.items()
    ]


@transaction.atomic
def contract_delete(*, contract: Contract, acting_user=None) -> None:
    """Delete a contract with its price list and roster; refused (409) while other records depend on it."""
    Contract.objects.select_for_update().filter(pk=contract.pk).exists()
    reasons = contract_delete_blockers(contract)
    if reasons:
        raise _in_use_error(contract, reasons)
    try:
        with transaction.atomic():
            contract.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise _in_use_error(contract, _protected_reasons(exc)) from exc


# --- The roster ----------------------------------------------------------------------------------


def roster_student_validation_errors(student: RosterStudent) -> dict[str, list[str]]:
    """Normalise ``student`` in place and return its errors by model field (empty when valid)."""
    for field in ("student_name", "grade", "section", "guardian_name"):
        setattr(student, field, _one_line(getattr(student, field)))
    student.section = student.section.upper()
    student.phone = compact_phone(student.phone)
    student.email = (student.email or "").strip().lower()
    try:
        student.full_clean(exclude=["contract"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return _errors_of(exc)
    return {}


def _roster_key(student: RosterStudent) -> tuple[str, str, str]:
    return (student.student_name.casefold(), student.grade.casefold(), student.section.casefold())


class RosterImport(BulkCreate):
    """The school's list: one :class:`RosterStudent` per row, added to the contract's roster."""

    model = RosterStudent
    error_code = ContractErrorCode.IMPORT_INVALID

    def __init__(self, *, contract: Contract, acting_user=None):
        super().__init__(acting_user=acting_user)
        self.contract = contract
        self.known = {
            (name.casefold(), grade.casefold(), section.casefold())
            for name, grade, section in contract.roster.values_list("student_name", "grade", "section")
        }
        self.in_file: set[tuple[str, str, str]] = set()

    def build(self, data: dict[str, Any]) -> RosterStudent:
        return RosterStudent(**data, contract=self.contract)

    def validate(self, student: RosterStudent) -> dict[str, list[str]]:
        errors = roster_student_validation_errors(student)
        if errors or not student.student_name:
            return errors
        key = _roster_key(student)
        if key in self.known:
            errors["student_name"] = [_("Ya está en el listado del contrato (mismo curso y paralelo).")]
        elif key in self.in_file:
            errors["student_name"] = [_("Está repetido en el archivo (mismo curso y paralelo).")]
        self.in_file.add(key)
        return errors


def roster_import(
    *, contract: Contract, rows: Sequence[ImportRow], acting_user=None, dry_run: bool = False
) -> ImportResult:
    """Add one student per row to ``contract``'s roster, all or nothing (``BulkCreate``).

    Every row is checked (names and course required, e-mail and phone valid, not already in the
    roster nor twice in the file); any problem raises ``ImportRejected`` listing each bad row.
    """
    with transaction.atomic():
        Contract.objects.select_for_update().filter(pk=contract.pk).exists()  # one import at a time per contract
        contract.refresh_from_db(fields=["status"])
        if contract.status == ContractStatus.CANCELLED:
            raise ApplicationError(
                _("El contrato %(number)s está cancelado: no se le pueden añadir estudiantes.")
                % {"number": contract.number},
                code=ContractErrorCode.CANCELLED,
            )
        return RosterImport(contract=contract, acting_user=acting_user).run(rows, dry_run=dry_run)


@transaction.atomic
def roster_student_delete(*, student: RosterStudent, acting_user=None) -> None:
    try:
        with transaction.atomic():
            student.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ConflictError(
            _("%(student)s ya tiene un pedido: no se puede quitar del listado.") % {"student": student},
            code=ContractErrorCode.IN_USE,
        ) from exc


# --- Orders for the roster («crear pedidos del listado») -------------------------------------------

#: The orders' service type used when the caller names none: a school shoot is a photo session.
DEFAULT_SERVICE_TYPE_CODE = "sesion_fotos"
#: The job kind of ``contract_orders_start`` (``tasks.py``).
ORDERS_JOB_KIND = "contracts.create_orders"


def contract_orders_blocker(contract: Contract) -> list[str]:
    """A contract with orders cannot be deleted (409): its orders are the studio's sales."""
    count = ContractOrder.objects.filter(contract=contract).count()
    return [ngettext("tiene %(count)d pedido", "tiene %(count)d pedidos", count) % {"count": count}] if count else []


register_delete_blocker(contract_orders_blocker)


@dataclass(frozen=True)
class OrdersPlan:
    """What «crear pedidos del listado» will do, checked: one order per student still without one."""

    contract: Contract
    package: ContractPackage
    service_type: ServiceType
    promised_date: date | None
    students: list[RosterStudent]


def contract_orders_plan(
    *, contract: Contract, package_id, service_type_id=None, promised_date: date | None = None
) -> OrdersPlan:
    """Check that orders can be made for ``contract``'s roster with that package; 400 when not.

    The contract must be in force (``VIGENTE`` and not past its end date); the package one of its
    own; the service type an active one (default: «Sesión de fotos»); the promised date not before
    today; and some student of the roster must still have no order of this contract.
    """
    today = timezone.localdate()
    if contract.status != ContractStatus.ACTIVE or contract.end_date < today:
        raise ApplicationError(
            _("Solo se crean pedidos para un contrato vigente: %(number)s no lo está.") % {"number": contract.number},
            code=ContractErrorCode.NOT_IN_FORCE,
        )
    package = ContractPackage.objects.filter(contract=contract, pk=package_id).first() if package_id else None
    if package is None:
        message = _("Elija uno de los paquetes de la lista de precios del contrato.")
        raise ApplicationError(message, code=ContractErrorCode.PACKAGE_UNKNOWN, errors={"package": [message]})
    types = ServiceType.objects.filter(is_active=True)
    service_type = (
        types.filter(pk=service_type_id).first()
        if service_type_id
        else types.filter(code=DEFAULT_SERVICE_TYPE_CODE).first() or types.order_by("position", "id").first()
    )
    if service_type is None:
        message = _("Elija un tipo de servicio activo.")
        raise ApplicationError(message, code=ContractErrorCode.SERVICE_TYPE_INVALID, errors={"service_type": [message]})
    if promised_date is not None and promised_date < today:
        message = _("La fecha prometida no puede ser anterior a hoy.")
        raise ApplicationError(message, code=ContractErrorCode.INVALID, errors={"promised_date": [message]})
    students = list(
        RosterStudent.objects.filter(contract=contract)
        .exclude(contract_orders__contract=contract)
        .order_by("grade", "section", "student_name", "id")
    )
    if not students:
        raise ApplicationError(
            _("Todos los estudiantes del listado de %(number)s ya tienen su pedido (o el listado está vacío).")
            % {"number": contract.number},
            code=ContractErrorCode.NOTHING_TO_ORDER,
        )
    return OrdersPlan(contract, package, service_type, promised_date, students)


def _order_line(plan: OrdersPlan, student: RosterStudent) -> dict[str, Any]:
    contents = f": {plan.package.contents}" if plan.package.contents else ""
    return {
        "description": f"{plan.package.name}{contents} — {student}"[:300],
        "quantity": 1,
        "unit_price": plan.package.unit_price,
    }


def _order_notes(plan: OrdersPlan, student: RosterStudent) -> str:
    guardian = ", ".join(part for part in (student.guardian_name, student.phone, student.email) if part)
    lines = [
        _("Contrato %(number)s · %(student)s") % {"number": plan.contract.number, "student": student},
        _("Representante: %(guardian)s") % {"guardian": guardian} if guardian else "",
    ]
    return "\n".join(line for line in lines if line)


def contract_orders_create(
    *,
    contract: Contract,
    package_id,
    service_type_id=None,
    promised_date: date | None = None,
    acting_user=None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ContractOrder]:
    """One order per student of the roster still without one, all or nothing, through the orders service.

    Each order is the school's (the contract's client), of the chosen service type, with one line:
    the package at its price (the orders service adds the business's IVA and numbers it). Runs in one
    transaction with the contract locked, so two runs never order a student twice and a failure
    leaves no order and no number used.
    """
    with transaction.atomic():
        contract = Contract.objects.select_for_update().select_related("school").get(pk=contract.pk)
        plan = contract_orders_plan(
            contract=contract, package_id=package_id, service_type_id=service_type_id, promised_date=promised_date
        )
        links, total = [], len(plan.students)
        for done, student in enumerate(plan.students, 1):
            order = order_create(
                data={
                    "client": contract.school,
                    "service_type": plan.service_type,
                    "promised_date": plan.promised_date,
                    "notes": _order_notes(plan, student),
                },
                lines=[_order_line(plan, student)],
                acting_user=acting_user,
            )
            links.append(ContractOrder(contract=contract, order=order, student=student, package=plan.package))
            if progress is not None:
                progress(done, total)
        return ContractOrder.objects.bulk_create(links)


@transaction.atomic
def contract_orders_start(
    *, contract: Contract, package_id, service_type_id=None, promised_date: date | None = None, acting_user=None
) -> Job:
    """Check the request now (a refusal is a 400 here, not a failed job) and queue the job that makes the orders."""
    plan = contract_orders_plan(
        contract=contract, package_id=package_id, service_type_id=service_type_id, promised_date=promised_date
    )
    count = len(plan.students)
    return job_start(
        kind=ORDERS_JOB_KIND,
        title=ngettext(
            "Crear %(count)d pedido del contrato %(number)s",
            "Crear %(count)d pedidos del contrato %(number)s",
            count,
        )
        % {"count": count, "number": contract.number},
        payload={
            "contract_id": str(contract.pk),
            "package_id": str(plan.package.pk),
            "service_type_id": str(plan.service_type.pk),
            "promised_date": promised_date.isoformat() if promised_date else None,
        },
        acting_user=acting_user,
    )


# --- An order's contract, set from the orders module (``modules.orders.contract_hook``) ------------------

#: The statuses a contract must be in (its current status: an expired one is not) to take an order.
ORDER_ASSIGNABLE_STATUSES = (ContractStatus.ACTIVE, ContractStatus.DRAFT)
#: The key the orders API and its errors use for the order's contract.
ORDER_CONTRACT_KEY = "contrato"


def _current_status(contract: Contract) -> str:
    if contract.status == ContractStatus.ACTIVE and contract.end_date < timezone.localdate():
        return ContractStatus.EXPIRED
    return contract.status


def _order_contract_error(message: str, code: StrEnum, *, conflict: bool = False) -> ApplicationError:
    error_class = ConflictError if conflict else ApplicationError
    return error_class(message, code=code, errors={ORDER_CONTRACT_KEY: [message]})


@transaction.atomic
def order_contract_set(*, order, contract: Contract | None, acting_user=None) -> ContractOrder | None:
    """Link ``order`` to ``contract`` (``None``: unlink it): the ``ContractOrder`` the commission reads.

    - the contract's school is the order's client (400 ``contract_order_school_mismatch``): the families
      of a roster order through their school, as «crear pedidos del listado» does;
    - a newly linked contract is ``VIGENTE`` (and not past its end) or ``BORRADOR`` (400
      ``contract_order_status_invalid``); an order already linked keeps its contract when it expires;
    - an order made for a student of the roster stays with its contract (409 ``contract_order_from_roster``).
    """
    link = ContractOrder.objects.select_for_update().filter(order=order).first()
    if contract is None:
        if link is not None:
            if link.student_id is not None:
                raise _order_contract_error(
                    _("Este pedido se creó para un estudiante del listado del contrato: no se puede desvincular."),
                    ContractErrorCode.ORDER_FROM_ROSTER,
                    conflict=True,
                )
            link.delete()
        return None
    if contract.school_id != order.client_id:
        raise _order_contract_error(
            _("El contrato %(number)s es del colegio %(school)s: el cliente del pedido debe ser ese colegio.")
            % {"number": contract.number, "school": contract.school.name},
            ContractErrorCode.ORDER_SCHOOL_MISMATCH,
        )
    if link is not None and link.contract_id == contract.pk:
        return link
    status = _current_status(contract)
    if status not in ORDER_ASSIGNABLE_STATUSES:
        raise _order_contract_error(
            _("El contrato %(number)s está %(status)s: solo un contrato vigente o en borrador admite pedidos.")
            % {"number": contract.number, "status": ContractStatus(status).label.lower()},
            ContractErrorCode.ORDER_NOT_ASSIGNABLE,
        )
    if link is None:
        return ContractOrder.objects.create(contract=contract, order=order)
    if link.student_id is not None:
        raise _order_contract_error(
            _("Este pedido se creó para un estudiante del listado del contrato: no se puede cambiar de contrato."),
            ContractErrorCode.ORDER_FROM_ROSTER,
            conflict=True,
        )
    link.contract = contract
    link.save(update_fields=["contract", "updated_at"])
    return link
