from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import VIEWSETS, ImportView, LowStockView, MovementViewSet

router = SimpleRouter()
for category, viewset in VIEWSETS.items():
    router.register(f"inventory/{category}", viewset, basename=f"material-{category}")
router.register("inventory/movements", MovementViewSet, basename="stock-movement")

urlpatterns = [
    path("inventory/alerts/", LowStockView.as_view(), name="inventory-alerts"),
    path("inventory/import/", ImportView.as_view(), name="inventory-import"),
    *router.urls,
]
