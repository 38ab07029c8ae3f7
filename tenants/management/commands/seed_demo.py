from django.core.management.base import BaseCommand

from tenants.demo import demo_credentials, demo_data_seed, demo_tenant_ensure


class Command(BaseCommand):
    help = "Crea (si falta) el negocio demo y carga sus datos de ejemplo. Se puede repetir sin duplicar."

    def handle(self, *args, **options):
        credentials = demo_credentials()
        tenant, created = demo_tenant_ensure(credentials)
        seeded = demo_data_seed(tenant, credentials)
        verb = "creado" if created else "ya existía"
        self.stdout.write(f"Negocio demo {verb}; datos de ejemplo: {', '.join(seeded) or 'ninguno'}.")
