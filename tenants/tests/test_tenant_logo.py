"""A tenant's logo: platform-level file, shown beside the business's name in its admin and in the API."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tenants.models import validate_tenant_logo


def _png(size=(16, 16)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (15, 118, 110)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def tenant_with_logo(tenant_a):
    tenant_a.logo.save("logo.png", _png(), save=True)
    path = Path(tenant_a.logo.path)
    yield tenant_a
    path.unlink(missing_ok=True)
    tenant_a.logo = ""
    tenant_a.save(update_fields=["logo"])


def test_logo_is_stored_outside_every_tenants_folder(tenant_with_logo):
    path = Path(tenant_with_logo.logo.path)

    assert path.is_file()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "platform" / "logos")
    assert tenant_with_logo.logo.url.startswith("/media/platform/logos/alpha-")


def test_tenant_admin_header_shows_the_logo(tenant_with_logo, make_user, admin_client_for):
    admin = make_user(tenant_with_logo, "Administrador")

    page = admin_client_for(tenant_with_logo, admin).get("/admin/").content.decode()

    assert f'src="{tenant_with_logo.logo.url}"' in page
    assert "Estudio Alfa" in page


def test_without_a_logo_the_header_shows_the_camera_symbol(tenant_b, make_user, admin_client_for):
    admin = make_user(tenant_b, "Administrador")

    page = admin_client_for(tenant_b, admin).get("/admin/").content.decode()

    assert "/media/platform/logos/" not in page
    assert "photo_camera" in page


def test_current_tenant_api_returns_the_logo_url(tenant_with_logo, make_user, api_client):
    user = make_user(tenant_with_logo, "Solo lectura")

    body = api_client(tenant_with_logo, user).get("/api/tenants/current/").json()

    assert body["logo"].endswith(tenant_with_logo.logo.url)


def test_logo_must_be_a_small_real_image():
    validate_tenant_logo(_png())
    with pytest.raises(ValidationError, match="no es una imagen"):
        validate_tenant_logo(SimpleUploadedFile("logo.png", b"not an image"))
    oversized = SimpleUploadedFile("logo.png", b"x" * (settings.TENANT_LOGO_MAX_BYTES + 1))
    with pytest.raises(ValidationError, match="el máximo es"):
        validate_tenant_logo(oversized)
