from rest_framework.routers import SimpleRouter

from .views import AccessLogViewSet, ActivityLogViewSet, AuditEventViewSet

# List-level routes (audit/user/…, audit/date-range/) come before the detail route (audit/{id}/), whose id
# must be a UUID: "user" or "date-range" is never read as an id.
router = SimpleRouter()
router.register("audit", AuditEventViewSet, basename="audit-event")
router.register("administracion/logs-acceso", AccessLogViewSet, basename="access-log")
router.register("administracion/logs-actividad", ActivityLogViewSet, basename="activity-log")

urlpatterns = router.urls
