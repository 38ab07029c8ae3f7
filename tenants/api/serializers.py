from rest_framework import serializers

from ..models import Tenant


class TenantSerializer(serializers.ModelSerializer):
    nombre = serializers.CharField(source="name")
    slug = serializers.CharField(source="schema_name")
    tipo_negocio = serializers.CharField(source="business_type")
    es_activo = serializers.BooleanField(source="is_active")
    zona_horaria = serializers.CharField(source="timezone")
    idioma = serializers.CharField(source="language")
    logo = serializers.ImageField(read_only=True, allow_null=True)
    dominios = serializers.SerializerMethodField()
    modulos = serializers.SerializerMethodField()
    creado_en = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Tenant
        fields = [
            "id",
            "nombre",
            "slug",
            "tipo_negocio",
            "plan",
            "es_activo",
            "zona_horaria",
            "idioma",
            "logo",
            "dominios",
            "modulos",
            "creado_en",
        ]
        read_only_fields = fields

    def get_dominios(self, tenant: Tenant) -> list[str]:
        return [domain.domain for domain in tenant.domains.all()]

    def get_modulos(self, tenant: Tenant) -> list[str]:
        from fotostudio.core.registry import enabled_modules

        return [spec.label for spec in enabled_modules(tenant)]
