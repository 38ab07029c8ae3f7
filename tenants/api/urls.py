from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import CurrentTenantView, TenantViewSet

router = SimpleRouter()
router.register("tenants", TenantViewSet, basename="tenant")

urlpatterns = [path("tenants/current/", CurrentTenantView.as_view(), name="tenant-current"), *router.urls]
