from django.conf import settings

from fotostudio.core.validators import ImageUploadValidator


def validate_avatar(file) -> None:
    """Avatars: JPEG, PNG or WebP up to ``settings.AVATAR_MAX_BYTES``."""
    ImageUploadValidator(settings.AVATAR_MAX_BYTES)(file)
