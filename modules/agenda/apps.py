from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role
from tenants.choices import BusinessType


class AgendaConfig(AppConfig):
    name = "modules.agenda"
    label = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="agenda",
        name=_("Agenda"),
        icon="calendar_month",
        business_types=frozenset({BusinessType.PHOTO_STUDIO}),
        sidebar=(
            SidebarItem(_("Citas y entregas"), "calendar_month", "agenda.Appointment"),
            SidebarItem(_("Salas y equipos"), "photo_camera", "agenda.Resource"),
        ),
        api_urls="modules.agenda.api.urls",
        # Actions on every model of the module (appointments and resources).
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: ("view", "add", "change", "export"),
            Role.PHOTOGRAPHER: ("view", "change"),
            Role.PRODUCTION: ("view",),
            Role.ACCOUNTING: ("view", "export"),
            Role.READ_ONLY: ("view",),
        },
        dashboard_sections=("modules.agenda.dashboard.agenda_section",),
        demo_seeder="modules.agenda.demo.seed_demo_agenda",
        # Booking rows are derived from appointments by the services (rewritten on every change of
        # time, staff, resource or status); the appointment's own trail records those changes.
        not_audited=("Booking",),
        order=60,
    )

    def ready(self):
        from fotostudio.core.links import register_link_holder

        from .models import Appointment

        # An order or a contract an appointment is about cannot be deleted while it is (409 "in use").
        register_link_holder(Appointment)
