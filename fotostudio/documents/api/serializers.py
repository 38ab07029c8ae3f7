"""Documents and photos as the API shows them (the seed's keys), plus what the service learnt of the file.

``archivo`` / ``foto`` is the uploaded file on write (multipart) and, on read, the address of the
download view: a file is only ever handed to a signed-in user of the same business who may see it.
The record a row is about appears under its kind's key (``cliente``, ``lote``…).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fotostudio.api.links import LinkedSerializerMixin
from fotostudio.api.serializers import AuthorSerializer, VocabularySerializer

from ..models import Document, Photo
from ..vocabulary import DOCUMENT, PHOTO


class DownloadField(serializers.FileField):
    """A file on write; on read, the absolute address of the row's download view (``url_name``)."""

    def __init__(self, *, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(max_length=None, allow_empty_file=False, use_url=True, **kwargs)

    def to_representation(self, value):
        if not value:
            return None
        path = reverse(self.url_name, kwargs={"pk": value.instance.pk})
        # The API is mounted twice (/api/v1/ and /api/); links point at the canonical, documented one.
        if not path.startswith("/api/v1/"):
            path = "/api/v1/" + path.removeprefix("/api/")
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DocumentSerializer(LinkedSerializerMixin, VocabularySerializer):
    contract_link_keys = ("lote",)

    archivo = DownloadField(
        url_name="document-archivo",
        source="file",
        help_text=_(
            "Al crear: el archivo (PDF, JPEG, PNG, WebP, XLSX o DOCX). Al leer: la dirección para descargarlo "
            "con el mismo token."
        ),
    )
    subido_por = AuthorSerializer(source="uploaded_by", read_only=True, allow_null=True)

    class Meta:
        model = Document
        vocabulary = DOCUMENT
        fields = DOCUMENT.keys()
        read_only_fields = ["nombre_archivo", "tipo_contenido", "tamano", "sha256"]
        extra_kwargs = {"descripcion": {"required": False, "trim_whitespace": False}}


class PhotoSerializer(LinkedSerializerMixin, VocabularySerializer):
    contract_link_keys = ("lote",)
    link_required = True

    foto = DownloadField(
        url_name="photo-foto",
        source="file",
        help_text=_(
            "Al crear: la imagen (JPEG, PNG o WebP). Al leer: la dirección para descargarla con el mismo token."
        ),
    )
    subido_por = AuthorSerializer(source="uploaded_by", read_only=True, allow_null=True)

    class Meta:
        model = Photo
        vocabulary = PHOTO
        fields = PHOTO.keys()
        read_only_fields = ["nombre_archivo", "tipo_contenido", "tamano", "ancho", "alto", "sha256"]
        extra_kwargs = {"descripcion": {"required": False, "trim_whitespace": False}}
