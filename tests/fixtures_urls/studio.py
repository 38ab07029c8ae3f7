from django.http import JsonResponse
from django.urls import path

urlpatterns = [path("reportes/", lambda request: JsonResponse({"vertical": "estudio"}), name="fixture-studio")]
