"""The names of user and permission fields outside Python (JSON keys, query parameters)."""

from django.contrib.auth.models import Permission

from fotostudio.core.vocabulary import Vocabulary

from .models import User

USER = Vocabulary(
    User,
    {
        "id": "id",
        "username": "username",
        "email": "email",
        "full_name": "nombre_completo",
        "phone": "telefono",
        "is_active": "es_activo",
        "groups": "roles",
        "avatar": "avatar",
        "date_joined": "fecha_alta",
        "last_login": "ultimo_acceso",
    },
)

PERMISSION = Vocabulary(Permission, {"id": "id", "name": "nombre", "codename": "codigo"})
