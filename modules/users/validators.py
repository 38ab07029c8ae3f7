from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_avatar(file) -> None:
    """Limit avatars by size and by real image type (the bytes, not the file name)."""
    if file.size > settings.AVATAR_MAX_BYTES:
        raise ValidationError(
            _("La imagen pesa %(size)s; el máximo es %(max)s."),
            params={"size": filesizeformat(file.size), "max": filesizeformat(settings.AVATAR_MAX_BYTES)},
            code="file_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("El archivo no es una imagen válida."), code="invalid_image") from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Formato no admitido: use JPEG, PNG o WebP."), code="invalid_image_type")
