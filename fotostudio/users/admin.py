from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from unfold.decorators import action, display

from fotostudio.admin.base import BaseModelAdmin, is_public_request

from .forms import AdminPasswordChangeForm, UserAdminChangeForm, UserAdminCreationForm
from .models import RoleGroup, User
from .selectors import permission_list
from .services import roles_sync, user_create, user_delete, user_update

admin.site.unregister(Group)  # the roles are shown as RoleGroup, with the users
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
    readonly_fields = ["password_link", "last_login", "date_joined"]
    filter_horizontal = []
    actions = ["deactivate_users", "activate_users"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "full_name", "phone", "roles", "password1", "password2"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        """No password hash (a link to change it instead); no superuser or staff switches for a business:
        its administrators give access with roles. The platform's staff have no roles."""
        if obj is None:
            fieldsets = super().get_fieldsets(request, obj)
            if is_public_request(request):
                return [
                    (name, {**options, "fields": [f for f in options["fields"] if f != "roles"]})
                    for name, options in fieldsets
                ]
            return fieldsets
        sign_in = ("username", "password_link") if self.has_change_permission(request, obj) else ("username",)
        access = ("is_active", "is_staff", "is_superuser") if is_public_request(request) else ("is_active", "groups")
        return (
            (None, {"fields": sign_in}),
            (_("Datos personales"), {"fields": ("full_name", "email", "phone", "avatar")}),
            (_("Acceso"), {"fields": access}),
            (_("Fechas"), {"fields": ("last_login", "date_joined")}),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @display(description=_("Roles"))
    def role_names(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all()) or "—"

    @display(description=_("Contraseña"))
    def password_link(self, user: User) -> str:
        # Django's UserAdmin names the page so whatever the user model.
        url = reverse(f"{self.admin_site.name}:auth_user_password_change", args=[user.pk])
        return format_html(
            '<a href="{}" class="font-medium text-primary-600 dark:text-primary-500">{}</a>'
            '<span class="block text-sm text-base-500">{}</span>',
            url,
            _("Cambiar la contraseña"),
            _("Las contraseñas no se guardan tal cual: no se pueden ver, solo cambiar."),
        )

    def _form_data(self, form, names):
        data = super()._form_data(form, names)
        if "groups" in names and "groups" in form.cleaned_data:  # roles go through the service as well
            data["roles"] = [group.name for group in form.cleaned_data["groups"]]
        return data

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

    def save_related(self, request, form, formsets, change):
        """The roles were saved by the service (``user_create`` or ``user_update``), not by the form."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

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


@admin.register(RoleGroup)
class RoleAdmin(DjangoGroupAdmin, BaseModelAdmin):
    list_display = ["name", "permission_count"]
    search_fields = ["name"]
    actions = ["sync_roles"]

    def is_available(self, request) -> bool:
        """Roles belong to the businesses: not on the platform's host."""
        return not is_public_request(request) and super().is_available(request)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(permission_total=Count("permissions"))

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":  # the modules' permissions, not Django's internals
            kwargs["queryset"] = permission_list()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @display(description=_("Permisos"))
    def permission_count(self, group: Group) -> int:
        return group.permission_total

    @action(description=_("Restablecer los permisos de los roles"))
    def sync_roles(self, request, queryset):
        roles_sync()
        self.message_user(request, _("Permisos de los roles restablecidos."), messages.SUCCESS)
