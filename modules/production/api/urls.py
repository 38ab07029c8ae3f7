from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import ProductionOrderViewSet, ProductionRegisterView

router = SimpleRouter()
router.register("production/orders", ProductionOrderViewSet, basename="production_order")

urlpatterns = [
    path("production/register/", ProductionRegisterView.as_view(), name="production-register"),
    *router.urls,
]
