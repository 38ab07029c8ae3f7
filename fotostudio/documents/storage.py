"""Where documents and photos are kept: ``PRIVATE_MEDIA_ROOT/<schema>/…``, with no public URL.

django-tenants' storage with another root: files of each business under its schema's folder,
outside ``MEDIA_ROOT`` (whose files a web server may hand to anyone who knows the path). A
stored file has no URL; the documents' views serve it after checking who asks
(:mod:`fotostudio.documents.serving`). A deployment may replace ``STORAGES["private"]`` with any
storage that keeps the tenant's prefix.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import storages
from django_tenants.files.storage import TenantFileSystemStorage


class PrivateTenantStorage(TenantFileSystemStorage):
    @property
    def relative_media_root(self) -> str:  # read on every use: tests point the setting elsewhere
        return os.path.join(settings.PRIVATE_MEDIA_ROOT, getattr(settings, "MULTITENANT_RELATIVE_MEDIA_ROOT", "%s"))

    def url(self, name):
        raise NotImplementedError("Private files have no URL: the documents' views serve them.")


def private_storage():
    """The storage of documents and photos (``STORAGES["private"]``), for ``FileField(storage=…)``."""
    return storages["private"]
