"""``{% record_attachments %}``: the «Documentos y fotos» panel of a record's change page.

Rendered by ``templates_docs/admin/change_form.html`` on every change page; it shows only on pages of
records whose kind is registered as a link (``fotostudio.core.links``) and enabled for the business,
to users who may see documents or photos. Two queries: the record's documents and its photos.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from fotostudio.core import links

from ..admin_urls import LINK_KEY_PARAM, LINK_RECORD_PARAM, file_url
from ..selectors import attachments_of

register = template.Library()


@register.inclusion_tag("documents/admin/attachments.html", takes_context=True)
def record_attachments(context):
    request, record = context.get("request"), context.get("original")
    if request is None or record is None or getattr(record, "pk", None) is None:
        return {"show": False}
    kind = links.link_kind_for_model(type(record))
    if kind is None or kind not in links.available_kinds(getattr(request, "tenant", None)):
        return {"show": False}
    user = request.user
    may_see_documents, may_see_photos = user.has_perm("documents.view_document"), user.has_perm("documents.view_photo")
    if not (may_see_documents or may_see_photos):
        return {"show": False}
    documents, photos = attachments_of(record)
    query = urlencode({LINK_KEY_PARAM: kind.key, LINK_RECORD_PARAM: str(record.pk)})
    return {
        "show": True,
        "record": record,
        "documents": [(document, file_url(document)) for document in documents] if may_see_documents else None,
        "photos": [(photo, file_url(photo)) for photo in photos] if may_see_photos else None,
        "add_document_url": f"{reverse('admin:documents_document_add')}?{query}"
        if user.has_perm("documents.add_document")
        else None,
        "add_photo_url": f"{reverse('admin:documents_photo_add')}?{query}"
        if user.has_perm("documents.add_photo")
        else None,
    }
