from rest_framework.routers import SimpleRouter

from .views import ClientViewSet

# SimpleRouter puts list-level actions (clients/schools/) before the detail route
# (clients/{id}/), so "schools" is never read as an id; a test pins it.
router = SimpleRouter()
router.register("clients", ClientViewSet, basename="client")

urlpatterns = router.urls
