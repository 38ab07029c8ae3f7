from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from unfold.decorators import action, display

from fotostudio.admin.base import BaseModelAdmin

from .forms import AdminPasswordChangeForm, UserAdminChangeForm, UserAdminCreationForm
from .models import User
from .services import roles_sync, user_create, user_delete, user_update

admin.site.unregister(Group)
# simplejwt registers its token tables with Django's plain admin; sessions are ended through the
# services (logout, password change, deactivation), never by editing token rows.
admin.site.unregister(OutstandingToken)
admin.site.unregister(BlacklistedToken)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, BaseModelAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "full_name", "email", "role_names", "active_badge", "last_login"]
    list_filter = ["is_active", "groups", "is_staff"]
    search_fields = ["username", "email", "full_name", "phone"]
    ordering = ["username"]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups"]
    actions = ["deactivate_users", "activate_users"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Datos personales"), {"fields": ("full_name", "email", "phone", "avatar")}),
        (_("Acceso"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Fechas"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "full_name", "phone", "roles", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @display(description=_("Roles"))
    def role_names(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all()) or "—"

    def update_object(self, request, user, data):
        return user_update(user=user, data=data, acting_user=request.user)

    def delete_object(self, request, user):
        user_delete(user=user, acting_user=request.user)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # The creation form's password and roles are not model fields.
        created = user_create(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data.get("full_name", ""),
            phone=form.cleaned_data.get("phone", ""),
            roles=[group.name for group in form.cleaned_data.get("roles", [])],
            acting_user=request.user,
        )
        self.adopt(obj, created)

    @action(description=_("Desactivar usuarios seleccionados"))
    def deactivate_users(self, request, queryset):
        count = 0
        for user in queryset.exclude(pk=request.user.pk):
            user_update(user=user, data={"is_active": False}, acting_user=request.user)
            count += 1
        self.message_user(request, _("%(count)d usuario(s) desactivado(s).") % {"count": count}, messages.SUCCESS)

    @action(description=_("Activar usuarios seleccionados"))
    def activate_users(self, request, queryset):
        for user in queryset:
            user_update(user=user, data={"is_active": True}, acting_user=request.user)
        self.message_user(request, _("Usuarios activados."), messages.SUCCESS)


@admin.register(Group)
class RoleAdmin(DjangoGroupAdmin, BaseModelAdmin):
    list_display = ["name", "permission_count"]
    search_fields = ["name"]
    actions = ["sync_roles"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(permission_total=Count("permissions"))

    @display(description=_("Permisos"))
    def permission_count(self, group: Group) -> int:
        return group.permission_total

    @action(description=_("Restablecer los permisos de los roles"))
    def sync_roles(self, request, queryset):
        roles_sync()
        self.message_user(request, _("Permisos de los roles restablecidos."), messages.SUCCESS)
