import uuid

from django.contrib.auth.models import AbstractBaseUser, Group, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fotostudio.audit.tracking import audited
from fotostudio.core.documents import validate_phone
from fotostudio.core.models import TimeStampedModel, search_column, upload_extension

from .roles import Role
from .validators import validate_avatar

__all__ = ["LoginBucket", "Role", "RoleGroup", "User", "UserManager"]


def avatar_upload_to(instance: "User", filename: str) -> str:
    extension = upload_extension(filename)
    return f"avatars/{instance.pk}.{extension}"


class RoleGroup(Group):
    """The roles as the admin shows them: Django's groups, named «roles» and kept with the users.

    A proxy: the same rows as ``auth.Group`` (``roles_sync`` writes them), registered in the
    admin in place of «Autenticación y autorización › Grupos».
    """

    class Meta:
        proxy = True
        verbose_name = _("rol")
        verbose_name_plural = _("roles")
        ordering = ["name"]


class UserManager(DjangoUserManager):
    def _create_user_object(self, username, email, password, **extra_fields):
        email = self.normalize_email(email)
        user = self.model(username=self.model.normalize_username(username), email=email, **extra_fields)
        user.password = ""
        user.set_password(password)
        return user


#: The password hash is never recorded (``tracking.SENSITIVE_FIELDS``); sign-ins (``last_login``) are the access log's.
@audited(exclude=["last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(
        _("usuario"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("Ya existe un usuario con ese nombre de usuario.")},
    )
    email = models.EmailField(
        _("correo electrónico"),
        unique=True,
        error_messages={"unique": _("Ya existe un usuario con ese correo electrónico.")},
    )
    full_name = models.CharField(_("nombre completo"), max_length=150, blank=True)
    phone = models.CharField(_("teléfono"), max_length=30, blank=True, validators=[validate_phone])
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True, validators=[validate_avatar])
    is_active = models.BooleanField(_("activo"), default=True)
    is_staff = models.BooleanField(
        _("acceso al panel"), default=True, help_text=_("Puede entrar al panel de administración.")
    )
    date_joined = models.DateTimeField(_("fecha de alta"), default=timezone.now)
    #: ``PermissionsMixin``'s groups, called what they are here: roles.
    groups = models.ManyToManyField(
        Group,
        verbose_name=_("roles"),
        blank=True,
        help_text=_("Cada rol da los permisos de un puesto de trabajo."),
        related_name="user_set",
        related_query_name="user",
    )
    #: Maintained by PostgreSQL: what ``?search=`` looks in, folded (see ``fotostudio.core.search``).
    search_text = search_column("username", "email", "full_name", "phone")

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.username


class LoginBucket(TimeStampedModel):
    """One counter of the sign-in limiter (``fotostudio.users.services.login_attempt_reserve``).

    ``attempts`` counts the attempts that failed (or are being checked) since
    ``window_started_at``; once the window is over the bucket starts again from zero, and
    old buckets are deleted. ``account`` is ``user:<pk>`` for an alias that names a user
    (every spelling of it shares the bucket) or ``name:<folded alias>``; ``address`` is the
    client's address (``""`` when unknown). A scope leaves out what it does not count by.
    """

    class Scope(models.TextChoices):
        PAIR = "pair", _("cuenta y dirección")
        ADDRESS = "address", _("dirección")
        ACCOUNT = "account", _("cuenta")

    scope = models.CharField(_("ámbito"), max_length=10, choices=Scope.choices)
    account = models.CharField(_("cuenta"), max_length=200, blank=True)
    address = models.CharField(_("dirección"), max_length=45, blank=True)
    attempts = models.PositiveIntegerField(_("intentos"), default=0)
    window_started_at = models.DateTimeField(_("inicio de la ventana"), db_index=True)

    class Meta:
        verbose_name = _("contador de inicios de sesión")
        verbose_name_plural = _("contadores de inicios de sesión")
        default_permissions = ()  # internal: no role is granted anything on it
        constraints = [
            models.UniqueConstraint(fields=["scope", "account", "address"], name="users_loginbucket_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.account} {self.address}: {self.attempts}"
