from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import AlertSettingsView, BackupSettingsView, SettingViewSet, SystemConfigurationView, SystemSettingsView

router = SimpleRouter()
router.register("config", SettingViewSet, basename="setting")

# The grouped views come before the router's ``config/{id}/``, so "system" is never read as an id.
urlpatterns = [
    path("config/system/", SystemSettingsView.as_view(), name="setting-system"),
    path("config/alerts/", AlertSettingsView.as_view(), name="setting-alerts"),
    path("config/backup/", BackupSettingsView.as_view(), name="setting-backup"),
    path("administracion/configuracion/", SystemConfigurationView.as_view(), name="system-configuration"),
    *router.urls,
]
