"""Copies as the API shows them: read-only, Spanish keys from the vocabulary."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Backup
from ..vocabulary import BACKUP


class BackupSerializer(VocabularySerializer):
    archivo = serializers.CharField(
        source="file_name", read_only=True, help_text=_("Nombre del archivo; vacío hasta que la copia termina.")
    )
    duracion_segundos = serializers.FloatField(
        source="duration_seconds", read_only=True, allow_null=True, help_text=_("Cuánto tardó la copia.")
    )
    iniciado_por = AuthorSerializer(
        source="started_by", read_only=True, allow_null=True, help_text=_("null: la hizo la programación.")
    )

    class Meta:
        model = Backup
        vocabulary = BACKUP
        fields = BACKUP.keys()
        read_only_fields = BACKUP.keys()
        extra_kwargs = {
            "size": {"help_text": _("Tamaño del archivo en bytes; null hasta que la copia termina.")},
            "sha256": {"help_text": _("Huella SHA-256 del archivo, para comprobarlo antes de restaurar.")},
            "job_id": {"help_text": _("El trabajo que hace la copia: su avance en /api/v1/jobs/{id}/.")},
        }
