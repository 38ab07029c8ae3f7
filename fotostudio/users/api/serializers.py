from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenRefreshSerializer

from ..models import Role, User
from ..selectors import user_role_names
from ..tokens import refresh_token_for_tenant
from ..validators import validate_avatar


class RolesField(serializers.ListField):
    child = serializers.ChoiceField(choices=Role.choices)


class UsuarioSerializer(serializers.ModelSerializer):
    """The signed-in user as the token endpoint returns it (seed 003 #1)."""

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
        refresh_token_for_tenant(attrs["refresh"])
        try:
            return super().validate(attrs)
        except User.DoesNotExist as exc:
            raise AuthenticationFailed(_("El usuario ya no existe."), code="user_not_found") from exc


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class ChangePasswordSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class ChangePasswordResponseSerializer(serializers.Serializer):
    detail = serializers.CharField()
    access = serializers.CharField()
    refresh = serializers.CharField()


class _UserFieldsSerializer(serializers.ModelSerializer):
    """A user's own fields under their Spanish keys, the same in the profile and in the users API."""

    nombre_completo = serializers.CharField(source="full_name", required=False, allow_blank=True, max_length=150)
    telefono = serializers.CharField(source="phone", required=False, allow_blank=True, max_length=30)
    fecha_alta = serializers.DateTimeField(source="date_joined", read_only=True)
    ultimo_acceso = serializers.DateTimeField(source="last_login", read_only=True)


class ProfileSerializer(_UserFieldsSerializer):
    avatar = serializers.ImageField(required=False, allow_null=True, validators=[validate_avatar])
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "nombre_completo",
            "telefono",
            "avatar",
            "roles",
            "fecha_alta",
            "ultimo_acceso",
        ]
        read_only_fields = ["id", "username"]
        extra_kwargs = {"email": {"validators": []}}

    def get_roles(self, user: User) -> list[str]:
        return user_role_names(user)


class UserSerializer(_UserFieldsSerializer):
    """Users as administrators manage them (seed 000 §2).

    Optional fields have no serializer ``default``: DRF would apply it on ``PUT`` too, so
    leaving ``es_activo`` out would reactivate a user and leaving ``roles`` out would
    clear them. Omitted fields keep their value on update; the defaults (active, no
    roles) are the create service's.
    """

    es_activo = serializers.BooleanField(
        source="is_active", required=False, help_text=_("Por defecto true al crear; si se omite, no cambia.")
    )
    roles = RolesField(required=False, help_text=_("Por defecto ninguno al crear; si se omite, no cambian."))
    password = serializers.CharField(
        write_only=True, required=False, max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "nombre_completo",
            "telefono",
            "es_activo",
            "roles",
            "avatar",
            "password",
            "fecha_alta",
            "ultimo_acceso",
        ]
        read_only_fields = ["id", "avatar"]
        extra_kwargs = {"username": {"validators": []}, "email": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["roles"] = user_role_names(instance)
        return data

    def validate(self, attrs):
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": [_("La contraseña es obligatoria al crear un usuario.")]})
        return attrs


class PermissionSerializer(serializers.ModelSerializer):
    """Seed 003 #13: ``id``, ``nombre``, ``descripcion``, ``codigo``."""

    nombre = serializers.CharField(source="name")
    descripcion = serializers.SerializerMethodField()
    codigo = serializers.SerializerMethodField()

    class Meta:
        model = Permission
        fields = ["id", "nombre", "descripcion", "codigo"]

    def get_descripcion(self, permission: Permission) -> str:
        model = permission.content_type.model_class()
        subject = model._meta.verbose_name_plural if model else permission.content_type.model
        return f"{permission.name} ({subject})"

    def get_codigo(self, permission: Permission) -> str:
        return f"{permission.content_type.app_label}.{permission.codename}"
