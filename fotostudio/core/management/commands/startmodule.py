"""``manage.py startmodule <name> --model <Model> …``: a new business module with the project's layout.

It writes ``modules/<name>/`` from ``fotostudio/core/module_template/`` (models,
vocabulary, services, selectors, filters, API, admin with import/export, factories and
tests for the API, isolation and roles) and ``docs/modules/<name>.md``, then makes the
first migration. Settings find every package under ``modules/`` on their own, so nothing
outside the new folder needs editing. ``docs/architecture.md`` ("Adding a module") lists
what to do next.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.templates import TemplateCommand
from django.template import Context, Engine

from tenants.choices import BusinessType

CORE = Path(__file__).resolve().parents[2]
TEMPLATE = CORE / "module_template"
DOC_TEMPLATE = CORE / "module_docs" / "module.md-tpl"
#: The tenants the generated tests use, by business type: (home, another business of the same type).
TEST_TENANTS = {
    BusinessType.PHOTO_STUDIO: ("tenant_a", "tenant_b"),
    BusinessType.AGRO_TRACEABILITY: ("tenant_agro", "tenant_agro_b"),
}


class Command(TemplateCommand):
    help = "Crea un módulo de negocio en modules/<nombre>/ con la estructura del proyecto."
    missing_args_message = "Indique el nombre del módulo (plural, en inglés, p. ej. suppliers)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Nombre del paquete y de la app, en plural (p. ej. suppliers).")
        parser.add_argument("--model", required=True, help="Nombre del modelo en singular, en inglés (Supplier).")
        parser.add_argument("--verbose-name", required=True, help="Nombre en singular para el usuario (proveedor).")
        parser.add_argument("--verbose-name-plural", required=True, help="En plural (proveedores).")
        parser.add_argument("--title", required=True, help="Título en la barra lateral (Proveedores).")
        parser.add_argument("--icon", default="category", help="Icono de Material Symbols (por defecto: category).")
        parser.add_argument("--business-type", default=BusinessType.PHOTO_STUDIO, choices=BusinessType.values)
        parser.add_argument("--api-path", help="Ruta de la API (por defecto, el nombre del módulo).")
        parser.add_argument("--no-migrations", action="store_true", help="No crear la primera migración.")

    def handle(self, **options):
        name, model = options.pop("name"), options.pop("model")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise CommandError("The module name must be lower case letters, digits and _ (e.g. suppliers).")
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", model):
            raise CommandError("The model name must be CamelCase (e.g. Supplier).")
        target = Path(settings.BASE_DIR) / "modules" / name
        if target.exists():
            raise CommandError(f"{target} already exists.")
        home, other = TEST_TENANTS[options["business_type"]]
        model_lower = re.sub(r"(?<!^)(?=[A-Z])", "_", model).lower()
        context = {
            "model": model,
            "model_lower": model_lower,
            "model_upper": model_lower.upper(),
            "verbose_name": options.pop("verbose_name"),
            "verbose_name_plural": options.pop("verbose_name_plural"),
            "title": options.pop("title"),
            "icon": options.pop("icon"),
            "business_type_member": BusinessType(options.pop("business_type")).name,
            "api_path": options.pop("api_path") or name.replace("_", "-"),
            "home_tenant": home,
            "other_tenant": other,
        }
        make_migrations = not options.pop("no_migrations")
        target.mkdir(parents=True)
        options.update(template=str(TEMPLATE), extensions=["py"], files=[])
        super().handle("app", name, str(target), **options, **context)
        self._write_doc(name, context)
        self._format(target)
        if make_migrations:
            # A new process: this one's settings were read before the module existed.
            subprocess.run(
                [sys.executable, "manage.py", "makemigrations", name, "--verbosity", "0"],
                cwd=settings.BASE_DIR,
                check=True,
            )
        self.stdout.write(
            self.style.SUCCESS(f"Módulo «{name}» creado en modules/{name}/.")
            + " Siguientes pasos: docs/architecture.md, «Añadir un módulo»."
        )

    def validate_name(self, name, name_or_dir="name"):
        """Django's check refuses names that shadow an importable module (``modules.x`` is never top level)."""

    def _format(self, target: Path) -> None:
        """ruff (a development requirement) gives the new files the project's style, whatever the names' lengths."""
        ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
        if Path(ruff).exists():
            subprocess.run([ruff, "format", "--quiet", str(target)], cwd=settings.BASE_DIR, check=False)
            subprocess.run([ruff, "check", "--fix", "--quiet", str(target)], cwd=settings.BASE_DIR, check=False)

    def _write_doc(self, name: str, context: dict) -> None:
        doc = Path(settings.BASE_DIR) / "docs" / "modules" / f"{name}.md"
        if not doc.exists():
            template = Engine().from_string(DOC_TEMPLATE.read_text(encoding="utf-8"))
            doc.write_text(template.render(Context({"app_name": name, **context}, autoescape=False)), encoding="utf-8")
