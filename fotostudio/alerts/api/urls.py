from rest_framework.routers import SimpleRouter

from .views import AlertResolveViewSet, AlertViewSet, RuleViewSet

router = SimpleRouter()
router.register("alertas/alertas", AlertResolveViewSet, basename="alert-resolve")
router.register("alertas/alertas", AlertViewSet, basename="alert")
router.register("alertas/reglas", RuleViewSet, basename="alert-rule")

urlpatterns = router.urls
