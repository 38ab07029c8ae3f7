"""Rows of documents and photos with a small real file in the private storage (no upload, no service)."""

import hashlib

import factory

from fotostudio.documents.models import Document, DocumentType, Photo, PhotoType
from fotostudio.documents.tests.samples import PDF, png
from tests.factories import registered

PNG = png(size=(4, 3))


@registered
class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    document_type = DocumentType.CERTIFICATE
    name = factory.Sequence(lambda n: f"Certificado de prueba {n}")
    file = factory.django.FileField(filename="upload.pdf", data=PDF)
    original_name = factory.Sequence(lambda n: f"certificado-{n}.pdf")
    mime_type = "application/pdf"
    size = len(PDF)
    sha256 = hashlib.sha256(PDF).hexdigest()


@registered
class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    photo_type = PhotoType.PRODUCT
    file = factory.django.FileField(filename="upload.png", data=PNG)
    original_name = factory.Sequence(lambda n: f"foto-{n}.png")
    mime_type = "image/png"
    size = len(PNG)
    sha256 = hashlib.sha256(PNG).hexdigest()
    width, height = 4, 3
