"""The names of documents' and photos' fields outside Python: JSON keys and query parameters.

The record a row is about is not here: it appears under the key its module registered
(``cliente``, ``lote``…; see ``fotostudio.core.links``).
"""

from fotostudio.core.vocabulary import Vocabulary

from .models import Document, Photo

DOCUMENT = Vocabulary(
    Document,
    {
        "id": "id",
        "document_type": "tipo_documento",
        "name": "nombre",
        "file": "archivo",
        "description": "descripcion",
        "original_name": "nombre_archivo",
        "mime_type": "tipo_contenido",
        "size": "tamano",
        "sha256": "sha256",
        "uploaded_by": "subido_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)

PHOTO = Vocabulary(
    Photo,
    {
        "id": "id",
        "photo_type": "tipo_foto",
        "file": "foto",
        "description": "descripcion",
        "original_name": "nombre_archivo",
        "mime_type": "tipo_contenido",
        "size": "tamano",
        "width": "ancho",
        "height": "alto",
        "sha256": "sha256",
        "uploaded_by": "subido_por",
        "created_at": "creado_en",
        "updated_at": "actualizado_en",
    },
)
