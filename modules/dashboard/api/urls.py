from django.urls import path

from .views import DashboardClientsView, DashboardOrdersView, DashboardRevenueView, DashboardSummaryView

urlpatterns = [
    path("dashboard/", DashboardSummaryView.as_view(), name="dashboard"),
    path("dashboard/orders/", DashboardOrdersView.as_view(), name="dashboard-orders"),
    path("dashboard/revenue/", DashboardRevenueView.as_view(), name="dashboard-revenue"),
    path("dashboard/clients/", DashboardClientsView.as_view(), name="dashboard-clients"),
]
