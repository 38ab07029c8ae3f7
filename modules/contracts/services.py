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
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from fotostudio.configuration.services import number_next
from fotostudio.core.bulk import BulkCreate, ImportResult, ImportRow
from fotostudio.core.documents import compact_phone
from fotostudio.core.errors import ApplicationError, ConflictError
from fotostudio.core.services import editable_fields, model_update, only_fields
from modules.clients.models import ClientType

from .models import STORED_STATUSES, Contract, ContractPackage, ContractStatus, RosterStudent

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
        contract.full_clean(exclude=["created_by", "number", "school"], validate_unique=False, validate_constraints=False)
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
            _("%(name)s no es un colegio: un contrato es con un cliente de tipo colegio.") % {"name": contract.school.name}
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
                    _("Un paquete que se quiere quitar ya se usa en pedidos del contrato: cámbielo en vez de quitarlo."),
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

