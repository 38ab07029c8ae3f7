"""The names of the dashboard outside Python: query parameters and the sections of ``GET /api/dashboard/``."""

#: The period's query parameters (ISO dates, both included).
SINCE = "desde"
UNTIL = "hasta"

#: The sections of the summary, by key, and the permission each one needs (like the admin's sections).
ORDERS = "pedidos"
REVENUE = "ingresos"
CLIENTS = "clientes"
SECTION_PERMISSIONS = {
    ORDERS: "orders.view_order",
    REVENUE: "orders.view_order",
    CLIENTS: "clients.view_client",
}
