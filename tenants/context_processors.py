def current_tenant(request):
    tenant = getattr(request, "tenant", None)
    return {"current_tenant": tenant if tenant is not None and not tenant.is_public else None}
