from django.urls import re_path
from rest_framework.routers import SimpleRouter

from .views import OrderPaymentsView, OrderPdfView, OrderTransitionView, OrderViewSet

# SimpleRouter puts list-level actions (orders/search/) before the detail route (orders/{id}/).
router = SimpleRouter()
router.register("orders", OrderViewSet, basename="order")

ORDER = r"^orders/(?P<pk>[^/.]+)/"
urlpatterns = [
    *router.urls,
    re_path(ORDER + r"transition/$", OrderTransitionView.as_view(), name="order-transition"),
    re_path(ORDER + r"payments/$", OrderPaymentsView.as_view(), name="order-payments"),
    re_path(ORDER + r"pdf/$", OrderPdfView.as_view(), name="order-pdf"),
]
