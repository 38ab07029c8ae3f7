from rest_framework import serializers

from fotostudio.api.serializers import VocabularySerializer
from fotostudio.core.registry import enabled_modules

from ..models import Tenant
from ..vocabulary import TENANT


class TenantSerializer(VocabularySerializer):
    dominios = serializers.SerializerMethodField()
    modulos = serializers.SerializerMethodField()

    class Meta:
        model = Tenant
        vocabulary = TENANT
        fields = [*TENANT.keys(), "dominios", "modulos"]
        read_only_fields = fields

    def get_dominios(self, tenant: Tenant) -> list[str]:
        return [domain.domain for domain in tenant.domains.all()]

    def get_modulos(self, tenant: Tenant) -> list[str]:
        return [spec.label for spec in enabled_modules(tenant)]
