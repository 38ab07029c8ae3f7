"""The business's jobs in the admin: the recent ones with status badges and filters, and a page per job
whose progress bar follows the job (``fotostudio/js/job-progress.js`` polls ``<id>/progreso/``).

Read-only: jobs are started by the modules that need them and deleted by ``jobs.cleanup``.
procrastinate's own admin (its queue, every business's jobs with their arguments) is unregistered:
on a business's host its superusers would see other businesses' jobs.
"""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.models import ProcrastinateJob
from unfold.decorators import display

from fotostudio.admin.base import BaseModelAdmin
from fotostudio.admin.filters import DateRangeFilter
from fotostudio.core.errors import ApplicationError

from .api.serializers import JobSerializer
from .models import Job, JobStatus
from .registry import job_kinds, kind_label
from .selectors import job_list
from .services import job_cancel

admin.site.unregister(ProcrastinateJob)

STATUS_COLORS = {
    JobStatus.QUEUED: "info",
    JobStatus.RUNNING: "warning",
    JobStatus.SUCCEEDED: "success",
    JobStatus.FAILED: "danger",
}


class KindFilter(admin.SimpleListFilter):
    title = _("tipo")
    parameter_name = "tipo"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.label) for kind in job_kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(BaseModelAdmin):
    list_display = ["title", "kind_name", "status_badge", "progress_text", "starter", "created_at", "finished_at"]
    list_display_links = ["title"]
    list_display_phone = ("title", "status_badge", "progress_text")
    list_filter = ["status", KindFilter, ("created_at", DateRangeFilter)]
    list_filter_submit = True
    search_fields = ["title", "message"]
    list_select_related = ["started_by"]
    fieldsets = (
        (_("Trabajo"), {"fields": ["title", "kind_name", "status", "starter"]}),
        (_("Avance"), {"fields": [("done", "total"), "message", "attempts"]}),
        (_("Resultado"), {"fields": ["result_text", "error"]}),
        (_("Fechas"), {"fields": [("created_at", "started_at", "finished_at")]}),
    )
    readonly_fields = [
        "title",
        "kind_name",
        "status",
        "starter",
        "done",
        "total",
        "message",
        "attempts",
        "result_text",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]
    change_form_outer_before_template = "admin/jobs/job/progress.html"

    class Media:
        css = {"all": ["fotostudio/css/jobs.css"]}
        js = ["fotostudio/js/job-progress.js"]

    def get_queryset(self, request):
        return job_list(user=request.user)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description=_("Tipo"), ordering="kind")
    def kind_name(self, job: Job) -> str:
        return kind_label(job.kind)

    @display(description=_("Estado"), ordering="status", label=STATUS_COLORS)
    def status_badge(self, job: Job):
        return job.status, job.get_status_display()

    @display(description=_("Iniciado por"), ordering="started_by__username")
    def starter(self, job: Job) -> str:
        if job.started_by is None:
            return _("El sistema (tarea periódica)")
        return job.started_by.get_full_name() or job.started_by.get_username()

    @display(description=_("Avance"))
    def progress_text(self, job: Job) -> str:
        if job.total:
            return f"{job.done} / {job.total} ({job.percentage} %)"
        return f"{job.percentage} %" if job.percentage is not None else (str(job.done) if job.done else "—")

    @display(description=_("Resultado"))
    def result_text(self, job: Job) -> str:
        return json.dumps(job.result, ensure_ascii=False, indent=2) if job.result is not None else "—"

    # --- The job's page: its progress, polled; and a cancel button ------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/progreso/", view(self.progress_view), name="jobs_job_progress"),
            path("<path:object_id>/cancelar/", view(self.cancel_view), name="jobs_job_cancel"),
            *super().get_urls(),
        ]

    def _visible_job(self, request, object_id) -> Job:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = self.get_object(request, object_id)  # from get_queryset: the user's own unless they see all
        if job is None:
            raise Http404(_("No existe ese trabajo."))
        return job

    def progress_view(self, request, object_id):
        """The job as the API shows it (``GET /api/v1/jobs/{id}/``), for the page's bar."""
        return JsonResponse(JobSerializer(self._visible_job(request, object_id)).data)

    def cancel_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._visible_job(request, object_id)
        try:
            job_cancel(job=job, acting_user=request.user)
        except ApplicationError as error:
            self.message_user(request, str(error.message), messages.ERROR)
        else:
            self.message_user(request, _("El trabajo se canceló."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        if job is not None:
            extra_context = {
                **(extra_context or {}),
                "job": job,
                "job_progress_url": reverse("admin:jobs_job_progress", args=[job.pk]),
                "job_cancel_url": reverse("admin:jobs_job_cancel", args=[job.pk]),
                "job_status_color": STATUS_COLORS.get(job.status, ""),
            }
        return super().change_view(request, object_id, form_url, extra_context)
