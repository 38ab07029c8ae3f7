"""Views that fail, for the error pages' tests (mounted with ``replace_module_spec``)."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


def plain_failure(request):
    raise RuntimeError("un fallo de prueba")


def plain_forbidden(request):
    raise PermissionDenied


class ApiFailure(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("un fallo de prueba en una vista de la API")


urlpatterns = [
    path("falla/", plain_failure),
    path("prohibido/", plain_forbidden),
    path("api-falla/", ApiFailure.as_view()),
]
