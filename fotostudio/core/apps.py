from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform's core: system checks of every module declaration, and ``manage.py startmodule``."""

    name = "fotostudio.core"
    label = "core"
    verbose_name = _("Plataforma")

    def ready(self):
        from fotostudio.api import checks as api_checks  # noqa: F401  (registers the checks)

        from . import checks  # noqa: F401
