"""A record's history in the admin: the «Historial» of every audited model's change page.

``fotostudio.admin.base.BaseModelAdmin.history_view`` answers with :func:`record_history_response`
for audited models (``tracking.audited``): the record's events, newest first, with who, when,
from where and what changed. Only users who may read the audit trail see it (Administrador and
Gerente: ``audit.view_auditevent``), besides the record itself.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .display import changes_tables
from .selectors import HISTORY_LIMIT, audit_record_history

#: Who may read the audit trail (and so a record's history).
READ_PERMISSION = "audit.view_auditevent"


def can_read_trail(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(READ_PERMISSION))


def record_history_response(model_admin, request, obj, extra_context=None) -> TemplateResponse:
    model = model_admin.model
    entries = audit_record_history(model=model, object_id=obj.pk)
    opts = model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Historial de «%(record)s»") % {"record": obj},
        "subtitle": None,
        "entries": list(zip(entries, changes_tables(model, [entry.changes for entry in entries]), strict=True)),
        "limit": HISTORY_LIMIT,
        "at_limit": len(entries) >= HISTORY_LIMIT,
        "module_name": str(opts.verbose_name_plural),
        "object": obj,
        "opts": opts,
        "preserved_filters": model_admin.get_preserved_filters(request),
        **(extra_context or {}),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/audit/record_history.html", context)
