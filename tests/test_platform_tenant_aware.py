"""What lives outside PostgreSQL is tenant-aware too: cache keys and stored files."""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tenants.utils import schema_context


def test_cache_keys_are_prefixed_with_the_tenants_schema(tenant_a, tenant_b):
    with schema_context("alpha"):
        cache.set("clientes:total", 12)
        assert cache.make_key("clientes:total").startswith("alpha:")
    with schema_context("beta"):
        assert cache.get("clientes:total") is None
        cache.set("clientes:total", 3)
    with schema_context("alpha"):
        assert cache.get("clientes:total") == 12


def test_files_are_stored_under_the_tenants_folder(tenant_a, tenant_b, settings):
    with schema_context("alpha"):
        name = default_storage.save("documentos/prueba.txt", ContentFile(b"alfa"))
        try:
            path = default_storage.path(name)
            assert path.startswith(str(settings.MEDIA_ROOT / "alpha" / "documentos"))
            assert default_storage.url(name) == f"/media/alpha/{name}"
            with schema_context("beta"):
                assert not default_storage.exists(name)
        finally:
            default_storage.delete(name)
