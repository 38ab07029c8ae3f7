"""What ``make run`` does before serving: migrate everything, ensure platform and demo data, print access."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tenants.utils import get_public_schema_name, schema_context

from fotostudio.users.models import User
from fotostudio.users.services import user_create
from tenants.demo import demo_credentials, demo_data_seed, demo_domain, demo_tenant_ensure
from tenants.services import public_tenant_ensure


class Command(BaseCommand):
    help = "Migra los esquemas, crea el superusuario de plataforma y el negocio demo, e imprime los accesos."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        credentials = demo_credentials()
        public_tenant_ensure(domain=settings.PUBLIC_DOMAIN)
        with schema_context(get_public_schema_name()):
            if not User.objects.filter(username=credentials.platform_username).exists():
                user_create(
                    username=credentials.platform_username,
                    email=credentials.platform_email,
                    password=credentials.password,
                    full_name="Personal de plataforma",
                    is_superuser=True,
                )
        tenant, _created = demo_tenant_ensure(credentials)
        demo_data_seed(tenant, credentials)
        port = options["port"]
        self.stdout.write(self.style.SUCCESS("\nFotoStudio está listo.\n"))
        self.stdout.write(f"  Panel del negocio demo:   http://{demo_domain()}:{port}/admin/")
        self.stdout.write(f"    usuario: {credentials.tenant_admin_username}   contraseña: {credentials.password}")
        self.stdout.write(
            "    (también: gerente, ventas, produccion, fotografo, contabilidad, lectura; misma contraseña)"
        )
        self.stdout.write(f"  Plataforma (negocios):    http://{settings.PUBLIC_DOMAIN}:{port}/admin/")
        self.stdout.write(f"    usuario: {credentials.platform_username}   contraseña: {credentials.password}")
        self.stdout.write(
            f"  API:  http://{demo_domain()}:{port}/api/v1/   documentación: http://{demo_domain()}:{port}/api/docs/"
        )
        self.stdout.write(f"  Salud: http://{settings.PUBLIC_DOMAIN}:{port}/health/\n")
