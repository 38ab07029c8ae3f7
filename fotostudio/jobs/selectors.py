"""Reading jobs: who sees which."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Exists, Q, QuerySet

from fotostudio.users.roles import Role

from .models import Job

#: Roles that see every job of the business; everyone else sees the jobs they started.
SEE_EVERY_JOB = (Role.ADMINISTRATOR, Role.MANAGER)


def job_list(*, user) -> QuerySet[Job]:
    """The jobs ``user`` may see, newest first, with who started each: every job of the business for
    Administrador, Gerente and the business's superusers, the jobs they started for everyone else.

    The role is checked inside the query (no query of its own: DRF and the admin build the queryset
    more than once per request)."""
    jobs = Job.objects.select_related("started_by").order_by("-created_at", "id")
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    if user.is_superuser:
        return jobs
    sees_every_job = Exists(Group.objects.filter(user=user, name__in=SEE_EVERY_JOB))
    return jobs.filter(Q(started_by=user) | Q(sees_every_job))
