"""The platform's own settings and groups: every business has them (business data, money, numbering,
region, alerts, backups, notifications, maintenance).

Other modules add theirs in their own ``ModuleSpec`` (see ``definitions.py``). Code reads a setting
by its key, with the constants below::

    from fotostudio.configuration.catalogue import IVA_RATE
    from fotostudio.configuration.selectors import setting_value

    rate = setting_value(IVA_RATE)  # Decimal("15.00")
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from fotostudio.core.documents import RUC, compact_document, compact_phone, validate_phone
from tenants.choices import Language

from .definitions import SettingDefinition, SettingGroup, SettingType

# --- Keys ------------------------------------------------------------------------------------------

BUSINESS_LEGAL_NAME = "empresa.razon_social"
BUSINESS_TRADE_NAME = "empresa.nombre_comercial"
BUSINESS_RUC = "empresa.ruc"
BUSINESS_ADDRESS = "empresa.direccion"
BUSINESS_PHONE = "empresa.telefono"
BUSINESS_EMAIL = "empresa.email"
BUSINESS_LOGO = "empresa.logo"
CURRENCY = "moneda.codigo"
IVA_RATE = "moneda.tasa_iva"
MONEY_DECIMALS = "moneda.decimales"
MONEY_ROUNDING = "moneda.redondeo"
NUMBERING_DIGITS = "numeracion.digitos"
NUMBERING_YEARLY = "numeracion.anual"
TIMEZONE = "regional.zona_horaria"
LANGUAGE = "regional.idioma"
CONTRACT_EXPIRY_DAYS = "alertas.dias_vencimiento_contrato"
LOW_STOCK_MINIMUM = "alertas.stock_minimo"
LOW_STOCK_ALERTS = "alertas.stock_bajo_aviso"
OUT_OF_STOCK = "alertas.sin_stock"
BACKUP_FREQUENCY = "respaldos.frecuencia"
BACKUP_TIME = "respaldos.hora"
BACKUP_RETENTION_DAYS = "respaldos.retencion_dias"
NOTIFY_BY_EMAIL = "notificaciones.correo"
NOTIFY_IN_PANEL = "notificaciones.panel"
NOTIFY_DAILY_SUMMARY = "notificaciones.resumen_diario"
MAINTENANCE = "mantenimiento.activo"
MAINTENANCE_MESSAGE = "mantenimiento.mensaje"

# --- Choices -----------------------------------------------------------------------------------------

ROUND_HALF_UP = "mitad_arriba"
ROUND_HALF_EVEN = "mitad_par"
OUT_OF_STOCK_BLOCK = "bloquear"
OUT_OF_STOCK_WARN = "avisar"

CURRENCIES = (
    ("USD", _("Dólar estadounidense (USD)")),
    ("EUR", _("Euro (EUR)")),
    ("COP", _("Peso colombiano (COP)")),
    ("PEN", _("Sol peruano (PEN)")),
)


def _validate_ruc(value: str) -> None:
    RUC.validate(value)


GROUPS = (
    SettingGroup(
        "empresa",
        _("Datos del negocio"),
        _("Cómo se presenta el negocio en documentos, correos y en el panel."),
        icon="storefront",
        order=10,
    ),
    SettingGroup(
        "moneda",
        _("Moneda e impuestos"),
        _("La moneda de los importes, el IVA y cómo se redondean los valores."),
        icon="payments",
        order=20,
    ),
    SettingGroup(
        "numeracion",
        _("Numeración de documentos"),
        _("El formato de los números de pedidos, contratos y demás documentos, y el siguiente número de cada uno."),
        icon="tag",
        order=30,
    ),
    SettingGroup(
        "regional",
        _("Región e idioma"),
        _("La zona horaria de fechas y horas y el idioma del panel y de la API."),
        icon="language",
        order=40,
    ),
    SettingGroup(
        "alertas",
        _("Alertas"),
        _("Cuándo avisa el sistema: contratos por vencer y materiales con poco stock."),
        icon="notifications_active",
        view="alerts",
        order=50,
    ),
    SettingGroup(
        "respaldos",
        _("Copias de seguridad"),
        _("Cuándo se hace la copia de seguridad de los datos del negocio y cuánto tiempo se guarda."),
        icon="backup",
        view="backup",
        order=60,
    ),
    SettingGroup(
        "notificaciones",
        _("Notificaciones"),
        _("Por dónde llegan los avisos al personal, salvo que cada persona elija otra cosa."),
        icon="mail",
        order=70,
    ),
    SettingGroup(
        "mantenimiento",
        _("Mantenimiento"),
        _(
            "Mientras el modo mantenimiento está activo, solo los administradores pueden guardar cambios; el "
            "resto del personal puede consultar."
        ),
        icon="construction",
        order=80,
    ),
)

SETTINGS = (
    # Business data: optional (a new business fills them in when it has them).
    SettingDefinition(
        BUSINESS_LEGAL_NAME,
        SettingType.TEXT,
        default="",
        required=False,
        max_length=200,
        label=_("Razón social"),
        help=_("El nombre legal del negocio, tal como consta en el RUC."),
    ),
    SettingDefinition(
        BUSINESS_TRADE_NAME,
        SettingType.TEXT,
        default="",
        required=False,
        max_length=150,
        label=_("Nombre comercial"),
        help=_("El nombre con el que le conocen los clientes, si es distinto de la razón social."),
    ),
    SettingDefinition(
        BUSINESS_RUC,
        SettingType.TEXT,
        default="",
        required=False,
        max_length=20,
        label=_("RUC"),
        help=_("Los 13 dígitos del Registro Único de Contribuyentes; se comprueba el dígito verificador."),
        normalise=compact_document,
        validators=(_validate_ruc,),
    ),
    SettingDefinition(
        BUSINESS_ADDRESS,
        SettingType.TEXT,
        default="",
        required=False,
        max_length=255,
        label=_("Dirección"),
        help=_("La dirección del local principal."),
    ),
    SettingDefinition(
        BUSINESS_PHONE,
        SettingType.TEXT,
        default="",
        required=False,
        max_length=30,
        label=_("Teléfono"),
        help=_("De 7 a 15 dígitos; los espacios, guiones y paréntesis se quitan."),
        normalise=compact_phone,
        validators=(validate_phone,),
    ),
    SettingDefinition(
        BUSINESS_EMAIL,
        SettingType.EMAIL,
        default="",
        required=False,
        max_length=254,
        label=_("Correo electrónico"),
        help=_("La dirección a la que los clientes escriben al negocio."),
    ),
    SettingDefinition(
        BUSINESS_LOGO,
        SettingType.IMAGE,
        default=None,
        required=False,
        label=_("Logotipo"),
        help=_("Aparece junto al nombre del negocio en el panel. JPEG, PNG o WebP, hasta 1 MB."),
        tenant_field="logo",
        api_writable=False,
    ),
    # Money.
    SettingDefinition(
        CURRENCY,
        SettingType.CHOICE,
        default="USD",
        choices=CURRENCIES,
        label=_("Moneda"),
        help=_("La moneda de todos los importes (en Ecuador, el dólar)."),
    ),
    SettingDefinition(
        IVA_RATE,
        SettingType.DECIMAL,
        default=Decimal("15.00"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        label=_("Tarifa de IVA (%)"),
        help=_("El porcentaje de IVA de las ventas gravadas; en Ecuador, 15 % (desde abril de 2024)."),
    ),
    SettingDefinition(
        MONEY_DECIMALS,
        SettingType.INTEGER,
        default=2,
        min_value=0,
        max_value=4,
        label=_("Decimales de los importes"),
        help=_("Con cuántos decimales se calculan y muestran los totales."),
    ),
    SettingDefinition(
        MONEY_ROUNDING,
        SettingType.CHOICE,
        default=ROUND_HALF_UP,
        choices=(
            (ROUND_HALF_UP, _("Al más cercano; la mitad, hacia arriba (0,125 → 0,13)")),
            (ROUND_HALF_EVEN, _("Al más cercano; la mitad, al par (0,125 → 0,12)")),
        ),
        label=_("Redondeo"),
        help=_("Cómo se redondea un importe a los decimales indicados."),
    ),
    # Numbering: the format; each kind of document adds its prefix and next number (numbering_settings).
    SettingDefinition(
        NUMBERING_DIGITS,
        SettingType.INTEGER,
        default=5,
        min_value=3,
        max_value=10,
        label=_("Dígitos del número"),
        help=_("El número se completa con ceros a la izquierda hasta esta cantidad de dígitos (00001)."),
    ),
    SettingDefinition(
        NUMBERING_YEARLY,
        SettingType.BOOLEAN,
        default=True,
        label=_("Numeración por año"),
        help=_(
            "Activado: el número lleva el año y vuelve a empezar en 1 cada año (PED-2026-00001). Desactivado: "
            "una sola serie sin año (PED-00001)."
        ),
    ),
    # Region: the business's own fields, used by every page (one setting, not a copy).
    SettingDefinition(
        TIMEZONE,
        SettingType.TIMEZONE,
        default="America/Guayaquil",
        label=_("Zona horaria"),
        help=_("Las fechas y horas del panel, de la API y de los documentos se muestran en esta zona."),
        tenant_field="timezone",
    ),
    SettingDefinition(
        LANGUAGE,
        SettingType.CHOICE,
        default=Language.SPANISH.value,
        choices=tuple(Language.choices),
        label=_("Idioma predeterminado"),
        help=_("El idioma del panel y de la API para quien no haya elegido otro."),
        tenant_field="language",
    ),
    # Alerts.
    SettingDefinition(
        CONTRACT_EXPIRY_DAYS,
        SettingType.INTEGER,
        default=30,
        min_value=1,
        max_value=365,
        label=_("Aviso de contratos por vencer (días)"),
        help=_("Cuántos días antes de que venza un contrato aparece en los avisos."),
    ),
    SettingDefinition(
        LOW_STOCK_MINIMUM,
        SettingType.INTEGER,
        default=5,
        min_value=0,
        max_value=1_000_000,
        label=_("Stock mínimo predeterminado"),
        help=_("Un material sin stock mínimo propio avisa cuando le quedan estas unidades o menos."),
    ),
    SettingDefinition(
        LOW_STOCK_ALERTS,
        SettingType.BOOLEAN,
        default=True,
        label=_("Avisar de stock bajo"),
        help=_("Muestra en el panel y notifica los materiales que llegan a su stock mínimo."),
    ),
    SettingDefinition(
        OUT_OF_STOCK,
        SettingType.CHOICE,
        default=OUT_OF_STOCK_BLOCK,
        choices=(
            (OUT_OF_STOCK_BLOCK, _("No permitir usar más de lo que hay en stock")),
            (OUT_OF_STOCK_WARN, _("Permitirlo y avisar (el stock queda en negativo)")),
        ),
        label=_("Al agotarse un material"),
        help=_("Qué pasa cuando una orden necesita más material del que queda."),
    ),
    # Backups.
    SettingDefinition(
        BACKUP_FREQUENCY,
        SettingType.CHOICE,
        default="diaria",
        choices=(
            ("diaria", _("Cada día")),
            ("semanal", _("Cada semana (domingo)")),
            ("mensual", _("Cada mes (día 1)")),
            ("desactivada", _("Desactivada")),
        ),
        label=_("Frecuencia"),
        help=_("Cada cuánto se copia automáticamente la información del negocio."),
    ),
    SettingDefinition(
        BACKUP_TIME,
        SettingType.TIME,
        default=time(2, 0),
        label=_("Hora"),
        help=_("A qué hora se hace la copia (hora del negocio); mejor cuando nadie trabaja."),
    ),
    SettingDefinition(
        BACKUP_RETENTION_DAYS,
        SettingType.INTEGER,
        default=30,
        min_value=1,
        max_value=3650,
        label=_("Conservar durante (días)"),
        help=_("Las copias más antiguas se eliminan."),
    ),
    # Notifications.
    SettingDefinition(
        NOTIFY_BY_EMAIL,
        SettingType.BOOLEAN,
        default=True,
        label=_("Avisos por correo"),
        help=_("Enviar los avisos por correo electrónico."),
    ),
    SettingDefinition(
        NOTIFY_IN_PANEL,
        SettingType.BOOLEAN,
        default=True,
        label=_("Avisos en el panel"),
        help=_("Mostrar los avisos en el panel y en la aplicación."),
    ),
    SettingDefinition(
        NOTIFY_DAILY_SUMMARY,
        SettingType.BOOLEAN,
        default=False,
        label=_("Resumen diario"),
        help=_("Un correo cada mañana con los avisos pendientes, en lugar de uno por aviso."),
    ),
    # Maintenance.
    SettingDefinition(
        MAINTENANCE,
        SettingType.BOOLEAN,
        default=False,
        label=_("Modo mantenimiento"),
        help=_(
            "Activado: solo los administradores pueden guardar cambios, en el panel y en la API; el resto del "
            "personal puede consultar."
        ),
    ),
    SettingDefinition(
        MAINTENANCE_MESSAGE,
        SettingType.TEXT,
        default="",
        required=False,
        max_length=300,
        label=_("Mensaje de mantenimiento"),
        help=_("Se muestra al personal mientras dura el mantenimiento (por ejemplo, hasta qué hora)."),
    ),
)
