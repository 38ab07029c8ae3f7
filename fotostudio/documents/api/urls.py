from rest_framework.routers import SimpleRouter

from .views import DocumentViewSet, PhotoViewSet

router = SimpleRouter()
router.register("documentos/documentos", DocumentViewSet, basename="document")
router.register("documentos/fotos", PhotoViewSet, basename="photo")

urlpatterns = router.urls
