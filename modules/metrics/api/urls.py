from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    ClientsSeriesView,
    ComparisonView,
    EfficiencySeriesView,
    InventorySeriesView,
    KpiDashboardView,
    KpiDefinitionViewSet,
    OrdersSeriesView,
    ProductionSeriesView,
    RevenueSeriesView,
    TrendView,
)

router = SimpleRouter()
router.register("metrics", KpiDefinitionViewSet, basename="kpi_definition")

# The fixed paths come before the router's, so «revenue» or «dashboard» is never read as an indicator's id.
urlpatterns = [
    path("metrics/revenue/", RevenueSeriesView.as_view(), name="metrics-revenue"),
    path("metrics/orders/", OrdersSeriesView.as_view(), name="metrics-orders"),
    path("metrics/clients/", ClientsSeriesView.as_view(), name="metrics-clients"),
    path("metrics/inventory/", InventorySeriesView.as_view(), name="metrics-inventory"),
    path("metrics/production/", ProductionSeriesView.as_view(), name="metrics-production"),
    path("metrics/efficiency/", EfficiencySeriesView.as_view(), name="metrics-efficiency"),
    path("metrics/dashboard/", KpiDashboardView.as_view(), name="metrics-dashboard"),
    path("metrics/trends/", TrendView.as_view(), name="metrics-trends"),
    path("metrics/comparison/", ComparisonView.as_view(), name="metrics-comparison"),
    *router.urls,
]
