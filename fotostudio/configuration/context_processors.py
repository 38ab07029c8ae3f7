"""The admin's maintenance banner: its template reads ``configuration_maintenance`` (computed only when used)."""

from __future__ import annotations

from .selectors import maintenance_active, maintenance_message, may_write_during_maintenance


def maintenance(request):
    def state():
        if not request.path_info.startswith("/admin/") or not maintenance_active():
            return None
        return {
            "message": maintenance_message(),
            "may_write": may_write_during_maintenance(getattr(request, "user", None)),
        }

    return {"configuration_maintenance": state}
