"""Abstract bases shared by every module's models."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        abstract = True


def upload_extension(filename: str) -> str:
    """The lower-case extension an upload is stored under (``img`` when the name has none)."""
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
