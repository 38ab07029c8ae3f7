from django.utils.translation import gettext_lazy

from fotostudio.spreadsheets.resources import VocabularyResource

from .models import Product
from .vocabulary import PRODUCT


class ProductResource(VocabularyResource):
    """The products list as a spreadsheet (export only: products are made in the workshop or registered one by
    one)."""

    vocabulary = PRODUCT

    class Meta:
        model = Product
        name = gettext_lazy("Productos terminados")
        fields = export_order = (*PRODUCT.fields()[1:], "id")

    required_columns = ("descripcion",)

    def get_queryset(self):
        from .selectors import product_list

        return product_list()
