from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_simplejwt.serializers import TokenRefreshSerializer

from fotostudio.api.serializers import VocabularySerializer

from ..models import Role, User
from ..selectors import user_role_names
from ..tokens import refresh_token_rotate
from ..validators import validate_avatar
from ..vocabulary import PERMISSION, USER


class RolesField(serializers.ListField):
    child = serializers.ChoiceField(
        choices=Role.choices, error_messages={"invalid_choice": _("«{input}» no es una opción válida.")}
    )


class UsuarioSerializer(serializers.ModelSerializer):
    """The signed-in user as the token endpoint returns it."""

    nombre_completo = serializers.CharField(source="full_name", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "nombre_completo", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return user_role_names(user)


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text=_("Nombre de usuario o correo."))
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    usuario = UsuarioSerializer()


class TenantTokenRefreshSerializer(TokenRefreshSerializer):
    def validate(self, attrs):
        return refresh_token_rotate(attrs["refresh"])


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class ChangePasswordSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class ChangePasswordResponseSerializer(serializers.Serializer):
    detail = serializers.CharField()
    access = serializers.CharField()
    refresh = serializers.CharField()


class ProfileSerializer(VocabularySerializer):
    """The signed-in user's own profile."""

    avatar = serializers.ImageField(required=False, allow_null=True, validators=[validate_avatar])
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        vocabulary = USER
        fields = USER.keys(
            "id", "username", "email", "full_name", "phone", "avatar", "groups", "date_joined", "last_login"
        )
        read_only_fields = ["id", "username", "fecha_alta", "ultimo_acceso"]
        extra_kwargs = {"telefono": {"validators": []}}  # the service compacts it, then checks it

    def get_roles(self, user: User) -> list[str]:
        return user_role_names(user)

    def validate(self, attrs):
        if not attrs:  # an empty body (or only read-only keys) would change nothing: say what is expected
            keys = [name for name, field in self.fields.items() if not field.read_only]
            raise serializers.ValidationError(
                _("Envíe al menos uno de estos campos: %(fields)s.") % {"fields": ", ".join(keys)}
            )
        return attrs


class UserSerializer(VocabularySerializer):
    """Users as administrators manage them.

    Optional fields have no serializer ``default``: DRF would apply it on ``PUT`` too, so
    leaving ``es_activo`` out would reactivate a user and leaving ``roles`` out would
    clear them. Omitted fields keep their value on update; the defaults (active, no
    roles) are the create service's.
    """

    roles = RolesField(required=False, help_text=_("Por defecto ninguno al crear; si se omite, no cambian."))
    password = serializers.CharField(
        write_only=True, required=False, max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        vocabulary = USER
        fields = [*USER.keys(), "password"]
        read_only_fields = ["avatar", "fecha_alta", "ultimo_acceso"]
        extra_kwargs = {
            "es_activo": {"help_text": _("Por defecto true al crear; si se omite, no cambia.")},
            "telefono": {"validators": []},  # the service compacts it, then checks it
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["roles"] = user_role_names(instance)
        return data

    def validate(self, attrs):
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": [_("La contraseña es obligatoria al crear un usuario.")]})
        return attrs


class PermissionSerializer(VocabularySerializer):
    """``id``, ``nombre``, ``descripcion`` and ``codigo`` (``app.codename``, as ``has_perm`` takes it)."""

    descripcion = serializers.SerializerMethodField()
    codigo = serializers.SerializerMethodField()

    class Meta:
        model = Permission
        vocabulary = PERMISSION
        fields = ["id", "nombre", "descripcion", "codigo"]

    def get_descripcion(self, permission: Permission) -> str:
        model = permission.content_type.model_class()
        subject = model._meta.verbose_name_plural if model else permission.content_type.model
        return f"{permission.name} ({subject})"

    def get_codigo(self, permission: Permission) -> str:
        return f"{permission.content_type.app_label}.{permission.codename}"
