"""Validators shared by modules."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


@deconstructible
class ImageUploadValidator:
    """Limit an uploaded image by size and by its real type (the bytes, not the file name)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes

    def __call__(self, file) -> None:
        if file.size > self.max_bytes:
            raise ValidationError(
                _("La imagen pesa %(size)s; el máximo es %(max)s."),
                params={"size": filesizeformat(file.size), "max": filesizeformat(self.max_bytes)},
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

    def __eq__(self, other) -> bool:
        return isinstance(other, ImageUploadValidator) and other.max_bytes == self.max_bytes
