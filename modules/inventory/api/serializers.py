from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Material
from ..vocabulary import MATERIAL


class MaterialSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Material
        vocabulary = MATERIAL
        fields = MATERIAL.keys()
