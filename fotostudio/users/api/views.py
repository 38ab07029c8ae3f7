from django.contrib.auth.models import update_last_login
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
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
        summary="Obtener token JWT",
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


@extend_schema(tags=["auth"], summary="Renovar token (rota el refresh)", auth=[])
class RefreshView(TokenRefreshView):
    serializer_class = TenantTokenRefreshSerializer


class LogoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["auth"], summary="Cerrar sesión (invalida el refresh)", request=LogoutSerializer, responses={204: None}
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
        summary="Cambiar contraseña",
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


@extend_schema(tags=["users"], summary="Permisos disponibles")
class PermissionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PermissionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = PermissionFilter

    def get_queryset(self):
        return permission_list()
