"""The documents API per the frontend's contract, and the downloads: statuses, keys, links, roles, isolation."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from fotostudio.core import links
from fotostudio.documents.models import Document, Photo
from fotostudio.documents.tests.conftest import upload
from fotostudio.documents.tests.factories import DocumentFactory, PhotoFactory
from fotostudio.documents.tests.samples import PDF, jpeg, png
from fotostudio.users.roles import Role
from modules.clients.tests.factories import ClientFactory

DOCUMENTS = "/api/v1/documentos/documentos/"
PHOTOS = "/api/v1/documentos/fotos/"


def studio_link_keys() -> list[str]:
    """The link keys of a studio: one per kind of record its modules register (``cliente`` and others)."""
    return [kind.key for kind in links.link_kinds() if kind.serves("photo_studio")]


def document_body(**fields):
    return {
        "tipo_documento": "CERTIFICADO",
        "nombre": "Certificado orgánico",
        "archivo": upload(PDF, "cert.pdf"),
        **fields,
    }


def photo_body(**fields):
    return {"tipo_foto": "PRODUCTO", "foto": upload(png(), "marco.png"), **fields}


@pytest.fixture
def client_a(tenant_a):
    with schema_context(tenant_a.schema_name):
        return ClientFactory(name="Ana Pérez")


# --- Documents: create ------------------------------------------------------------------------------------


def test_upload_a_document_about_a_client_and_read_it_back(api_client, tenant_a, admin_a, client_a):
    api = api_client(tenant_a, admin_a)
    response = api.post(
        DOCUMENTS,
        document_body(
            cliente=str(client_a.pk), descripcion="Vigente hasta 2027", archivo=upload(PDF, "Cert Final.pdf")
        ),
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id", "tipo_documento", "nombre", "archivo", "descripcion", "nombre_archivo", "tipo_contenido", "tamano",
        "sha256", "subido_por", "creado_en", "actualizado_en", *studio_link_keys(),
    }  # fmt: skip
    assert (body["tipo_documento"], body["nombre"], body["descripcion"]) == (
        "CERTIFICADO",
        "Certificado orgánico",
        "Vigente hasta 2027",
    )
    assert (body["nombre_archivo"], body["tipo_contenido"], body["tamano"]) == (
        "Cert Final.pdf",
        "application/pdf",
        len(PDF),
    )
    assert body["cliente"] == str(client_a.pk)
    assert body["subido_por"]["username"] == admin_a.username
    assert body["archivo"] == f"http://alpha.testserver/api/v1/documentos/documentos/{body['id']}/archivo/"
    detail = api.get(f"{DOCUMENTS}{body['id']}/")
    assert detail.status_code == 200 and detail.json() == body
    with schema_context(tenant_a.schema_name):
        stored = Document.objects.get(pk=body["id"])
    assert stored.file.name.startswith("documents/") and "Cert" not in stored.file.name  # a random name


def test_a_document_may_be_about_nothing(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(DOCUMENTS, document_body(), format="multipart")
    assert response.status_code == 201
    assert response.json()["cliente"] is None


def test_every_document_type_of_the_seed_is_accepted_accent_included(api_client, tenant_a, admin_a):
    api = api_client(tenant_a, admin_a)
    for document_type in ("CERTIFICADO", "INSPECCIÓN", "FACTURA", "OTRO"):
        response = api.post(DOCUMENTS, document_body(tipo_documento=document_type), format="multipart")
        assert response.status_code == 201, response.json()
        assert response.json()["tipo_documento"] == document_type
    assert api.get(DOCUMENTS, {"tipo_documento": "INSPECCIÓN"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("missing", "changes"),
    [
        ("tipo_documento", {"tipo_documento": None}),
        ("nombre", {"nombre": None}),
        ("archivo", {"archivo": None}),
        ("tipo_documento", {"tipo_documento": "INSPECCION"}),  # without the accent: not the seed's value
        ("nombre", {"nombre": "   "}),
    ],
)
def test_a_document_without_its_required_values_is_a_400_naming_the_key(
    api_client, tenant_a, admin_a, missing, changes
):
    body = {key: value for key, value in document_body(**changes).items() if value is not None}
    response = api_client(tenant_a, admin_a).post(DOCUMENTS, body, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid", "document_invalid"}
    assert missing in response.json()["errors"]


def test_a_json_body_is_refused_the_file_comes_as_multipart(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(DOCUMENTS, {"nombre": "x"}, format="json")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


# --- Documents: read ------------------------------------------------------------------------------------


def test_list_pages_newest_first_with_filters_by_record_type_and_search(
    api_client, tenant_a, admin_a, client_a, document_in
):
    with schema_context(tenant_a.schema_name):
        other = ClientFactory(name="Otro Cliente")
    from fotostudio.core import links

    with schema_context(tenant_a.schema_name):
        about_ana = DocumentFactory(name="Factura de enmarcado", document_type="FACTURA")
        links.link_set(about_ana, client_a)
        about_ana.save()
        about_other = DocumentFactory(name="Contrato firmado")
        links.link_set(about_other, other)
        about_other.save()
        loose = DocumentFactory(name="Inspección del taller", document_type="INSPECCIÓN", description="Extintores")
    api = api_client(tenant_a, admin_a)
    body = api.get(DOCUMENTS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [row["id"] for row in body["results"]] == [str(loose.pk), str(about_other.pk), str(about_ana.pk)]
    by_client = api.get(DOCUMENTS, {"cliente": str(client_a.pk)}).json()["results"]
    assert [row["id"] for row in by_client] == [str(about_ana.pk)]
    assert [row["nombre"] for row in api.get(DOCUMENTS, {"search": "extintores"}).json()["results"]] == [
        "Inspección del taller"
    ]
    assert [row["nombre"] for row in api.get(DOCUMENTS, {"search": "inspeccion"}).json()["results"]] == [
        "Inspección del taller"
    ]
    ordered = api.get(DOCUMENTS, {"ordering": "nombre"}).json()["results"]
    assert [row["nombre"] for row in ordered] == ["Contrato firmado", "Factura de enmarcado", "Inspección del taller"]
    bad = api.get(DOCUMENTS, {"cliente": "no-es-un-id"})
    assert bad.status_code == 400 and "cliente" in bad.json()["errors"]


def test_the_document_list_runs_a_fixed_number_of_queries(
    api_client, tenant_a, admin_a, client_a, django_assert_max_num_queries
):
    from fotostudio.core import links

    with schema_context(tenant_a.schema_name):
        for document in DocumentFactory.create_batch(30, uploaded_by=admin_a):
            links.link_set(document, client_a)
            document.save()
        PhotoFactory.create_batch(30, uploaded_by=admin_a)
    api = api_client(tenant_a, admin_a)
    api.get(DOCUMENTS)  # warm the tenant cache
    for path in (DOCUMENTS, PHOTOS):
        counts = []
        for page_size in (5, 30):
            # search_path, the user, its own and its roles' permissions, COUNT, the page (uploader and link type joined)
            with django_assert_max_num_queries(6), CaptureQueriesContext(connection) as queries:
                response = api.get(path, {"page_size": page_size})
            assert len(response.json()["results"]) == page_size
            counts.append(len(queries))
        assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "path", [f"{DOCUMENTS}{uuid.uuid4()}/", f"{DOCUMENTS}no-es-un-id/", f"{PHOTOS}{uuid.uuid4()}/"]
)
def test_an_unknown_document_or_photo_is_a_404(api_client, tenant_a, admin_a, path):
    response = api_client(tenant_a, admin_a).get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Photos ---------------------------------------------------------------------------------------------


def test_upload_a_photo_of_a_client(api_client, tenant_a, admin_a, client_a):
    api = api_client(tenant_a, admin_a)
    response = api.post(
        PHOTOS,
        photo_body(cliente=str(client_a.pk), descripcion="Marco terminado", tipo_foto="EMPAQUES"),
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["tipo_foto"], body["descripcion"], body["cliente"]) == (
        "EMPAQUES",
        "Marco terminado",
        str(client_a.pk),
    )
    assert (body["ancho"], body["alto"], body["tipo_contenido"]) == (40, 20, "image/png")
    assert body["foto"] == f"http://alpha.testserver/api/v1/documentos/fotos/{body['id']}/foto/"
    assert api.get(f"{PHOTOS}{body['id']}/").json() == body
    assert [row["id"] for row in api.get(PHOTOS, {"cliente": str(client_a.pk)}).json()["results"]] == [body["id"]]
    assert api.get(PHOTOS, {"tipo_foto": "PRODUCTO"}).json()["count"] == 0


def test_a_photo_must_be_about_a_record(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(PHOTOS, photo_body(), format="multipart")
    assert response.status_code == 400
    keys = studio_link_keys()  # every kind of record a studio's modules register: cliente, producto…
    message = f"Indique a qué registro se refiere: {' o '.join(keys)}."
    assert response.json()["errors"] == dict.fromkeys(keys, [message])


def test_a_photo_type_outside_the_seed_is_a_400(api_client, tenant_a, admin_a, client_a):
    response = api_client(tenant_a, admin_a).post(
        PHOTOS, photo_body(cliente=str(client_a.pk), tipo_foto="PAISAJE"), format="multipart"
    )
    assert response.status_code == 400
    assert "tipo_foto" in response.json()["errors"]


def test_lote_is_not_available_in_a_studio(api_client, tenant_a, admin_a):
    response = api_client(tenant_a, admin_a).post(PHOTOS, photo_body(lote=str(uuid.uuid4())), format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lote"]
    assert "no está disponible" in response.json()["errors"]["lote"][0]


def test_in_agro_lote_is_a_400_not_available_until_a_module_registers_it(api_client, tenant_agro, make_user):
    api = api_client(tenant_agro, make_user(tenant_agro, Role.ADMINISTRATOR))
    for path, body in (
        (PHOTOS, photo_body(lote=str(uuid.uuid4()))),
        (DOCUMENTS, document_body(lote=str(uuid.uuid4()))),
    ):
        response = api.post(path, body, format="multipart")
        assert response.status_code == 400
        assert "lote" in response.json()["errors"], response.json()
    no_record = api.post(PHOTOS, photo_body(), format="multipart")
    assert no_record.status_code == 400
    assert list(no_record.json()["errors"]) == ["lote"]
    # A client's key does not exist for an agro business either.
    assert api.post(DOCUMENTS, document_body(cliente=str(uuid.uuid4())), format="multipart").status_code == 400
    assert "cliente" not in api.post(DOCUMENTS, document_body(), format="multipart").json()


def test_a_record_that_does_not_exist_in_the_business_is_a_400_naming_the_key(api_client, tenant_a, admin_a, tenant_b):
    with schema_context(tenant_b.schema_name):
        theirs = ClientFactory()
    response = api_client(tenant_a, admin_a).post(PHOTOS, photo_body(cliente=str(theirs.pk)), format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "link_not_found"
    assert list(response.json()["errors"]) == ["cliente"]


# --- Downloads ------------------------------------------------------------------------------------------


def test_a_pdf_is_downloaded_as_an_attachment_with_safe_headers(api_client, tenant_a, admin_a):
    api = api_client(tenant_a, admin_a)
    created = api.post(DOCUMENTS, document_body(archivo=upload(PDF, "Certificado Año 2026.pdf")), format="multipart")
    response = api.get(created.json()["archivo"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Certificado%20A%C3%B1o%202026.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "sandbox" in response["Content-Security-Policy"] and "default-src 'none'" in response["Content-Security-Policy"]
    )
    assert response["Cache-Control"] == "private, no-store"


def test_the_frontend_on_another_origin_may_read_the_download_name(api_client, tenant_a, admin_a, document_in):
    document = document_in(tenant_a)
    response = api_client(tenant_a, admin_a).get(
        f"{DOCUMENTS}{document.pk}/archivo/", HTTP_ORIGIN="http://localhost:5173"
    )
    assert response["Access-Control-Allow-Origin"] == "http://localhost:5173"
    assert "content-disposition" in response["Access-Control-Expose-Headers"].lower()


def test_a_photo_is_shown_inline_whatever_the_client_accepts(api_client, tenant_a, admin_a, client_a):
    api = api_client(tenant_a, admin_a)
    created = api.post(PHOTOS, photo_body(cliente=str(client_a.pk)), format="multipart").json()
    response = api.get(created["foto"], HTTP_ACCEPT="image/avif,image/webp,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_downloads_need_a_token_of_the_same_business(
    api_client, tenant_a, tenant_b, admin_a, admin_b, document_in, photo_in
):
    document, photo = document_in(tenant_a), photo_in(tenant_a)
    paths = [f"{DOCUMENTS}{document.pk}/archivo/", f"{PHOTOS}{photo.pk}/foto/"]
    for path in paths:
        anonymous = api_client(tenant_a).get(path)
        assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
        assert api_client(tenant_b, admin_b).get(path).status_code == 404  # B's administrator, A's id
        stranger = api_client(tenant_b)  # A's token on B's host
        stranger.credentials(**api_client(tenant_a, admin_a)._credentials)
        assert stranger.get(path).status_code == 401
        assert api_client(tenant_a, admin_a).get(path).status_code == 200


def test_a_row_whose_file_is_gone_is_a_404(api_client, tenant_a, admin_a, document_in):
    document = document_in(tenant_a)
    with schema_context(tenant_a.schema_name):
        document.file.storage.delete(document.file.name)
    response = api_client(tenant_a, admin_a).get(f"{DOCUMENTS}{document.pk}/archivo/")
    assert response.status_code == 404
    assert response.json() == {"detail": "El archivo no está disponible.", "code": "not_found"}


def test_files_are_kept_under_the_business_schema(api_client, tenant_a, admin_a, private_media):
    created = api_client(tenant_a, admin_a).post(DOCUMENTS, document_body(), format="multipart").json()
    with schema_context(tenant_a.schema_name):
        stored = Document.objects.get(pk=created["id"])
    path = private_media / "alpha" / stored.file.name
    assert path.read_bytes() == PDF


# --- Roles ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_upload"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.MANAGER, True),
        (Role.SALES, True),
        (Role.PRODUCTION, True),
        (Role.PHOTOGRAPHER, True),
        (Role.ACCOUNTING, True),
        (Role.READ_ONLY, False),
    ],
)
def test_who_may_upload_and_read(api_client, tenant_a, make_user, client_a, document_in, role, may_upload):
    document = document_in(tenant_a)
    api = api_client(tenant_a, make_user(tenant_a, role))
    assert api.get(DOCUMENTS).status_code == 200
    assert api.get(f"{DOCUMENTS}{document.pk}/archivo/").status_code == 200
    created = api.post(PHOTOS, photo_body(cliente=str(client_a.pk)), format="multipart")
    assert created.status_code == (201 if may_upload else 403)


def test_a_user_without_a_role_gets_403(api_client, tenant_a, make_user, document_in):
    document = document_in(tenant_a)
    api = api_client(tenant_a, make_user(tenant_a))
    for path in (DOCUMENTS, PHOTOS, f"{DOCUMENTS}{document.pk}/", f"{DOCUMENTS}{document.pk}/archivo/"):
        response = api.get(path)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_documents_and_photos_have_no_update_or_delete_in_the_api(api_client, tenant_a, admin_a, document_in):
    document = document_in(tenant_a)
    api = api_client(tenant_a, admin_a)
    assert api.delete(f"{DOCUMENTS}{document.pk}/").status_code == 405
    assert api.patch(f"{DOCUMENTS}{document.pk}/", {"nombre": "x"}, format="json").status_code == 405
    with schema_context(tenant_a.schema_name):
        assert Document.objects.filter(pk=document.pk).exists() and not Photo.objects.exists()


def test_the_list_also_answers_under_api_without_version(api_client, tenant_a, admin_a, document_in):
    document_in(tenant_a)
    assert api_client(tenant_a, admin_a).get("/api/documentos/documentos/").json()["count"] == 1


def test_a_jpeg_is_listed_with_its_real_type(api_client, tenant_a, admin_a, client_a):
    api = api_client(tenant_a, admin_a)
    api.post(PHOTOS, photo_body(cliente=str(client_a.pk), foto=upload(jpeg(), "foto.JPG")), format="multipart")
    (row,) = api.get(PHOTOS).json()["results"]
    assert (row["tipo_contenido"], row["nombre_archivo"]) == ("image/jpeg", "foto.jpg")
