"""Jobs as the API shows them: read-only, Spanish keys from the vocabulary."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Job
from ..vocabulary import JOB


class JobSerializer(VocabularySerializer):
    porcentaje = serializers.IntegerField(
        source="percentage",
        read_only=True,
        allow_null=True,
        help_text=_("Por ciento hecho, de 0 a 100 (100 al terminar bien); null mientras el total no se conoce."),
    )
    resultado = serializers.JSONField(
        source="result", read_only=True, allow_null=True, help_text=_("Lo que produjo el trabajo al terminar bien.")
    )
    iniciado_por = AuthorSerializer(
        source="started_by", read_only=True, allow_null=True, help_text=_("null: lo inició el sistema.")
    )

    class Meta:
        model = Job
        vocabulary = JOB
        fields = JOB.keys()
        read_only_fields = JOB.keys()
        extra_kwargs = {
            "error": {"help_text": _("Por qué falló, en palabras para el usuario; vacío si no falló.")},
            "total": {"help_text": _("null mientras el trabajo no sabe cuánto hay que hacer.")},
        }
