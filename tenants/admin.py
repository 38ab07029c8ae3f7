from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from fotostudio.admin.base import BaseModelAdmin, PublicOnlyAdminMixin, TabularInline
from fotostudio.backups.platform_admin import TenantBackupsAdminMixin
from fotostudio.users.models import User

from .forms import ADMIN_USERNAME, TenantCreationForm
from .models import Domain, Tenant
from .services import tenant_create


class DomainInline(TabularInline):
    model = Domain
    fields = ["domain", "is_primary"]


@admin.register(Tenant)
class TenantAdmin(TenantBackupsAdminMixin, PublicOnlyAdminMixin, BaseModelAdmin):
    list_display = ["name", "schema_name", "business_type", "plan", "active_badge", "created_at"]
    list_filter = ["business_type", "plan", "is_active"]
    search_fields = ["name", "schema_name", "domains__domain"]
    readonly_fields = ["schema_name", "backups_link", "created_at", "updated_at"]
    fields = [
        "name",
        "schema_name",
        "backups_link",
        "business_type",
        "plan",
        "is_active",
        "timezone",
        "language",
        "logo",
        "created_at",
        "updated_at",
    ]
    inlines = [DomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(schema_name="public")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = TenantCreationForm
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "name",
                "slug",
                "domain",
                "business_type",
                "plan",
                "timezone",
                "language",
                "admin_email",
                "admin_password",
            ]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # The creation form's slug, domain and first administrator are not model fields.
        data = form.cleaned_data
        created = tenant_create(
            name=data["name"],
            slug=data["slug"],
            domain=data["domain"],
            admin_email=data["admin_email"],
            admin_password=data["admin_password"],
            admin_username=ADMIN_USERNAME,
            business_type=data["business_type"],
            plan=data["plan"],
            timezone=data["timezone"],
            language=data["language"],
        )
        self.adopt(obj, created)

    def response_add(self, request, obj, post_url_continue=None):
        """Say where the new business's panel is and who signs in first."""
        port = request.get_port()
        address = f"{request.scheme}://{obj.primary_domain}{'' if port in ('80', '443') else ':' + port}/admin/"
        with schema_context(obj.schema_name):
            first = User.objects.filter(is_superuser=True).order_by("date_joined").first()
        self.message_user(
            request,
            format_html(
                _("El panel de «{name}» está en {link}. Su primer usuario es «{username}» ({email})."),
                name=obj.name,
                link=format_html('<a href="{}" class="underline">{}</a>', address, address),
                username=first.username if first else ADMIN_USERNAME,
                email=first.email if first else "",
            ),
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)


@admin.register(Domain)
class DomainAdmin(PublicOnlyAdminMixin, BaseModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    list_filter = ["is_primary"]
    search_fields = ["domain", "tenant__name"]
    list_select_related = ["tenant"]
    autocomplete_fields = ["tenant"]
