from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role


class JobsConfig(AppConfig):
    name = "fotostudio.jobs"
    label = "jobs"
    verbose_name = _("Trabajos en segundo plano")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="jobs",
        name=_("Trabajos en segundo plano"),
        # A job row is its own record of who started what and when; every progress tick would flood the trail.
        not_audited=("Job",),
        icon="pending_actions",
        always_enabled=True,
        order=940,
        sidebar=(SidebarItem(_("Trabajos"), "pending_actions", "jobs.Job"),),
        api_urls="fotostudio.jobs.api.urls",
        # Everyone may read jobs: each user sees the jobs they started, Administrador and Gerente every job
        # of the business (fotostudio.jobs.selectors.job_list). Nobody adds, changes or deletes a row by hand.
        roles={role: ("view",) for role in Role},
    )
