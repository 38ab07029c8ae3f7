from rest_framework.routers import SimpleRouter

from .views import MaterialViewSet

router = SimpleRouter()
router.register("inventory", MaterialViewSet, basename="material")

urlpatterns = router.urls
