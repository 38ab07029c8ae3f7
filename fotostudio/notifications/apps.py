from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fotostudio.configuration.definitions import SettingDefinition, SettingType
from fotostudio.core.registry import ModuleSpec, SidebarItem
from fotostudio.users.roles import Role

#: Everyone reads their own notifications and marks them read; only managers send them to others.
_OWN = ("view", "change", "delete")

#: Days after which read notifications are deleted, for users who did not choose their own.
DELETE_READ_AFTER_DAYS = "notificaciones.eliminar_leidas_dias"


class NotificationsConfig(AppConfig):
    name = "fotostudio.notifications"
    label = "notifications"
    verbose_name = _("Notificaciones")
    default_auto_field = "django.db.models.BigAutoField"
    module_spec = ModuleSpec(
        label="notifications",
        name=_("Notificaciones"),
        icon="notifications",
        always_enabled=True,
        order=820,
        sidebar=(SidebarItem(_("Mis notificaciones"), "notifications", "notifications.Notification"),),
        api_urls="fotostudio.notifications.api.urls",
        roles={
            Role.ADMINISTRATOR: ("*",),
            Role.MANAGER: ("*",),
            Role.SALES: _OWN,
            Role.PRODUCTION: _OWN,
            Role.PHOTOGRAPHER: _OWN,
            Role.ACCOUNTING: _OWN,
            Role.FIELD_TECHNICIAN: _OWN,
            Role.QUALITY: _OWN,
            Role.LOGISTICS: _OWN,
            Role.READ_ONLY: ("view",),
        },
        settings=(
            SettingDefinition(
                DELETE_READ_AFTER_DAYS,
                SettingType.INTEGER,
                default=30,
                min_value=1,
                max_value=3650,
                label=_("Borrar las notificaciones leídas a los (días)"),
                help=_(
                    "Las notificaciones leídas se borran pasados estos días. Cada usuario puede elegir otro plazo "
                    "en sus preferencias."
                ),
            ),
        ),
        not_audited=("NotificationRead",),  # it is itself a log: who read what and when
    )
