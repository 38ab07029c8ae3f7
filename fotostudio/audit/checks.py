"""``manage.py check``: every model of every module is audited, or says why not.

A module's model is audited by declaring it with ``@audited()`` (``fotostudio.audit.tracking``);
a model whose writes are not worth recording (a log, a counter) is listed in its module's
``ModuleSpec.not_audited``. A new model that does neither is an error, so no business record
escapes the trail by omission.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from pghistory.models import Event

from fotostudio.core.registry import all_modules

from .tracking import is_audited


def _own_models(label: str) -> list:
    """The app's tables of its own: no proxies, views or event tables."""
    return [
        model
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy and not issubclass(model, Event)
    ]


@checks.register()
def check_audited_models(app_configs=None, **kwargs) -> list[checks.Error]:
    labels = {config.label for config in apps.get_app_configs()}
    errors = []
    for spec in all_modules():
        if spec.label not in labels:
            continue  # fotostudio.E001 reports it
        models = _own_models(spec.label)
        names = {model.__name__ for model in models}
        for name in sorted(set(spec.not_audited) - names):
            errors.append(
                checks.Error(
                    f"ModuleSpec.not_audited names {name!r}, which is not a model of {spec.label!r}.",
                    obj=f"module {spec.label!r}",
                    id="audit.E002",
                )
            )
        for model in models:
            if not is_audited(model) and model.__name__ not in spec.not_audited:
                errors.append(
                    checks.Error(
                        f"{model._meta.label}: its creates, updates and deletes are not recorded in the audit trail.",
                        hint=(
                            "Declare it with @audited() (fotostudio.audit.tracking) and run makemigrations, or list "
                            f"{model.__name__!r} in its ModuleSpec's not_audited."
                        ),
                        obj=model,
                        id="audit.E001",
                    )
                )
    return errors
