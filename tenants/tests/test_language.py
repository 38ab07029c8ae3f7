"""The request's language: the cookie, then (API only) Accept-Language, then the tenant's, then Spanish.

Checked with Django's and DRF's own strings, so the project's catalogues do not matter here.
"""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation

from conftest import host_of
from tenants.middleware import TenantLocaleMiddleware
from tenants.models import Tenant

BROWSER_IN_ENGLISH = "en-US,en;q=0.9"


@pytest.fixture
def english_tenant(tenant_b):
    tenant = Tenant.objects.get(pk=tenant_b.pk)  # not the session's shared instance
    tenant.language = "en"
    tenant.save()  # rolled back after the test; the save refreshes the resolution cache
    return tenant


def login_page(tenant, **headers) -> str:
    response = Client(HTTP_HOST=host_of(tenant), **headers).get("/admin/login/")
    assert response.status_code == 200
    return response.content.decode()


def is_english(html: str) -> bool:
    english = '<html lang="en"' in html and "Log in" in html and "Password" in html
    spanish = '<html lang="es"' in html and "Iniciar sesión" in html and "Contraseña" in html
    assert english != spanish
    return english


def test_a_tenant_in_english_shows_the_admin_in_english(english_tenant):
    assert is_english(login_page(english_tenant))
    assert is_english(login_page(english_tenant, HTTP_ACCEPT_LANGUAGE="es-EC,es;q=0.9"))


def test_a_spanish_tenant_stays_spanish_whatever_the_browser_says(tenant_a):
    assert not is_english(login_page(tenant_a))
    assert not is_english(login_page(tenant_a, HTTP_ACCEPT_LANGUAGE=BROWSER_IN_ENGLISH))


def test_the_language_cookie_wins_over_the_tenant(tenant_a, english_tenant):
    cookie = settings.LANGUAGE_COOKIE_NAME
    browser = Client(HTTP_HOST=host_of(tenant_a))
    assert browser.post("/i18n/setlang/", {"language": "en", "next": "/admin/login/"}).status_code == 302
    assert browser.cookies[cookie].value == "en"
    assert is_english(browser.get("/admin/login/").content.decode())

    browser = Client(HTTP_HOST=host_of(english_tenant))
    browser.cookies[cookie] = "es"
    assert not is_english(browser.get("/admin/login/").content.decode())
    browser.cookies[cookie] = "fr"  # not offered: the tenant's language
    assert is_english(browser.get("/admin/login/").content.decode())


def api_detail(tenant, **headers) -> tuple[str, str]:
    response = Client(HTTP_HOST=host_of(tenant), **headers).get("/api/v1/users/")
    assert response.status_code == 401
    return response.json()["detail"], response["Content-Language"]


ENGLISH_401 = ("Authentication credentials were not provided.", "en")


def test_the_api_honours_accept_language_then_the_tenant(tenant_a, english_tenant):
    assert api_detail(tenant_a, HTTP_ACCEPT_LANGUAGE=BROWSER_IN_ENGLISH) == ENGLISH_401
    assert api_detail(tenant_a) != ENGLISH_401
    assert api_detail(tenant_a, HTTP_ACCEPT_LANGUAGE="fr, *") != ENGLISH_401  # "*": the tenant's
    assert api_detail(english_tenant) == ENGLISH_401
    assert api_detail(english_tenant, HTTP_ACCEPT_LANGUAGE="es") != ENGLISH_401
    cookie = {"HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}=es"}
    assert api_detail(english_tenant, HTTP_ACCEPT_LANGUAGE="en", **cookie) != ENGLISH_401  # the cookie first


@pytest.mark.parametrize(
    ("path", "cookie", "accept", "tenant_language", "expected"),
    [
        ("/admin/", None, "en", "es", "es"),
        ("/admin/", "en", "es", "es", "en"),
        ("/api/v1/clients/", None, "en-GB", "es", "en"),
        ("/api/v1/clients/", None, "de, fr", "en", "en"),
        ("/api/v1/clients/", None, "", None, "es"),  # no tenant (public paths): settings.LANGUAGE_CODE
        ("/health/", "xx-invalid", "en", None, "es"),
    ],
)
def test_language_for(path, cookie, accept, tenant_language, expected):
    request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE=accept)
    if cookie:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
    request.tenant = Tenant(language=tenant_language) if tenant_language else None
    assert TenantLocaleMiddleware.language_for(request) == expected


def test_the_language_ends_with_the_request(english_tenant):
    assert is_english(login_page(english_tenant))
    assert translation.get_language() == settings.LANGUAGE_CODE  # not left in English for what runs next
