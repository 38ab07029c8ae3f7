from django.contrib.auth.models import update_last_login
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenRefreshView

from fotostudio.audit.models import AccessChannel, AccessResult
from fotostudio.audit.services import access_log_record

from ..filters import PermissionFilter, UserFilter
from ..selectors import permission_list, user_list
from ..services import user_change_password, user_create, user_delete, user_sign_in, user_update
from ..tokens import refresh_token_for_tenant, tokens_for_user
from .serializers import (
    ChangePasswordResponseSerializer,
    ChangePasswordSerializer,
    LoginSerializer,
    LogoutSerializer,
    PermissionSerializer,
    ProfileSerializer,
    TenantTokenRefreshSerializer,
    TokenPairSerializer,
    UserSerializer,
    UsuarioSerializer,
)


def submitted_username(data) -> str:
    """The username a login body tries, or ``""`` when it carries none (any JSON shape)."""
    username = data.get("username") if hasattr(data, "get") else None
    return username if isinstance(username, str) else ""


class LoginView(APIView):
    """``/auth/token/`` and ``/auth/login/``: one behaviour."""

    # Limited and logged by ``user_sign_in``, as the admin's login form.
    permission_classes = [AllowAny]

    def perform_authentication(self, request):
        """A stale ``Authorization`` header must not stop someone from signing in again."""

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("Obtener token JWT"),
        description=gettext_lazy(
            "Inicia sesión con el nombre de usuario **o** el correo y la contraseña. Devuelve el token de "
            "acceso (`access`), que se envía en cada petición como `Authorization: Bearer <access>` y caduca "
            "pronto; el de renovación (`refresh`), que da tokens nuevos en `/api/v1/auth/refresh/`; y los "
            "datos del usuario (`usuario`). Un token vale solo en este negocio. Credenciales incorrectas: 401 "
            "`invalid_credentials`; demasiados intentos desde la misma dirección o para el mismo usuario: 429. "
            "`/api/v1/auth/token/` y `/api/v1/auth/login/` son la misma operación."
        ),
        request=LoginSerializer,
        responses={200: TokenPairSerializer},
        auth=[],
        examples=[
            OpenApiExample("Credenciales", value={"username": "admin", "password": "••••••••"}, request_only=True)
        ],
    )
    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        if not serializer.is_valid():
            access_log_record(
                request=request, result=AccessResult.LOGIN_FAILED, username=submitted_username(request.data)
            )
            raise ValidationError(serializer.errors)
        user = user_sign_in(request=request, channel=AccessChannel.API, **serializer.validated_data)
        update_last_login(None, user)
        return Response({**tokens_for_user(user), "usuario": UsuarioSerializer(user).data})


@extend_schema(
    tags=["auth"],
    summary=gettext_lazy("Renovar token (rota el refresh)"),
    description=gettext_lazy(
        "Cambia un token de renovación vigente por un token de acceso nuevo y un token de renovación nuevo. "
        "El enviado deja de valer: cada token de renovación sirve una sola vez. Uno caducado, ya usado, "
        "revocado al cerrar sesión o de otro negocio: 401 `token_not_valid`. "
        "`/api/v1/auth/refresh/` y `/api/v1/auth/token/refresh/` son la misma operación."
    ),
    auth=[],
)
class RefreshView(TokenRefreshView):
    serializer_class = TenantTokenRefreshSerializer


class LogoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("Cerrar sesión (invalida el refresh)"),
        description=gettext_lazy(
            "Invalida el token de renovación de la sesión: ya no da tokens nuevos. El token de acceso vale "
            "hasta que caduca; descártelo. Un token de renovación de otro usuario: 400."
        ),
        request=LogoutSerializer,
        responses={204: None},
    )
    def post(self, request):
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = refresh_token_for_tenant(serializer.validated_data["refresh"])
        if str(token.get("user_id")) != str(request.user.pk):
            raise ValidationError({"refresh": [_("El token no pertenece al usuario autenticado.")]})
        token.blacklist()
        access_log_record(request=request, result=AccessResult.LOGOUT, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


PROFILE_UPDATE = gettext_lazy(
    "Cambia el correo, el nombre, el teléfono o el avatar del usuario autenticado; el nombre de usuario y "
    "los roles no se cambian aquí. Solo cambia lo que se envía (`PUT` y `PATCH` se comportan igual). El "
    "avatar se envía como `multipart/form-data` (una imagen de hasta 2 MB); `null` lo quita."
)


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Ver el perfil propio"),
        description=gettext_lazy("Los datos del usuario autenticado, con sus roles."),
    ),
    put=extend_schema(summary=gettext_lazy("Actualizar el perfil propio"), description=PROFILE_UPDATE),
    patch=extend_schema(summary=gettext_lazy("Actualizar parte del perfil propio"), description=PROFILE_UPDATE),
)
@extend_schema(tags=["auth"])
class ProfileView(generics.RetrieveUpdateAPIView):
    """The signed-in user's own profile; ``avatar`` is uploaded as multipart."""

    permission_classes = [IsAuthenticated]
    serializer_class = ProfileSerializer
    http_method_names = ["get", "put", "patch", "options"]

    def get_object(self):
        return self.request.user

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update(user=request.user, data=dict(serializer.validated_data), acting_user=request.user)
        return Response(self.get_serializer(user).data)


class ChangePasswordView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        summary=gettext_lazy("Cambiar contraseña"),
        description=gettext_lazy(
            "Comprueba la contraseña actual (`old_password`) y exige que la nueva cumpla las reglas de "
            "seguridad (longitud, no parecida a los datos del usuario, no común ni solo numérica). Cierra las "
            "demás sesiones: sus tokens de renovación dejan de valer. Devuelve tokens nuevos para esta."
        ),
        request=ChangePasswordSerializer,
        responses={200: ChangePasswordResponseSerializer},
    )
    def post(self, request):
        serializer = ChangePasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_change_password(user=request.user, **serializer.validated_data)
        return Response(
            {"detail": _("Contraseña actualizada. Las demás sesiones se han cerrado."), **tokens_for_user(user)}
        )


USER_WRITE = gettext_lazy(
    "El nombre de usuario y el correo deben ser nuevos en el negocio (409 `user_duplicate_username` o "
    "`user_duplicate_email`); la contraseña debe cumplir las reglas de seguridad. `roles` son nombres de "
    "roles del negocio (por ejemplo «Gerente»)."
)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Listar usuarios"),
        description=gettext_lazy(
            "El personal del negocio, con sus roles. `search` busca en el nombre de usuario, el correo, el nombre "
            "y el teléfono; los demás filtros y el orden se describen en los parámetros."
        ),
    ),
    create=extend_schema(
        summary=gettext_lazy("Crear un usuario"),
        description=format_lazy(
            "{} {}",
            USER_WRITE,
            gettext_lazy(
                "La contraseña es obligatoria. Sin `es_activo`, el usuario queda activo; sin `roles`, sin roles."
            ),
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Detalle de un usuario"),
        description=gettext_lazy("Un usuario del negocio, con sus roles."),
    ),
    update=extend_schema(
        summary=gettext_lazy("Actualizar un usuario"),
        description=format_lazy(
            "{} {}",
            USER_WRITE,
            gettext_lazy(
                "Los campos obligatorios deben enviarse; los opcionales que se omiten conservan su valor "
                "(también `es_activo` y `roles`). `password`, si se envía, cambia la contraseña."
            ),
        ),
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Actualizar parte de un usuario"),
        description=format_lazy("{} {}", USER_WRITE, gettext_lazy("Solo cambia lo que se envía.")),
    ),
    destroy=extend_schema(
        summary=gettext_lazy("Eliminar un usuario"),
        description=gettext_lazy("Nadie puede eliminar su propio usuario (409 `user_self_delete`)."),
    ),
)
@extend_schema(tags=["users"])
class UserViewSet(viewsets.ModelViewSet):
    """Users, for administrators."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "options"]

    def get_queryset(self):
        return user_list()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = user_create(
            username=data["username"],
            email=data["email"],
            password=data["password"],
            full_name=data.get("full_name", ""),
            phone=data.get("phone", ""),
            is_active=data.get("is_active", True),
            roles=data.get("roles", []),
            acting_user=self.request.user,
        )

    def perform_update(self, serializer):
        serializer.instance = user_update(
            user=serializer.instance, data=dict(serializer.validated_data), acting_user=self.request.user
        )

    def perform_destroy(self, instance):
        user_delete(user=instance, acting_user=self.request.user)


@extend_schema(
    tags=["users"],
    summary=gettext_lazy("Permisos disponibles"),
    description=gettext_lazy(
        "El catálogo de permisos que conceden los roles; `codigo` tiene la forma `modulo.accion_modelo` "
        "(por ejemplo `clients.view_client`). Para cualquier usuario autenticado."
    ),
)
class PermissionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PermissionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PermissionFilter

    def get_queryset(self):
        return permission_list()
