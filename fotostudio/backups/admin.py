"""The business's copies in its admin: the list, and «Ejecutar copia», which starts one and opens its job's
page (the progress bar of ``fotostudio.jobs``). Restoring is the platform's (``platform_admin.py``)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.admin.filters import DateRangeFilter

from .models import Backup, BackupStatus
from .selectors import backup_list
from .services import backup_delete, backup_start

STATUS_COLORS = {
    BackupStatus.PENDING: "info",
    BackupStatus.RUNNING: "warning",
    BackupStatus.COMPLETED: "success",
    BackupStatus.FAILED: "danger",
}


def file_size(size: int | None) -> str:
    if size is None:
        return "—"
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}".replace(".", ",")
        size /= 1024
    return str(size)  # pragma: no cover


@admin.register(Backup)
class BackupAdmin(BaseModelAdmin):
    list_display = ["created_at", "kind", "status_badge", "size_text", "duration_text", "starter", "job_link"]
    list_display_links = ["created_at"]
    list_display_phone = ("created_at", "status_badge", "size_text")
    list_filter = ["kind", "status", ("created_at", DateRangeFilter)]
    list_select_related = ["started_by"]
    list_before_template = "admin/backups/backup/run_button.html"
    readonly_fields = [
        "kind",
        "status",
        "schema_name",
        "file_name",
        "size_text",
        "sha256",
        "duration_text",
        "tables",
        "error",
        "starter",
        "job_link",
        "created_at",
        "finished_at",
    ]
    fields = readonly_fields
    actions = None

    def get_queryset(self, request):
        return backup_list()

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        backup_delete(backup=obj)

    @display(description=_("Estado"), ordering="status", label=STATUS_COLORS)
    def status_badge(self, backup: Backup):
        return backup.status, backup.get_status_display()

    @display(description=_("Tamaño"), ordering="size")
    def size_text(self, backup: Backup) -> str:
        return file_size(backup.size)

    @display(description=_("Duración"), ordering="duration")
    def duration_text(self, backup: Backup) -> str:
        seconds = backup.duration_seconds
        return "—" if seconds is None else f"{seconds:.1f} s".replace(".", ",")

    @display(description=_("Archivo"))
    def file_name(self, backup: Backup) -> str:
        return backup.file_name or "—"

    @display(description=_("Iniciado por"), ordering="started_by__username")
    def starter(self, backup: Backup) -> str:
        if backup.started_by is None:
            return _("El sistema")
        return backup.started_by.get_full_name() or backup.started_by.get_username()

    @display(description=_("Trabajo"))
    def job_link(self, backup: Backup):
        from django.utils.html import format_html

        if backup.job_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:jobs_job_change", args=[backup.job_id]), _("Ver avance")
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "backup_run_url": reverse("admin:backups_backup_run"),
            "backup_can_run": self.has_run_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def has_run_permission(self, request) -> bool:
        return request.user.has_perm("backups.add_backup")

    def get_urls(self):
        return [
            path("ejecutar/", self.admin_site.admin_view(self.run_view), name="backups_backup_run"),
            *super().get_urls(),
        ]

    def run_view(self, request):
        """«Ejecutar copia»: start the job and open its page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_run_permission(request):
            raise PermissionDenied
        backup = backup_start(acting_user=request.user)
        self.message_user(request, _("La copia de seguridad empezó."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[backup.job_id]))
