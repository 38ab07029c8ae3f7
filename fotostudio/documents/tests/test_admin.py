"""Documents and photos in the admin: the panel on a client's page, upload from it, download, lists and pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from fotostudio.core import links
from fotostudio.core.links import LinkRef
from fotostudio.documents.models import Document, Photo
from fotostudio.documents.services import document_create, photo_create
from fotostudio.documents.tests.conftest import upload
from fotostudio.documents.tests.samples import PDF, png
from fotostudio.users.roles import Role
from modules.clients.tests.factories import ClientFactory

DOCUMENTS = "/admin/documents/document/"
PHOTOS = "/admin/documents/photo/"


@pytest.fixture
def client_a(tenant_a):
    with schema_context(tenant_a.schema_name):
        return ClientFactory(name="Ana Pérez")


def client_page(client) -> str:
    return f"/admin/clients/client/{client.pk}/change/"


def attach(tenant, client, *, document=True):
    with schema_context(tenant.schema_name):
        if document:
            return document_create(
                data={"document_type": "FACTURA", "name": "Factura 001"},
                upload=upload(PDF, "factura-001.pdf"),
                link=LinkRef("cliente", client.pk),
            )
        return photo_create(
            data={"photo_type": "PRODUCTO", "description": "Marco dorado"},
            upload=upload(png(), "marco.png"),
            link=LinkRef("cliente", client.pk),
        )


# --- The panel on a client's page ------------------------------------------------------------------------


def test_a_clients_page_lists_its_documents_and_photos_with_download_links(
    admin_client_for, tenant_a, admin_a, client_a
):
    document, photo = attach(tenant_a, client_a), attach(tenant_a, client_a, document=False)
    html = admin_client_for(tenant_a, admin_a).get(client_page(client_a)).content.decode()
    assert 'data-testid="record-attachments"' in html
    assert "Factura 001" in html and "factura-001.pdf" in html
    assert f'href="{DOCUMENTS}{document.pk}/file/"' in html
    assert f'src="{PHOTOS}{photo.pk}/file/"' in html
    assert f"{DOCUMENTS}add/?vinculo=cliente&amp;registro={client_a.pk}" in html
    assert f"{PHOTOS}add/?vinculo=cliente&amp;registro={client_a.pk}" in html


def test_the_panel_shows_nothing_to_attach_for_a_reader_and_nothing_at_all_without_rights(
    admin_client_for, tenant_a, make_user, client_a
):
    attach(tenant_a, client_a)
    reader_html = admin_client_for(tenant_a, make_user(tenant_a, Role.READ_ONLY)).get(client_page(client_a))
    reader_html = reader_html.content.decode()
    assert "Factura 001" in reader_html and "Adjuntar documento" not in reader_html
    # A page of a kind nobody links to (a user) has no panel.
    administrator = make_user(tenant_a, Role.ADMINISTRATOR)
    user_page = admin_client_for(tenant_a, administrator).get(f"/admin/users/user/{administrator.pk}/change/")
    assert user_page.status_code == 200 and 'data-testid="record-attachments"' not in user_page.content.decode()


def test_upload_from_a_clients_panel_attaches_the_document_and_returns_to_the_client(
    admin_client_for, tenant_a, admin_a, client_a
):
    browser = admin_client_for(tenant_a, admin_a)
    add = f"{DOCUMENTS}add/?vinculo=cliente&registro={client_a.pk}"
    page = browser.get(add)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Se adjuntará a Cliente: Ana Pérez" in html
    assert re.search(rf'name="link_record"[^>]*value="{client_a.pk}"', html)
    response = browser.post(
        add,
        {
            "document_type": "CERTIFICADO",
            "name": "Contrato firmado",
            "description": "",
            "link_key": "cliente",
            "link_record": str(client_a.pk),
            "file": SimpleUploadedFile("contrato.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302 and response["Location"] == client_page(client_a)
    with schema_context(tenant_a.schema_name):
        document = Document.objects.get(name="Contrato firmado")
        assert (document.link_id, document.uploaded_by_id, document.mime_type) == (
            client_a.pk,
            admin_a.pk,
            "application/pdf",
        )
    assert "Contrato firmado" in browser.get(client_page(client_a)).content.decode()


def test_a_refused_file_shows_on_the_upload_form(admin_client_for, tenant_a, admin_a, client_a):
    response = admin_client_for(tenant_a, admin_a).post(
        f"{PHOTOS}add/?vinculo=cliente&registro={client_a.pk}",
        {
            "photo_type": "PRODUCTO",
            "description": "",
            "link_key": "cliente",
            "link_record": str(client_a.pk),
            "file": SimpleUploadedFile("foto.jpg", PDF, content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        "Tipo de archivo no admitido: suba un archivo JPEG, PNG o WebP."
    ]
    with schema_context(tenant_a.schema_name):
        assert not Photo.objects.exists()


def test_a_photo_uploaded_from_the_list_needs_a_record(admin_client_for, tenant_a, admin_a):
    browser = admin_client_for(tenant_a, admin_a)
    page = browser.get(f"{PHOTOS}add/").content.decode()
    assert '<option value="cliente"' in page
    response = browser.post(
        f"{PHOTOS}add/",
        {"photo_type": "OTRO", "link_key": "cliente", "link_record": "", "file": SimpleUploadedFile("f.png", png())},
    )
    assert response.status_code == 200
    assert "link_record" in response.context["adminform"].form.errors


def test_a_record_that_does_not_exist_shows_on_the_record_field(admin_client_for, tenant_a, admin_a, tenant_b):
    with schema_context(tenant_b.schema_name):
        theirs = ClientFactory()
    response = admin_client_for(tenant_a, admin_a).post(
        f"{DOCUMENTS}add/",
        {
            "document_type": "OTRO",
            "name": "Acta",
            "link_key": "cliente",
            "link_record": str(theirs.pk),
            "file": SimpleUploadedFile("acta.pdf", PDF),
        },
    )
    assert response.status_code == 200
    assert str(theirs.pk) in response.context["adminform"].form.errors["link_record"][0]


def test_an_upload_page_pointed_at_an_unknown_record_is_a_plain_upload_page(admin_client_for, tenant_a, admin_a):
    page = admin_client_for(tenant_a, admin_a).get(f"{DOCUMENTS}add/?vinculo=cliente&registro=no-existe")
    assert page.status_code == 200 and "Se adjuntará" not in page.content.decode()


# --- Downloads ---------------------------------------------------------------------------------------------


def test_the_admin_download_checks_the_user_and_the_business(
    admin_client_for, client, tenant_a, tenant_b, admin_a, admin_b, make_user, client_a
):
    document = attach(tenant_a, client_a)
    url = f"{DOCUMENTS}{document.pk}/file/"
    response = admin_client_for(tenant_a, admin_a).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;") and response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert admin_client_for(tenant_b, admin_b).get(url).status_code == 404  # A's id on B's host
    assert admin_client_for(tenant_a, make_user(tenant_a)).get(url).status_code == 403  # no role
    client.defaults["HTTP_HOST"] = "alpha.testserver"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_a_photo_is_shown_inline_in_the_admin(admin_client_for, tenant_a, admin_a, client_a):
    photo = attach(tenant_a, client_a, document=False)
    response = admin_client_for(tenant_a, admin_a).get(f"{PHOTOS}{photo.pk}/file/")
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline;")


# --- Lists and pages ---------------------------------------------------------------------------------------


def test_the_lists_show_the_linked_record_with_a_fixed_number_of_queries(
    admin_client_for, tenant_a, admin_a, client_a, django_assert_max_num_queries
):
    from fotostudio.documents.tests.factories import DocumentFactory

    with schema_context(tenant_a.schema_name):
        others = ClientFactory.create_batch(5)
        for record in [client_a, *others]:
            for document in DocumentFactory.create_batch(2):
                links.link_set(document, record)
                document.save()
    browser = admin_client_for(tenant_a, admin_a)
    browser.get(DOCUMENTS)
    # session, user, permissions, COUNT, the page, the linked clients (one query for every row): 8 in all
    with django_assert_max_num_queries(8):
        html = browser.get(DOCUMENTS).content.decode()
    assert "Cliente: Ana Pérez" in html
    attach(tenant_a, client_a, document=False)
    photos = browser.get(PHOTOS).content.decode()
    assert "Cliente: Ana Pérez" in photos and "<img" in photos


def test_a_documents_page_shows_its_file_and_saves_corrections_through_the_service(
    admin_client_for, tenant_a, admin_a, client_a
):
    document = attach(tenant_a, client_a)
    browser = admin_client_for(tenant_a, admin_a)
    page = browser.get(f"{DOCUMENTS}{document.pk}/change/").content.decode()
    assert "Descargar factura-001.pdf" in page and "Cliente: Ana Pérez" in page
    assert 'name="link_key"' not in page and 'type="file"' not in page  # the file and the link stay
    response = browser.post(
        f"{DOCUMENTS}{document.pk}/change/",
        {"document_type": "FACTURA", "name": "  Factura 001 corregida ", "description": "Pagada"},
    )
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        document.refresh_from_db()
    assert (document.name, document.description) == ("Factura 001 corregida", "Pagada")


def test_a_photos_page_previews_it(admin_client_for, tenant_a, admin_a, client_a):
    photo = attach(tenant_a, client_a, document=False)
    page = admin_client_for(tenant_a, admin_a).get(f"{PHOTOS}{photo.pk}/change/").content.decode()
    assert f'src="{PHOTOS}{photo.pk}/file/"' in page and "40 × 20 px" in page


def test_deleting_in_the_admin_removes_the_file_once_committed(
    admin_client_for, tenant_a, admin_a, client_a, django_capture_on_commit_callbacks
):
    document = attach(tenant_a, client_a)
    with schema_context(tenant_a.schema_name):
        storage, name = document.file.storage, document.file.name
        assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_for(tenant_a, admin_a).post(f"{DOCUMENTS}{document.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    with schema_context(tenant_a.schema_name):
        assert not Document.objects.filter(pk=document.pk).exists()
        assert not storage.exists(name)


def test_a_client_with_attachments_cannot_be_deleted_from_the_admin(admin_client_for, tenant_a, admin_a, client_a):
    attach(tenant_a, client_a)
    browser = admin_client_for(tenant_a, admin_a)
    response = browser.post(f"/admin/clients/client/{client_a.pk}/delete/", {"post": "yes"}, follow=True)
    assert "tiene 1 documento" in response.content.decode()
    with schema_context(tenant_a.schema_name):
        assert type(client_a).objects.filter(pk=client_a.pk).exists()


def test_documents_are_in_the_sidebar_of_both_verticals(admin_client_for, tenant_a, tenant_agro, make_user):
    for tenant in (tenant_a, tenant_agro):
        html = admin_client_for(tenant, make_user(tenant, Role.ADMINISTRATOR)).get("/admin/").content.decode()
        assert f'href="{DOCUMENTS}"' in html and f'href="{PHOTOS}"' in html
