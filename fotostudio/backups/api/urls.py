from django.urls import path

from .views import BackupListView, BackupRunView

urlpatterns = [
    path("administracion/backups/", BackupListView.as_view(), name="backup-list"),
    path("administracion/backups/ejecutar/", BackupRunView.as_view(), name="backup-run"),
]
