from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .views import ProductSellView, ProductViewSet

# SimpleRouter puts list-level actions (products/status/…, products/location/…) before the detail route
# (products/{id}/); the sale has a view of its own (it needs the right to change products, not to add them).
router = SimpleRouter()
router.register("products", ProductViewSet, basename="product")

urlpatterns = [
    re_path(r"^products/sell/(?P<pk>[^/.]+)/$", ProductSellView.as_view(), name="product-sell"),
    *router.urls,
]
