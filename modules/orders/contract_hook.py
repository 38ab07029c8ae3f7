"""An order's school contract: stored by the contracts module, shown and set through the orders module.

The relation belongs to the contracts module (``ContractOrder``: an order belongs to one contract at
most, and the commission owed to the school is computed from it). The contracts module imports this
one (it creates the orders of a roster), so this module cannot import it back. Instead the contracts
module lends the orders module what it needs, once, from its ``AppConfig.ready()``::

    register_contract_hook(ContractHook(key="contrato", annotate=…, filter=…, current=…, assign=…, choices=…))

- ``annotate(queryset)`` adds to each order ``contract_ref`` (the contract's id or ``None``),
  ``contract_number`` and ``contract_school`` in the same query (joins, no extra query);
- ``filter(queryset, contract_id)`` keeps the orders of that contract;
- ``current(order)`` is the id of the order's contract (or ``None``);
- ``assign(order=…, contract=…, acting_user=…)`` checks the contracts module's rules and links the
  order to the contract (``None``: unlinks it), raising ``ApplicationError`` naming ``contrato``;
- ``choices(current_id)`` are the contracts offered in the admin's form.

Without a hook (a business without contracts), orders show no contract and setting one is a 400
``link_unavailable``. The contract sent is resolved with the links mechanism (``link_resolve``): the
key must be available to the business, the record must exist and the user must be allowed to see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Value
from django.db.models.fields import CharField, UUIDField


@dataclass(frozen=True)
class ContractHook:
    key: str
    annotate: Callable[[QuerySet], QuerySet]
    filter: Callable[[QuerySet, Any], QuerySet]
    current: Callable[[Any], Any]
    assign: Callable[..., None]
    choices: Callable[[Any], list[tuple[Any, str]]]


_hook: ContractHook | None = None


def register_contract_hook(hook: ContractHook) -> None:
    global _hook
    _hook = hook


def unregister_contract_hook() -> None:
    """Tests that run the orders module alone."""
    global _hook
    _hook = None


def contract_hook() -> ContractHook | None:
    return _hook


def with_contract(queryset: QuerySet) -> QuerySet:
    """``contract_ref``, ``contract_number`` and ``contract_school`` on every order (empty without a hook)."""
    if _hook is not None:
        return _hook.annotate(queryset)
    return queryset.annotate(
        contract_ref=Value(None, output_field=UUIDField()),
        contract_number=Value(None, output_field=CharField()),
        contract_school=Value(None, output_field=CharField()),
    )
