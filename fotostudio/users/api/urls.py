from rest_framework.routers import SimpleRouter

from .views import PermissionViewSet, UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
router.register("usuarios/permisos", PermissionViewSet, basename="permission")

urlpatterns = router.urls
