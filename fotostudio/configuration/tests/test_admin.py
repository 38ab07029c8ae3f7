"""The settings in the admin: a form per group, with help texts and the service's refusals on the fields."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image

from fotostudio.configuration import catalogue
from fotostudio.configuration.models import Setting
from fotostudio.configuration.selectors import setting_value
from tenants.models import Tenant

GROUP = "/admin/configuration/setting/group/{}/"


def page(browser, code: str):
    return browser.get(GROUP.format(code))


def value(tenant, key):
    with schema_context(tenant.schema_name):
        return setting_value(key)


def business_form(**changes) -> dict:
    data = {
        "empresa__razon_social": "Foto Alfa S.A.",
        "empresa__nombre_comercial": "Foto Alfa",
        "empresa__ruc": "1790042421001",
        "empresa__direccion": "Av. Amazonas N24-03",
        "empresa__telefono": "(02) 245-6789",
        "empresa__email": "Info@FotoAlfa.ec",
    }
    return {**data, **changes}


def test_the_settings_list_opens_the_first_group(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).get("/admin/configuration/setting/")
    assert response.status_code == 302 and response.url == GROUP.format("empresa")


def test_a_setting_page_opens_its_group(admin_client_for, tenant_a, admin_a):
    with schema_context(tenant_a.schema_name):
        iva = Setting.objects.get(key=catalogue.IVA_RATE)
    response = admin_client_for(tenant_a, admin_a).get(f"/admin/configuration/setting/{iva.pk}/change/")
    assert response.status_code == 302 and response.url == GROUP.format("moneda")


def test_each_group_is_a_form_with_labels_and_help(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    response = page(browser, "moneda")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="setting_form"' in html and 'name="_save"' in html
    assert "Tarifa de IVA (%)" in html and "en Ecuador, 15 % (desde abril de 2024)" in html
    assert 'name="moneda__tasa_iva"' in html and 'value="15.00"' in html
    for code in ("empresa", "numeracion", "regional", "alertas", "respaldos", "notificaciones", "mantenimiento"):
        assert GROUP.format(code) in html  # the tabs
        assert page(browser, code).status_code == 200


def test_saving_a_group_changes_its_settings(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).post(GROUP.format("empresa"), business_form())
    assert response.status_code == 302
    assert value(tenant_a, catalogue.BUSINESS_PHONE) == "022456789"
    assert value(tenant_a, catalogue.BUSINESS_EMAIL) == "info@fotoalfa.ec"
    with schema_context(tenant_a.schema_name):
        assert Setting.objects.get(key=catalogue.BUSINESS_RUC).updated_by_id == admin_a.pk


def test_a_refusal_is_shown_on_its_field_and_nothing_is_saved(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).post(
        GROUP.format("empresa"), business_form(empresa__ruc="1790042422001", empresa__telefono="12")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["empresa__ruc"] == ["El RUC no es válido: el dígito verificador no corresponde."]
    assert form.errors["empresa__telefono"] == [
        "Teléfono no válido: use de 7 a 15 dígitos, con un «+» inicial opcional."
    ]
    assert "Foto Alfa S.A." in response.content.decode()  # the input is kept
    assert value(tenant_a, catalogue.BUSINESS_LEGAL_NAME) == ""


def test_numbers_out_of_range_are_refused_on_the_field(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).post(
        GROUP.format("moneda"),
        {
            "moneda__codigo": "USD",
            "moneda__tasa_iva": "150",
            "moneda__decimales": "2",
            "moneda__redondeo": "mitad_arriba",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["moneda__tasa_iva"] == ["Debe estar entre 0 y 100."]
    assert value(tenant_a, catalogue.IVA_RATE) == Decimal("15.00")


def test_the_region_page_changes_the_business_time_zone_and_language(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    response = browser.post(
        GROUP.format("regional"), {"regional__zona_horaria": "America/Lima", "regional__idioma": "en"}
    )
    assert response.status_code == 302
    stored = Tenant.objects.get(pk=tenant_a.pk)
    assert (stored.timezone, stored.language) == ("America/Lima", "en")
    assert page(browser, "regional")["Content-Language"] == "en"  # the admin now speaks the business's language


def test_a_time_zone_that_does_not_exist_cannot_be_chosen(admin_client_for, tenant_a, admin_a):
    response = admin_client_for(tenant_a, admin_a).post(
        GROUP.format("regional"), {"regional__zona_horaria": "Marte/Olympus", "regional__idioma": "es"}
    )
    assert response.status_code == 400
    assert "regional__zona_horaria" in response.context["form"].errors


def test_nothing_changed_says_so(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    response = browser.post(GROUP.format("alertas"), {
        "alertas__dias_vencimiento_contrato": "30",
        "alertas__stock_minimo": "5",
        "alertas__stock_bajo_aviso": "on",
        "alertas__sin_stock": "bloquear",
    }, follow=True)  # fmt: skip
    assert "No había cambios que guardar." in response.content.decode()


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (15, 118, 110)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_the_logo_is_uploaded_on_the_business_page_and_is_the_business_logo(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    response = browser.post(GROUP.format("empresa"), business_form(empresa__logo=_png()))
    assert response.status_code == 302
    stored = Tenant.objects.get(pk=tenant_a.pk)
    try:
        assert stored.logo.name.startswith("logos/alpha-")
        assert f'src="{stored.logo.url}"' in browser.get("/admin/").content.decode()  # the header's logo
        cleared = browser.post(GROUP.format("empresa"), business_form(**{"empresa__logo-clear": "on"}))
        assert cleared.status_code == 302
        assert Tenant.objects.get(pk=tenant_a.pk).logo.name == ""
    finally:
        Path(stored.logo.path).unlink(missing_ok=True)


def test_a_document_kind_has_its_prefix_and_next_number_on_the_numbering_page(
    admin_client_for, tenant_a, admin_a, order_kind
):
    browser = admin_client_for(tenant_a, admin_a)
    shown = page(browser, "numeracion")
    html = shown.content.decode()
    assert 'name="numeracion__pedido__prefijo"' in html and "Pedidos · siguiente número" in html
    form = shown.context["form"]
    kept = {name: form[name].value() for name in form.fields}  # the other modules' kinds keep their values
    response = browser.post(GROUP.format("numeracion"), {
        **{name: value for name, value in kept.items() if value not in (None, False)},
        "numeracion__digitos": "6",
        "numeracion__anual": "on",
        "numeracion__pedido__prefijo": "ord",
        "numeracion__pedido__siguiente": "100",
        "numeracion__contrato__prefijo": "CON",  # the contracts module's numbering, unchanged
        "numeracion__contrato__siguiente": "1",
    })  # fmt: skip
    assert response.status_code == 302
    assert value(tenant_a, "numeracion.pedido.prefijo") == "ORD"
    assert value(tenant_a, "numeracion.pedido.siguiente") == 100


# --- Who may --------------------------------------------------------------------------------------------------


def test_a_manager_sees_the_settings_without_changing_them(admin_client_for, tenant_a, manager_a):
    browser = admin_client_for(tenant_a, manager_a)
    response = page(browser, "moneda")
    assert response.status_code == 200
    html = response.content.decode()
    assert "solo un administrador puede cambiarlos" in html and 'name="_save"' not in html
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert browser.post(GROUP.format("moneda"), {"moneda__tasa_iva": "12"}).status_code == 403
    assert value(tenant_a, catalogue.IVA_RATE) == Decimal("15.00")


@pytest.mark.parametrize("path", ["/admin/configuration/setting/", GROUP.format("moneda")])
def test_other_roles_cannot_open_the_settings(admin_client_for, tenant_a, sales_a, path):
    assert admin_client_for(tenant_a, sales_a).get(path).status_code == 403


def test_the_sidebar_shows_the_settings_to_administrators_and_managers(
    admin_client_for, tenant_a, admin_a, manager_a, sales_a
):
    link = "/admin/configuration/setting/"
    assert link in admin_client_for(tenant_a, admin_a).get("/admin/").content.decode()
    assert link in admin_client_for(tenant_a, manager_a).get("/admin/").content.decode()
    assert link not in admin_client_for(tenant_a, sales_a).get("/admin/").content.decode()


def test_an_unknown_group_is_404(admin_client_for, tenant_a, admin_a):
    assert page(admin_client_for(tenant_a, admin_a), "bitcoin").status_code == 404


def test_the_settings_are_not_on_the_platform_host(admin_client_for, make_user):
    staff = make_user(None, is_staff=True, is_superuser=True)
    browser = admin_client_for(None, staff)
    assert browser.get("/admin/configuration/setting/").status_code == 403  # as every business module there
    assert "/admin/configuration/" not in browser.get("/admin/").content.decode()
