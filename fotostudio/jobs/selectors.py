"""Reading jobs: who sees which."""

from __future__ import annotations

from django.db.models import QuerySet

from fotostudio.users.roles import Role

from .models import Job

#: Roles that see every job of the business; everyone else sees the jobs they started.
SEE_EVERY_JOB = (Role.ADMINISTRATOR, Role.MANAGER)


def user_sees_every_job(user) -> bool:
    """Administrador, Gerente and the business's superusers see every job; others only their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.groups.filter(name__in=SEE_EVERY_JOB).exists()


def job_list(*, user) -> QuerySet[Job]:
    """The jobs ``user`` may see, newest first, with who started each."""
    jobs = Job.objects.select_related("started_by").order_by("-created_at", "id")
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    return jobs if user_sees_every_job(user) else jobs.filter(started_by=user)
