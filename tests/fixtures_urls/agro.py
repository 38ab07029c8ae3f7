from django.http import JsonResponse
from django.urls import path

urlpatterns = [path("reportes/", lambda request: JsonResponse({"vertical": "agro"}), name="fixture-agro")]
