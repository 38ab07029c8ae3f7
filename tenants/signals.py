"""Cache invalidation only: tenant and domain changes must be seen by the resolver at once."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import cache
from .models import Domain, Tenant


@receiver(post_save, sender=Tenant)
@receiver(post_delete, sender=Tenant)
@receiver(post_save, sender=Domain)
@receiver(post_delete, sender=Domain)
def invalidate_tenant_cache(**kwargs):
    cache.invalidate()
    # Again once the change is committed: a request resolved in between read the old
    # row and may have cached it under the new generation.
    transaction.on_commit(cache.invalidate)
