"""What ``make run`` does before serving: migrate everything, ensure platform and demo data, print access.

Each step prints a line when it starts and its duration when it ends, so the half minute of
a first run (migrations, the demo business's schema, demo data) is never silent.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, OutputWrapper
from django_tenants.utils import get_public_schema_name, schema_context

from fotostudio.users.models import User
from fotostudio.users.services import user_create
from tenants.demo import DEMO_NAME, DemoCredentials, demo_credentials, demo_data_seed, demo_domain, demo_tenant_ensure
from tenants.models import Tenant
from tenants.services import public_tenant_ensure


class Progress:
    """``step(text)`` ends the step before it (its seconds on its line) and prints ``text``."""

    def __init__(self, out: OutputWrapper):
        self.out = out
        self.started: float | None = None

    def step(self, text: str) -> None:
        self.done()
        self.out.write(f"  · {text}… ", ending="")
        self.out.flush()  # through a pipe or into a log file the line would otherwise wait for the end
        self.started = time.monotonic()

    def done(self, outcome: str | None = None) -> None:
        if self.started is None:
            return
        seconds = f"{time.monotonic() - self.started:.1f}".replace(".", ",")
        self.out.write(outcome or f"{seconds} s")
        self.out.flush()
        self.started = None


class Command(BaseCommand):
    help = "Migra los esquemas, crea el superusuario de plataforma y el negocio demo, e imprime los accesos."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, **options):
        progress = Progress(self.stdout)
        self.stdout.write("Preparando FotoStudio:")
        try:
            credentials = self.prepare(progress)
        except BaseException:
            progress.done("falló")
            raise
        progress.done()
        self.summary(credentials, options["port"])

    def prepare(self, progress: Progress) -> DemoCredentials:
        progress.step("Migrando el esquema público")
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        businesses = Tenant.objects.exclude(schema_name=get_public_schema_name()).count()
        progress.step(f"Migrando los esquemas de los negocios ({businesses})")
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        credentials = demo_credentials()
        progress.step(f"Personal de plataforma (usuario «{credentials.platform_username}»)")
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
        progress.step(f"Negocio demo «{DEMO_NAME}»")
        tenant, _created = demo_tenant_ensure(credentials)
        demo_data_seed(tenant, credentials, on_module=lambda spec: progress.step(f"Datos demo: {spec.name}"))
        return credentials

    def summary(self, credentials: DemoCredentials, port: str) -> None:
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
