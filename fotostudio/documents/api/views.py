from django.conf import settings
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from fotostudio.api.links import LinkFilterBackend
from fotostudio.api.uploads import SizeLimitedMultiPartParser

from ..files import MIME_TYPES, PHOTO_KINDS
from ..filters import DocumentFilter, PhotoFilter
from ..selectors import document_list, photo_list
from ..services import document_create, photo_create
from ..serving import stored_file_response
from .serializers import DocumentSerializer, PhotoSerializer

LINKS = _(
    "El registro al que se refiere va en la clave de su tipo (`cliente`; en trazabilidad, `lote`), con su id; "
    "una clave de un tipo de registro que el negocio no tiene responde 400 `link_unavailable`, y un id que no "
    "existe en el negocio, 400 `link_not_found`."
)
FILES = _(
    "El tipo se decide por el contenido, no por el nombre ni por el tipo declarado: un archivo que no es lo "
    "que dice, incompleto o con datos añadidos responde 400 (`file_type_not_allowed`, `file_damaged`), y uno "
    "demasiado grande, 400 `file_too_large`. Las imágenes se vuelven a codificar: se quitan sus metadatos "
    "(EXIF, ubicación GPS) y se respeta su orientación."
)
DOWNLOAD = _(
    "Con el mismo token que el resto de la API (desde un navegador: `fetch` con la cabecera `Authorization` y "
    "un `blob:`). `Content-Disposition` trae el nombre con que se subió. 404 si el registro es de otro negocio "
    "o ya no existe."
)


def _file_responses(kinds) -> dict:
    return {
        (200, MIME_TYPES[kind]): OpenApiResponse(OpenApiTypes.BINARY, description=_("El archivo."))
        for kind in sorted(kinds, key=MIME_TYPES.get)
    }


class FileViewSetMixin:
    """A list, an upload and a download: the file goes to a service, the download through the serving helper."""

    filter_backends = [LinkFilterBackend]
    parser_classes = [SizeLimitedMultiPartParser]
    http_method_names = ["get", "post", "head", "options"]

    def perform_content_negotiation(self, request, force=False):
        # A download answers whatever the client accepts (an <img> asks for image/*); its errors stay JSON.
        return super().perform_content_negotiation(request, force=force or self.action == self.download_action)

    def _download(self):
        row = self.get_object()
        try:
            return stored_file_response(row)
        except Http404 as exc:  # the row is there, its file is not: say so
            raise NotFound(str(exc)) from exc


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar documentos"),
        description=_(
            "Certificados, inspecciones, facturas y otros documentos del negocio, del más reciente al más antiguo. "
            "`search` busca en el nombre, la descripción y el nombre del archivo; la clave de cada tipo de registro "
            "(`cliente`…) filtra los documentos de ese registro."
        ),
    ),
    retrieve=extend_schema(
        summary=_("Detalle de un documento"), description=_("Sus datos y la dirección del archivo.")
    ),
    create=extend_schema(
        summary=_("Subir un documento"),
        description=format_lazy(
            "{} {} {}",
            _("`multipart/form-data`: PDF, JPEG, PNG, WebP, XLSX o DOCX (sin macros)."),
            FILES,
            LINKS,
        ),
    ),
)
@extend_schema(tags=["documentos"])
class DocumentViewSet(
    FileViewSetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Documents of the business; the file is uploaded as multipart and downloaded from ``archivo/``."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    upload_field = "archivo"
    download_action = "archivo"

    def upload_max_bytes(self) -> int:
        return settings.DOCUMENT_MAX_BYTES

    def get_queryset(self):
        return document_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        upload, link = data.pop("file"), data.pop("link")
        serializer.instance = document_create(data=data, upload=upload, link=link, acting_user=self.request.user)

    @extend_schema(
        summary=_("Descargar el archivo de un documento"),
        description=DOWNLOAD,
        responses=_file_responses(MIME_TYPES),
    )
    @action(detail=True, methods=["get"], url_path="archivo")
    def archivo(self, request, pk=None):
        return self._download()


@extend_schema_view(
    list=extend_schema(
        summary=_("Listar fotos"),
        description=_(
            "Fotos de productos, empaques y otras, de la más reciente a la más antigua; la clave de cada tipo de "
            "registro (`cliente`…) filtra las fotos de ese registro."
        ),
    ),
    retrieve=extend_schema(summary=_("Detalle de una foto"), description=_("Sus datos y la dirección de la imagen.")),
    create=extend_schema(
        summary=_("Subir una foto"),
        description=format_lazy(
            "{} {} {}",
            _(
                "`multipart/form-data`: JPEG, PNG o WebP. Toda foto es de un registro: la clave de su tipo es "
                "obligatoria (en trazabilidad, `lote`; en un estudio, por ejemplo `cliente`)."
            ),
            FILES,
            LINKS,
        ),
    ),
)
@extend_schema(tags=["documentos"])
class PhotoViewSet(
    FileViewSetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Photos of records; the image is uploaded as multipart (re-encoded) and downloaded from ``foto/``."""

    serializer_class = PhotoSerializer
    filterset_class = PhotoFilter
    upload_field = "foto"
    download_action = "foto"

    def upload_max_bytes(self) -> int:
        return settings.PHOTO_MAX_BYTES

    def get_queryset(self):
        return photo_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        upload, link = data.pop("file"), data.pop("link")
        serializer.instance = photo_create(data=data, upload=upload, link=link, acting_user=self.request.user)

    @extend_schema(
        summary=_("Descargar una foto"),
        description=DOWNLOAD,
        responses=_file_responses(PHOTO_KINDS),
    )
    @action(detail=True, methods=["get"], url_path="foto")
    def foto(self, request, pk=None):
        return self._download()
