from django.core.management.base import BaseCommand, CommandError

from fotostudio.core.errors import ApplicationError
from tenants.choices import BusinessType, Plan
from tenants.services import tenant_create


class Command(BaseCommand):
    help = "Crea un negocio: su esquema (migrado), su dominio y su primer administrador."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Nombre del esquema, p. ej. estudio_luz")
        parser.add_argument("--domain", required=True, help="p. ej. estudio-luz.localhost")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-password", required=True)
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--business-type", default=BusinessType.PHOTO_STUDIO, choices=BusinessType.values)
        parser.add_argument("--plan", default=Plan.PROFESSIONAL, choices=Plan.values)

    def handle(self, *args, **options):
        try:
            tenant = tenant_create(
                name=options["name"],
                slug=options["slug"],
                domain=options["domain"],
                admin_email=options["admin_email"],
                admin_password=options["admin_password"],
                admin_username=options["admin_username"],
                business_type=options["business_type"],
                plan=options["plan"],
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]") from exc
        self.stdout.write(self.style.SUCCESS(f"Negocio «{tenant.name}» creado en el esquema {tenant.schema_name}."))
