"""Addresses in the admin shared by the documents' admins and the panel on other records' pages.

Apart from ``admin.py`` because the panel's template tags load while the template engine starts,
before unfold's admin classes can be imported.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

#: Query parameters of the upload page that point it at a record (the panel's buttons set them).
LINK_KEY_PARAM = "vinculo"
LINK_RECORD_PARAM = "registro"


def record_admin_url(record) -> str | None:
    """The change page of ``record`` (``None`` when its model has no admin)."""
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return None


def file_url(row) -> str:
    """The admin's download address of a document's or a photo's file."""
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_file", args=[row.pk])
