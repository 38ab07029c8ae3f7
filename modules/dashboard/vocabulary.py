"""The names of the dashboard outside Python: query parameters and the sections of ``GET /api/dashboard/``."""

#: The period's query parameters (ISO dates, both included).
SINCE = "desde"
UNTIL = "hasta"

#: The sections of the summary, by key, and the permission each one needs (like the admin's sections).
ORDERS = "pedidos"
REVENUE = "ingresos"
CLIENTS = "clientes"
ACTIVE_CLIENTS = "clientes_activos"
PRODUCTION = "produccion"
INVENTORY = "inventario"
AGENDA = "agenda"
CONTRACTS = "contratos"
SECTION_PERMISSIONS = {
    ORDERS: "orders.view_order",
    REVENUE: "orders.view_order",
    CLIENTS: "clients.view_client",
    ACTIVE_CLIENTS: "orders.view_order",
    PRODUCTION: "production.view_productionorder",
    INVENTORY: "inventory.view_material",
    AGENDA: "agenda.view_appointment",
    CONTRACTS: "contracts.view_contract",
}
#: The sections that have an endpoint of their own (the others are only in the summary).
SECTION_ENDPOINTS = (ORDERS, REVENUE, CLIENTS)
