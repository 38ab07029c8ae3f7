from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Contract
from ..vocabulary import CONTRACT


class ContractSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Contract
        vocabulary = CONTRACT
        fields = CONTRACT.keys()
