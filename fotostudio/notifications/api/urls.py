from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import NotificationReadViewSet, NotificationViewSet, PreferenceView, ReadingListView

router = SimpleRouter()
router.register("notificaciones/notificaciones", NotificationReadViewSet, basename="notification-read")
router.register("notificaciones/notificaciones", NotificationViewSet, basename="notification")

urlpatterns = [
    path("notificaciones/preferencias/", PreferenceView.as_view(), name="notification-preferences"),
    path("notificaciones/historial-lectura/", ReadingListView.as_view(), name="notification-readings"),
    *router.urls,
]
