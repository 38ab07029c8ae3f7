"""Every figure of the reports: aggregate SQL over orders, payments, contracts, products and the inventory.

A report is a list of :class:`Section` (a table: its columns, its rows and its totals). Rows come from
``values().annotate()`` queries whose names are the Spanish keys of the API and the spreadsheets; totals
from one ``aggregate()`` each. Nothing is summed in Python, with one exception, documented in
:func:`school_commissions`: the commission of each contract is the contracts module's own
(``commission_owed``, rounded per contract as the business rounds money), and the total is their sum.

The API (JSON), the exports (XLSX, CSV, PDF) and the admin's pages all render these sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncMonth
from django.utils.translation import gettext_lazy as _

from modules.contracts.models import ContractStatus
from modules.contracts.selectors import commission_owed, contract_list
from modules.inventory.models import Material, MaterialCategory, MaterialUnit, MovementKind, StockMovement
from modules.inventory.selectors import low_stock_condition, low_stock_materials
from modules.orders.models import Order, OrderStatus, Payment, PaymentMethod
from modules.production.models import ProductionEntry, ProductionOrder, WasteReason
from modules.production.selectors import (
    ENTRY_VALUE,
    WASTED,
    completed_entries,
    completed_orders,
    entry_quantities,
    order_materials_cost,
    products_made,
    waste_share,
)
from modules.products.models import SOLD_STATUSES, Product, ProductKind

from .filters import ReportParams

MONEY = DecimalField(max_digits=20, decimal_places=4)
ZERO = Decimal("0")
_ZERO_MONEY = Value(ZERO, output_field=MONEY)

#: The ageing buckets of the receivables: (key, label, first day, last day or None).
AGEING_BUCKETS: tuple[tuple[str, Any, int, int | None], ...] = (
    ("0-30", _("0 a 30 días"), 0, 30),
    ("31-60", _("31 a 60 días"), 31, 60),
    ("61-90", _("61 a 90 días"), 61, 90),
    ("90+", _("Más de 90 días"), 91, None),
)


# --- The shape every report shares ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """``kind``: text, choice (a code shown by its label), int, money, quantity, percent, date, month."""

    key: str
    label: Any
    kind: str = "text"
    choices: tuple[tuple[str, Any], ...] = ()

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "money", "quantity", "percent"}

    def label_of(self, value: Any) -> Any:
        return dict(self.choices).get(value, value) if self.kind == "choice" else value


@dataclass(frozen=True)
class Chart:
    """A section's picture in the PDF: one bar (``kind="bars"``) or slice (``"pie"``) per value of the column
    ``label``, sized by the column ``value`` (summed over the rows with the same label, in the rows' order)."""

    kind: str
    label: str
    value: str
    title: Any


@dataclass
class Section:
    key: str  # the JSON key
    title: Any
    columns: tuple[Column, ...]
    rows: Iterable[dict[str, Any]]  # a queryset of dicts, or a short list
    totals: dict[str, Any] | None = None  # by column key; the first column is labelled «Total»
    note: Any = ""
    sheet: Any = ""  # the spreadsheet tab's name (at most 31 characters)
    chart: Chart | None = None  # drawn above the table in the PDF


@dataclass
class Report:
    key: str  # financial / inventory
    title: Any
    params: ReportParams
    sections: list[Section] = field(default_factory=list)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def _period(params: ReportParams, path: str) -> Q:
    """``path`` (a date) within the report's period, both days included."""
    return Q(**{f"{path}__gte": params.date_from, f"{path}__lte": params.date_to})


def _money_sum(expression, **extra) -> Coalesce:
    return Coalesce(Sum(expression, output_field=MONEY, **extra), _ZERO_MONEY, output_field=MONEY)


# --- Financial ------------------------------------------------------------------------------------------


def _revenue_orders(params: ReportParams) -> QuerySet[Order]:
    """Orders that count as revenue: not cancelled, dated within the period, of the chosen service."""
    orders = Order.objects.exclude(status=OrderStatus.CANCELLED).filter(_period(params, "order_date"))
    if params.service is not None:
        orders = orders.filter(service_type=params.service)
    return orders


_NET = F("subtotal") - F("discount_total")


def revenue_by_service(params: ReportParams) -> Section:
    """Orders' amounts by service and month (by order date): net of discount, IVA and total."""
    figures = {
        "pedidos": Count("id"),
        "neto": _money_sum(_NET),
        "iva": _money_sum("tax_total"),
        "total": _money_sum("total"),
    }
    orders = _revenue_orders(params)
    rows = (
        orders.annotate(mes=TruncMonth("order_date"))
        .values("mes", servicio=F("service_type__name"))
        .annotate(**figures)
        .order_by("mes", "service_type__position", "service_type__name")
    )
    return Section(
        key="ingresos_por_servicio",
        sheet=_("Ingresos"),
        title=_("Ingresos por servicio y mes"),
        columns=(
            Column("mes", _("Mes"), "month"),
            Column("servicio", _("Servicio")),
            Column("pedidos", _("Pedidos"), "int"),
            Column("neto", _("Neto (sin IVA)"), "money"),
            Column("iva", _("IVA"), "money"),
            Column("total", _("Total"), "money"),
        ),
        rows=rows,
        totals=orders.aggregate(**figures),
        note=_("Pedidos no cancelados, por su fecha; neto = subtotal menos descuento."),
        chart=Chart("bars", "servicio", "neto", _("Ingresos netos por servicio")),
    )


def _sold_products(params: ReportParams) -> QuerySet[Product]:
    return Product.objects.filter(status__in=SOLD_STATUSES, sold_at__isnull=False).filter(
        _period(params, "sold_at__date")
    )


def product_sales(params: ReportParams) -> Section:
    """Finished products sold in the period, by month: how many, the sale prices, their cost and margin."""
    figures = {
        "vendidos": Count("id"),
        "ingresos": _money_sum("sold_price"),
        "costo": _money_sum("cost"),
        "margen": _money_sum(F("sold_price") - F("cost")),
    }
    products = _sold_products(params)
    rows = (
        products.annotate(mes=TruncMonth("sold_at", output_field=DateField()))
        .values("mes")
        .annotate(**figures)
        .order_by("mes")
    )
    return Section(
        key="ventas_de_productos",
        sheet=_("Productos"),
        title=_("Ventas de productos terminados"),
        columns=(
            Column("mes", _("Mes"), "month"),
            Column("vendidos", _("Vendidos"), "int"),
            Column("ingresos", _("Ingresos"), "money"),
            Column("costo", _("Costo"), "money"),
            Column("margen", _("Margen"), "money"),
        ),
        rows=rows,
        totals=products.aggregate(**figures),
        note=_("Por la fecha de venta; el precio es el de la venta."),
    )


def payments_by_method(params: ReportParams) -> Section:
    """Payments received in the period (by payment date), by method."""
    payments = Payment.objects.filter(_period(params, "paid_on"))
    if params.service is not None:
        payments = payments.filter(order__service_type=params.service)
    figures = {"pagos": Count("id"), "monto": _money_sum("amount")}
    rows = payments.values(forma_pago=F("method")).annotate(**figures).order_by("method")
    return Section(
        key="pagos_por_forma",
        sheet=_("Pagos"),
        title=_("Pagos recibidos por forma de pago"),
        columns=(
            Column("forma_pago", _("Forma de pago"), "choice", tuple(PaymentMethod.choices)),
            Column("pagos", _("Pagos"), "int"),
            Column("monto", _("Monto"), "money"),
        ),
        rows=rows,
        totals=payments.aggregate(**figures),
        chart=Chart("pie", "forma_pago", "monto", _("Pagos por forma de pago")),
    )


def receivables_ageing(params: ReportParams) -> Section:
    """What clients owe today, by how old the debt is: days from the order's date to the report's today.

    The balances are the current ones (a snapshot, not limited by the period): every order with a balance
    (a cancelled order owes nothing), of the chosen service.
    """
    today = params.today or params.date_to
    orders = Order.objects.filter(balance__gt=0).exclude(status=OrderStatus.CANCELLED)
    if params.service is not None:
        orders = orders.filter(service_type=params.service)
    figures: dict[str, Any] = {}
    for key, _label, first, last in AGEING_BUCKETS:
        # Older than ``first`` days: dated on or before today - first; younger than ``last`` + 1 days.
        condition = Q(order_date__lte=today - timedelta(days=first)) if first else Q()
        if last is not None:
            condition &= Q(order_date__gt=today - timedelta(days=last + 1))
        figures[f"{key}_pedidos"] = Count("id", filter=condition)
        figures[f"{key}_saldo"] = _money_sum("balance", filter=condition)
    figures["pedidos"] = Count("id")
    figures["saldo"] = _money_sum("balance")
    row = orders.aggregate(**figures)
    rows = [
        {"tramo": key, "pedidos": row[f"{key}_pedidos"], "saldo": row[f"{key}_saldo"]}
        for key, _label, _first, _last in AGEING_BUCKETS
    ]
    return Section(
        key="cuentas_por_cobrar",
        sheet=_("Por cobrar"),
        title=_("Cuentas por cobrar por antigüedad"),
        columns=(
            Column("tramo", _("Antigüedad"), "choice", tuple((key, label) for key, label, *_rest in AGEING_BUCKETS)),
            Column("pedidos", _("Pedidos"), "int"),
            Column("saldo", _("Saldo"), "money"),
        ),
        rows=rows,
        totals={"pedidos": row["pedidos"], "saldo": row["saldo"]},
        note=_("Saldos al día de hoy; la antigüedad se cuenta desde la fecha del pedido."),
        chart=Chart("bars", "tramo", "saldo", _("Saldo por cobrar por antigüedad")),
    )


def school_commissions(params: ReportParams) -> Section:
    """What the studio owes each school whose contract was in force at some point of the period.

    The commission is the contracts module's (``commission_owed``: the contract's rate over its delivered,
    fully paid orders before IVA, rounded as the business rounds money), computed in the contracts' list
    query; the rows are contracts (a handful), and the total is the sum of the rounded commissions.
    """
    contracts = (
        contract_list()
        .prefetch_related(None)
        .exclude(status=ContractStatus.DRAFT)
        .filter(start_date__lte=params.date_to, end_date__gte=params.date_from)
        .order_by("start_date", "number", "id")
    )
    rows = [
        {
            "contrato": contract.number,
            "colegio": contract.school.name,
            "tasa": contract.commission_rate,
            "base": contract.commission_base or ZERO,
            "comision": commission_owed(contract),
        }
        for contract in contracts
    ]
    return Section(
        key="comisiones",
        sheet=_("Comisiones"),
        title=_("Comisiones de colegios"),
        columns=(
            Column("contrato", _("Contrato")),
            Column("colegio", _("Colegio")),
            Column("tasa", _("Comisión %"), "percent"),
            Column("base", _("Base (sin IVA)"), "money"),
            Column("comision", _("Comisión"), "money"),
        ),
        rows=rows,
        totals={
            "base": sum((row["base"] for row in rows), ZERO),
            "comision": sum((row["comision"] for row in rows), ZERO),
        },
        note=_("Contratos vigentes en algún día del periodo; base: sus pedidos entregados y pagados, sin IVA."),
    )


#: The movements that are a cost of the work: what was used and what was wasted.
COST_KINDS = (MovementKind.CONSUMPTION, MovementKind.WASTE)
#: The value of a movement at its own unit cost (negative quantities are outflows: the cost is positive).
_OUTFLOW_VALUE = -F("quantity") * F("unit_cost")


def _cost_movements(params: ReportParams) -> QuerySet[StockMovement]:
    movements = StockMovement.objects.filter(kind__in=COST_KINDS).filter(_period(params, "created_at__date"))
    if params.category:
        movements = movements.filter(material__category=params.category)
    return movements


def materials_cost(params: ReportParams) -> Section:
    """The cost of the materials used: consumption and waste in the period, each at its movement's unit cost."""
    movements = _cost_movements(params)
    figures = {"movimientos": Count("id"), "costo": _money_sum(_OUTFLOW_VALUE)}
    rows = (
        movements.values(categoria=F("material__category"), tipo=F("kind"))
        .annotate(**figures)
        .order_by("material__category", "kind")
    )
    return Section(
        key="costo_de_materiales",
        sheet=_("Costo de materiales"),
        title=_("Costo de materiales usados"),
        columns=(
            Column("categoria", _("Categoría"), "choice", tuple(MaterialCategory.choices)),
            Column("tipo", _("Tipo de movimiento"), "choice", tuple(MovementKind.choices)),
            Column("movimientos", _("Movimientos"), "int"),
            Column("costo", _("Costo"), "money"),
        ),
        rows=rows,
        totals=movements.aggregate(**figures),
        note=_("Consumos y mermas del periodo, valorados al costo unitario de cada movimiento."),
    )


def margin_by_service(params: ReportParams, *, revenue_totals: dict, cost_total: Decimal) -> Section:
    """Gross margin by service: net revenue less the materials' cost allotted in proportion to net revenue.

    The stock ledger does not say which order used a material, so the cost of the period is allotted to
    the services by their share of the period's net revenue (an approximation, said on the page); the
    finished products' margin is exact (sale price less the product's cost).
    """
    net_total = revenue_totals["neto"] or ZERO
    share = Value(cost_total, output_field=MONEY) / Value(net_total, output_field=MONEY) if net_total else None
    allotted = ExpressionWrapper(_money_sum(_NET) * share, output_field=MONEY) if share is not None else _ZERO_MONEY
    rows = (
        _revenue_orders(params)
        .values(servicio=F("service_type__name"))
        .annotate(neto=_money_sum(_NET), costo_asignado=allotted)
        .annotate(margen=ExpressionWrapper(F("neto") - F("costo_asignado"), output_field=MONEY))
        .annotate(
            margen_porcentaje=Case(
                When(neto__gt=0, then=ExpressionWrapper(F("margen") * 100 / F("neto"), output_field=MONEY)),
                default=None,
                output_field=MONEY,
            )
        )
        .order_by("service_type__position", "service_type__name")
    )
    margin = net_total - cost_total
    return Section(
        key="margen_por_servicio",
        sheet=_("Margen"),
        title=_("Margen bruto por servicio"),
        columns=(
            Column("servicio", _("Servicio")),
            Column("neto", _("Ingresos netos"), "money"),
            Column("costo_asignado", _("Costo de materiales asignado"), "money"),
            Column("margen", _("Margen bruto"), "money"),
            Column("margen_porcentaje", _("Margen %"), "percent"),
        ),
        rows=rows,
        totals={
            "neto": net_total,
            "costo_asignado": cost_total if net_total else ZERO,
            "margen": margin if net_total else ZERO,
            "margen_porcentaje": (margin * 100 / net_total) if net_total else None,
        },
        note=_(
            "Aproximado: el costo de materiales del periodo se reparte entre los servicios en proporción a sus "
            "ingresos netos (el inventario no registra qué pedido usó cada material)."
        ),
    )


def financial_report(params: ReportParams) -> Report:
    revenue = revenue_by_service(params)
    cost = materials_cost(params)
    return Report(
        key="financial",
        title=_("Informe financiero"),
        params=params,
        sections=[
            revenue,
            product_sales(params),
            payments_by_method(params),
            receivables_ageing(params),
            school_commissions(params),
            cost,
            margin_by_service(params, revenue_totals=revenue.totals, cost_total=cost.totals["costo"]),
        ],
    )


# --- Inventory ------------------------------------------------------------------------------------------


def _materials(params: ReportParams) -> QuerySet[Material]:
    materials = Material.objects.all()
    if params.category:
        materials = materials.filter(category=params.category)
    return materials


_STOCK_VALUE = F("quantity_on_hand") * F("average_cost")


def valuation_by_category(params: ReportParams) -> Section:
    """What the stock on hand is worth today, by category: existences × weighted average cost."""
    materials = _materials(params)
    figures = {
        "materiales": Count("id"),
        "con_existencias": Count("id", filter=Q(quantity_on_hand__gt=0)),
        "valor": _money_sum(_STOCK_VALUE),
    }
    rows = materials.values(categoria=F("category")).annotate(**figures).order_by("category")
    return Section(
        key="valoracion_por_categoria",
        sheet=_("Valoración"),
        title=_("Valoración del inventario por categoría"),
        columns=(
            Column("categoria", _("Categoría"), "choice", tuple(MaterialCategory.choices)),
            Column("materiales", _("Materiales"), "int"),
            Column("con_existencias", _("Con existencias"), "int"),
            Column("valor", _("Valor"), "money"),
        ),
        rows=rows,
        totals=materials.aggregate(**figures),
        note=_("Existencias actuales × costo promedio ponderado; incluye los materiales inactivos con existencias."),
        chart=Chart("bars", "categoria", "valor", _("Valor del inventario por categoría")),
    )


def movements_by_kind(params: ReportParams) -> Section:
    """The stock ledger over the period, by kind: how many movements and their value (signed)."""
    movements = StockMovement.objects.filter(_period(params, "created_at__date"))
    if params.category:
        movements = movements.filter(material__category=params.category)
    figures = {
        "movimientos": Count("id"),
        "entradas": _money_sum(F("quantity") * F("unit_cost"), filter=Q(quantity__gt=0)),
        "salidas": _money_sum(-F("quantity") * F("unit_cost"), filter=Q(quantity__lt=0)),
    }
    rows = movements.values(tipo=F("kind")).annotate(**figures).order_by("kind")
    return Section(
        key="movimientos_por_tipo",
        sheet=_("Movimientos"),
        title=_("Movimientos del periodo por tipo"),
        columns=(
            Column("tipo", _("Tipo de movimiento"), "choice", tuple(MovementKind.choices)),
            Column("movimientos", _("Movimientos"), "int"),
            Column("entradas", _("Valor de entradas"), "money"),
            Column("salidas", _("Valor de salidas"), "money"),
        ),
        rows=rows,
        totals=movements.aggregate(**figures),
        note=_("Cada movimiento valorado a su costo unitario."),
    )


_SUGGESTED = Case(
    When(reorder_quantity__gt=0, then=F("reorder_quantity")),
    default=Greatest(F("minimum_stock") - F("quantity_on_hand"), Value(ZERO)),
    output_field=MONEY,
)


def low_stock(params: ReportParams) -> Section:
    """Active materials at or below their minimum, with the inventory's reorder suggestion."""
    materials = low_stock_materials()
    if params.category:
        materials = materials.filter(category=params.category)
    rows = materials.values(
        "sku",
        proveedor=F("supplier"),
        nombre=F("name"),
        unidad=F("unit"),
        existencias=F("quantity_on_hand"),
        minimo=F("minimum_stock"),
        faltante=F("shortfall"),
        sugerido=F("suggested_quantity"),
        costo_unitario=F("unit_cost"),
        costo_estimado=F("estimated_cost"),
        ultima_compra=F("last_purchase_at__date"),
    )
    totals_query = Material.objects.filter(low_stock_condition())
    if params.category:
        totals_query = totals_query.filter(category=params.category)
    totals = totals_query.aggregate(costo_estimado=_money_sum(_SUGGESTED * F("unit_cost")))
    return Section(
        key="stock_bajo",
        sheet=_("Stock bajo"),
        title=_("Stock bajo y reposición sugerida"),
        columns=(
            Column("sku", _("SKU")),
            Column("nombre", _("Material")),
            Column("proveedor", _("Proveedor")),
            Column("unidad", _("Unidad"), "choice", tuple(MaterialUnit.choices)),
            Column("existencias", _("Existencias"), "quantity"),
            Column("minimo", _("Mínimo"), "quantity"),
            Column("faltante", _("Faltante"), "quantity"),
            Column("sugerido", _("Pedir"), "quantity"),
            Column("costo_unitario", _("Costo unitario"), "money"),
            Column("costo_estimado", _("Costo estimado"), "money"),
            Column("ultima_compra", _("Última compra"), "date"),
        ),
        rows=rows,
        totals={"costo_estimado": totals["costo_estimado"]},
        note=_("Materiales activos en su stock mínimo o por debajo; pedir: la cantidad de reposición del material."),
    )


def slow_moving(params: ReportParams) -> Section:
    """Active materials with stock and no consumption in the ``idle_days`` days up to ``hasta``."""
    since = params.date_to - timedelta(days=params.idle_days)
    consumption = Q(movements__kind=MovementKind.CONSUMPTION, movements__created_at__date__lte=params.date_to)
    last_use = Max("movements__created_at", filter=consumption)
    used_lately = StockMovement.objects.filter(
        material=OuterRef("pk"),
        kind=MovementKind.CONSUMPTION,
        created_at__date__gt=since,
        created_at__date__lte=params.date_to,
    )
    materials = _materials(params).filter(is_active=True, quantity_on_hand__gt=0).filter(~Exists(used_lately))
    rows = (
        materials.annotate(ultimo_consumo=last_use)
        .values(
            "sku",
            nombre=F("name"),
            categoria=F("category"),
            unidad=F("unit"),
            existencias=F("quantity_on_hand"),
            valor=ExpressionWrapper(_STOCK_VALUE, output_field=MONEY),
            ultimo=F("ultimo_consumo__date"),
        )
        .order_by(F("ultimo_consumo").asc(nulls_first=True), "sku")
    )
    return Section(
        key="baja_rotacion",
        sheet=_("Baja rotación"),
        title=_("Materiales de baja rotación"),
        columns=(
            Column("sku", _("SKU")),
            Column("nombre", _("Material")),
            Column("categoria", _("Categoría"), "choice", tuple(MaterialCategory.choices)),
            Column("unidad", _("Unidad"), "choice", tuple(MaterialUnit.choices)),
            Column("existencias", _("Existencias"), "quantity"),
            Column("valor", _("Valor"), "money"),
            Column("ultimo", _("Último consumo"), "date"),
        ),
        rows=rows,
        totals=materials.aggregate(valor=_money_sum(_STOCK_VALUE)),
        note=_("Materiales activos con existencias y sin consumo en los %(days)s días hasta el final del periodo.")
        % {"days": params.idle_days},
    )


def inventory_report(params: ReportParams) -> Report:
    return Report(
        key="inventory",
        title=_("Informe de inventario"),
        params=params,
        sections=[valuation_by_category(params), movements_by_kind(params), low_stock(params), slow_moving(params)],
    )


# --- Production -----------------------------------------------------------------------------------------
#
# Over the production orders **completed** in the period (by the local day of their end), of the chosen
# person. The rules are the production module's own selectors (``completed_orders``, ``completed_entries``,
# ``entry_quantities``, ``waste_share``, ``ENTRY_VALUE``, ``order_materials_cost``, ``products_made``): per
# material, *used* is what stayed in the products (consumption − offcuts returned to stock), *waste* what was
# lost (declared waste and offcuts too short to keep); values are each entry's quantity × the weighted average
# cost it moved at. The reports only group them (by month, person, material, reason) into sections.


def _completed_orders(params: ReportParams) -> QuerySet[ProductionOrder]:
    return completed_orders(date_from=params.date_from, date_to=params.date_to, responsible=params.responsible)


def _production_entries(params: ReportParams) -> QuerySet[ProductionEntry]:
    return completed_entries(
        date_from=params.date_from, date_to=params.date_to, responsible=params.responsible, category=params.category
    )


def production_output(params: ReportParams) -> Section:
    """What the workshop finished, by month of completion and kind of work: orders, pieces, products made."""
    orders = _completed_orders(params).annotate(made=products_made())
    figures = {
        "ordenes": Count("id"),
        "piezas": Coalesce(Sum("quantity"), 0),
        "productos": Coalesce(Sum("made"), 0),
    }
    rows = (
        orders.annotate(mes=TruncMonth("finished_at", output_field=DateField()))
        .values("mes", tipo=F("kind"))
        .annotate(**figures)
        .order_by("mes", "kind")
    )
    return Section(
        key="produccion_por_mes",
        sheet=_("Producción"),
        title=_("Producción terminada por mes"),
        columns=(
            Column("mes", _("Mes"), "month"),
            Column("tipo", _("Tipo de trabajo"), "choice", tuple(ProductKind.choices)),
            Column("ordenes", _("Órdenes"), "int"),
            Column("piezas", _("Piezas"), "int"),
            Column("productos", _("Productos terminados"), "int"),
        ),
        rows=rows,
        totals=orders.aggregate(**figures),
        note=_("Órdenes completadas en el periodo, por el mes en que terminaron."),
    )


def waste_by_material(params: ReportParams) -> Section:
    """Per material: used, waste (in its unit), waste % = waste / (used + waste), and the waste's cost."""
    entries = _production_entries(params)
    quantities = entry_quantities()
    rows = (
        entries.values("material", "material__name", sku=F("material__sku"))
        .annotate(
            usado=quantities["used"],
            merma=quantities["waste"],
            costo_merma=_money_sum(ENTRY_VALUE, filter=WASTED),
        )
        .annotate(
            nombre=F("material__name"),
            categoria=F("material__category"),
            unidad=F("material__unit"),
            merma_porcentaje=waste_share("merma", "usado"),
        )
        .order_by("material__name", "material")
    )
    return Section(
        key="mermas_por_material",
        sheet=_("Mermas por material"),
        title=_("Mermas por material"),
        columns=(
            Column("sku", _("SKU")),
            Column("nombre", _("Material")),
            Column("categoria", _("Categoría"), "choice", tuple(MaterialCategory.choices)),
            Column("unidad", _("Unidad"), "choice", tuple(MaterialUnit.choices)),
            Column("usado", _("Usado"), "quantity"),
            Column("merma", _("Merma"), "quantity"),
            Column("merma_porcentaje", _("Merma %"), "percent"),
            Column("costo_merma", _("Costo de la merma"), "money"),
        ),
        rows=rows,
        totals=entries.aggregate(costo_merma=_money_sum(ENTRY_VALUE, filter=WASTED)),
        note=_(
            "Usado: consumo menos retazos devueltos al stock; merma: mermas declaradas y retazos demasiado cortos; "
            "merma % = merma / (usado + merma), en la unidad del material."
        ),
    )


def waste_by_reason(params: ReportParams) -> Section:
    """The waste's entries by reason: how many and their cost (quantities of different units do not add)."""
    entries = _production_entries(params).filter(WASTED)
    figures = {"registros": Count("id"), "costo": _money_sum(ENTRY_VALUE)}
    rows = entries.values(motivo=F("reason")).annotate(**figures).order_by("-costo", "reason")
    return Section(
        key="mermas_por_motivo",
        sheet=_("Mermas por motivo"),
        title=_("Mermas por motivo"),
        columns=(
            Column("motivo", _("Motivo"), "choice", tuple(WasteReason.choices)),
            Column("registros", _("Registros"), "int"),
            Column("costo", _("Costo"), "money"),
        ),
        rows=rows,
        totals=entries.aggregate(**figures),
        note=_("Cada merma valorada al costo promedio con que salió del stock."),
        chart=Chart("pie", "motivo", "costo", _("Costo de las mermas por motivo")),
    )


def _efficiency_orders(params: ReportParams) -> QuerySet[ProductionOrder]:
    return _completed_orders(params).annotate(
        made=products_made(),
        cost=order_materials_cost(category=params.category),
        waste_cost=order_materials_cost(category=params.category, waste_only=True),
    )


def _efficiency_figures() -> dict[str, Any]:
    return {
        "ordenes": Count("id"),
        "productos": Coalesce(Sum("made"), 0),
        "costo_materiales": _money_sum("cost"),
        "costo_merma": _money_sum("waste_cost"),
    }


_EFFICIENCY_RATIOS = {
    "merma_porcentaje": ExpressionWrapper(
        F("costo_merma") * 100 / NullIf(F("costo_materiales"), Value(ZERO, output_field=MONEY)), output_field=MONEY
    ),
    "costo_por_producto": ExpressionWrapper(F("costo_materiales") / NullIf(F("productos"), 0), output_field=MONEY),
}


def _efficiency_columns(first: Column) -> tuple[Column, ...]:
    return (
        first,
        Column("ordenes", _("Órdenes"), "int"),
        Column("productos", _("Productos terminados"), "int"),
        Column("costo_materiales", _("Costo de materiales"), "money"),
        Column("costo_merma", _("Costo de la merma"), "money"),
        Column("merma_porcentaje", _("Merma % (valor)"), "percent"),
        Column("costo_por_producto", _("Costo de materiales por producto"), "money"),
    )


def _efficiency_totals(params: ReportParams) -> dict[str, Any]:
    """The efficiency's totals, one aggregate query; the ratios are the totals' own (not an average of rows)."""
    totals = _efficiency_orders(params).aggregate(**_efficiency_figures())
    cost, waste, products = totals["costo_materiales"], totals["costo_merma"], totals["productos"]
    totals["merma_porcentaje"] = waste * 100 / cost if cost else None
    totals["costo_por_producto"] = cost / products if products else None
    return totals


_EFFICIENCY_NOTE = _(
    "Costo de materiales: consumo y merma menos retazos devueltos, al costo promedio de cada movimiento; "
    "merma % por valor (las unidades de los materiales difieren)."
)


def efficiency_by_month(params: ReportParams, totals: dict[str, Any]) -> Section:
    rows = (
        _efficiency_orders(params)
        .annotate(mes=TruncMonth("finished_at", output_field=DateField()))
        .values("mes")
        .annotate(**_efficiency_figures())
        .annotate(**_EFFICIENCY_RATIOS)
        .order_by("mes")
    )
    return Section(
        key="eficiencia_por_mes",
        sheet=_("Eficiencia por mes"),
        title=_("Eficiencia por mes"),
        columns=_efficiency_columns(Column("mes", _("Mes"), "month")),
        rows=rows,
        totals=totals,
        note=_EFFICIENCY_NOTE,
    )


def efficiency_by_person(params: ReportParams, totals: dict[str, Any]) -> Section:
    """By the order's responsible (orders without one together, as «Sin responsable»)."""
    name = Coalesce(
        NullIf(F("responsible__full_name"), Value("")),
        F("responsible__username"),
        Value(str(_("Sin responsable"))),
    )
    rows = (
        _efficiency_orders(params)
        .values("responsible", responsable=name)
        .annotate(**_efficiency_figures())
        .annotate(**_EFFICIENCY_RATIOS)
        .order_by("responsable", "responsible")
    )
    return Section(
        key="eficiencia_por_responsable",
        sheet=_("Eficiencia por persona"),
        title=_("Eficiencia por responsable"),
        columns=_efficiency_columns(Column("responsable", _("Responsable"))),
        rows=rows,
        totals=totals,
        note=_EFFICIENCY_NOTE,
    )


def production_report(params: ReportParams) -> Report:
    totals = _efficiency_totals(params)
    return Report(
        key="production",
        title=_("Informe de producción"),
        params=params,
        sections=[
            production_output(params),
            waste_by_material(params),
            waste_by_reason(params),
            efficiency_by_month(params, totals),
            efficiency_by_person(params, totals),
        ],
    )


REPORT_BUILDERS = {"financial": financial_report, "inventory": inventory_report, "production": production_report}


def report_build(kind: str, params: ReportParams) -> Report:
    return REPORT_BUILDERS[kind](params)
