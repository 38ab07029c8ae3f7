"""The API's one URL conf, mounted at ``/api/v1/`` (canonical) and ``/api/``."""

from django.urls import include, path

from .routing import module_api_patterns

urlpatterns = [
    path("auth/", include("fotostudio.users.api.auth_urls")),
    path("", include("tenants.api.urls")),
    *module_api_patterns(),
]
