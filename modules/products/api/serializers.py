from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Product
from ..vocabulary import PRODUCT


class ProductSerializer(VocabularySerializer):
    creado_por = AuthorSerializer(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = Product
        vocabulary = PRODUCT
        fields = PRODUCT.keys()
