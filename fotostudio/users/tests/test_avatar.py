"""Avatar upload through the profile: real image types only, size-limited, stored under the tenant's folder."""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image

from fotostudio.users.models import User
from fotostudio.users.validators import validate_avatar


def _image(fmt="PNG", size=(8, 8), name=None, noise=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    if noise:  # incompressible pixels: the file is about width * height * 3 bytes
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 30, 30))
    image.save(buffer, format=fmt)
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return SimpleUploadedFile(name or f"foto.{extension}", buffer.getvalue(), content_type=f"image/{extension}")


@pytest.fixture
def uploaded_files():
    """Paths of files the test stored, removed afterwards."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.unlink(missing_ok=True)


def test_avatar_upload_is_stored_under_the_tenants_folder(tenant_a, make_user, api_client, uploaded_files):
    user = make_user(tenant_a, username="confoto")
    client = api_client(tenant_a, user)
    response = client.put("/api/v1/auth/profile/", {"avatar": _image("PNG")}, format="multipart")
    assert response.status_code == 200
    assert response.json()["avatar"].endswith(f"/media/alpha/avatars/{user.pk}.png")
    with schema_context("alpha"):
        stored = User.objects.get(pk=user.pk).avatar
        path = Path(stored.path)
        uploaded_files.append(path)
        assert stored.name == f"avatars/{user.pk}.png"
        assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "alpha")
        assert path.exists()
    cleared = client.put("/api/v1/auth/profile/", {"avatar": None}, format="json")
    assert cleared.status_code == 200
    assert cleared.json()["avatar"] is None


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_jpeg_and_webp_are_accepted(fmt, tenant_a, make_user, api_client, uploaded_files):
    user = make_user(tenant_a)
    response = api_client(tenant_a, user).put("/api/v1/auth/profile/", {"avatar": _image(fmt)}, format="multipart")
    assert response.status_code == 200
    with schema_context("alpha"):
        uploaded_files.append(Path(User.objects.get(pk=user.pk).avatar.path))


def test_an_avatar_over_the_size_limit_is_refused(tenant_a, make_user, api_client):
    big = _image("PNG", size=(1000, 1000), noise=True)
    assert big.size > settings.AVATAR_MAX_BYTES
    client = api_client(tenant_a, make_user(tenant_a))
    response = client.put("/api/v1/auth/profile/", {"avatar": big}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "máximo" in response.json()["errors"]["avatar"][0]


def test_an_image_type_outside_the_list_is_refused(tenant_a, make_user, api_client):
    response = api_client(tenant_a, make_user(tenant_a)).put(
        "/api/v1/auth/profile/", {"avatar": _image("GIF")}, format="multipart"
    )
    assert response.status_code == 400
    assert "JPEG, PNG o WebP" in response.json()["errors"]["avatar"][0]


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(tenant_a, make_user, api_client):
    fake = SimpleUploadedFile("foto.png", b"<?php echo 'hola'; ?>", content_type="image/png")
    user = make_user(tenant_a)
    response = api_client(tenant_a, user).put("/api/v1/auth/profile/", {"avatar": fake}, format="multipart")
    assert response.status_code == 400
    assert "avatar" in response.json()["errors"]
    with schema_context("alpha"):
        assert not User.objects.get(pk=user.pk).avatar


def test_avatar_validator_refuses_what_the_model_refuses():
    with pytest.raises(ValidationError) as caught:
        validate_avatar(SimpleUploadedFile("x.png", b"nada"))
    assert caught.value.code == "invalid_image"
    good = _image("PNG")
    validate_avatar(good)
    assert good.tell() == 0  # the validator leaves the file where it found it
