"""Demo finished products for ``seed_demo``: frames, prints, canvases, albums and souvenirs in every status
and every location, a few of them sold to demo clients. Idempotent: a description already present is skipped."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from modules.clients.models import Client

from .models import Product, ProductKind, ProductLocation, ProductStatus
from .services import product_create, product_sell, product_update

S, L = ProductStatus, ProductLocation
#: description, kind, width, height, cost, price, status, location
PRODUCTS = [
    (
        "Cuadro 40×50 moldura roble natural, vidrio antirreflejo",
        ProductKind.FRAME,
        40,
        50,
        "18.50",
        "45.00",
        S.AVAILABLE,
        L.SHOWCASE,
    ),
    (
        "Cuadro 30×40 moldura negra lisa con paspartú blanco",
        ProductKind.FRAME,
        30,
        40,
        "12.40",
        "32.00",
        S.AVAILABLE,
        L.SHOWCASE,
    ),
    (
        "Cuadro 50×70 moldura dorada clásica, foto de boda",
        ProductKind.FRAME,
        50,
        70,
        "31.00",
        "85.00",
        S.RESERVED,
        L.STOREROOM,
    ),
    (
        "Cuadro 20×25 moldura blanca, retrato infantil",
        ProductKind.FRAME,
        20,
        25,
        "7.80",
        "22.00",
        S.AVAILABLE,
        L.STOREROOM,
    ),
    (
        "Cuadro 60×90 moldura nogal, paisaje de Cotopaxi",
        ProductKind.FRAME,
        60,
        90,
        "42.00",
        "120.00",
        S.IN_PRODUCTION,
        L.WORKSHOP,
    ),
    (
        "Cuadro 40×60 moldura plateada, foto de graduación",
        ProductKind.FRAME,
        40,
        60,
        "21.00",
        "55.00",
        S.SOLD,
        L.SHOWCASE,
    ),
    (
        "Cuadro 30×30 moldura de aluminio, foto familiar",
        ProductKind.FRAME,
        30,
        30,
        "11.00",
        "30.00",
        S.DELIVERED,
        L.DELIVERED,
    ),
    (
        "Foto impresa 20×30 papel lustre, sesión de quince años",
        ProductKind.PRINT,
        20,
        30,
        "1.20",
        "5.00",
        S.AVAILABLE,
        L.SHOWCASE,
    ),
    ("Foto impresa 13×18 papel mate, juego de 12", ProductKind.PRINT, 13, 18, "3.60", "12.00", S.SOLD, L.STOREROOM),
    (
        "Foto impresa 30×45 papel perlado, retrato de estudio",
        ProductKind.PRINT,
        30,
        45,
        "2.80",
        "14.00",
        S.IN_PRODUCTION,
        L.WORKSHOP,
    ),
    ("Lienzo 50×70 con bastidor, foto de bodas", ProductKind.CANVAS, 50, 70, "24.00", "70.00", S.AVAILABLE, L.SHOWCASE),
    ("Lienzo 40×40 con bastidor, mascota", ProductKind.CANVAS, 40, 40, "16.50", "48.00", S.DELIVERED, L.DELIVERED),
    ("Álbum 30×30 de 20 páginas, tapa de lino", ProductKind.ALBUM, 30, 30, "38.00", "110.00", S.RESERVED, L.WORKSHOP),
    ("Álbum 20×20 de 30 páginas, graduación", ProductKind.ALBUM, 20, 20, "26.00", "75.00", S.IN_PRODUCTION, L.WORKSHOP),
    (
        "Recordatorio de primera comunión, juego de 30",
        ProductKind.SOUVENIR,
        10,
        15,
        "9.00",
        "27.00",
        S.AVAILABLE,
        L.STOREROOM,
    ),
    (
        "Recordatorios de graduación con foto, juego de 50",
        ProductKind.SOUVENIR,
        10,
        15,
        "14.00",
        "40.00",
        S.SOLD,
        L.STOREROOM,
    ),
    ("Llavero acrílico con foto", ProductKind.OTHER, None, None, "1.10", "4.50", S.AVAILABLE, L.SHOWCASE),
    ("Taza con foto impresa", ProductKind.OTHER, None, None, "3.20", "9.00", S.DELIVERED, L.DELIVERED),
]


@transaction.atomic
def seed_demo_products(*, tenant, password: str = "") -> int:
    """Add the demo products that are missing; returns how many were created."""
    from fotostudio.users.models import User

    author = User.objects.filter(username="admin").first()
    existing = set(Product.objects.values_list("description", flat=True))
    clients = list(Client.objects.filter(is_active=True).order_by("document")[:6])
    now = timezone.now()
    created = 0
    for index, (description, kind, width, height, cost, price, status, location) in enumerate(PRODUCTS):
        if description in existing:
            continue
        sold = status in (S.SOLD, S.DELIVERED)
        product = product_create(
            data={
                "description": description,
                "kind": kind,
                "width_cm": None if width is None else Decimal(width),
                "height_cm": None if height is None else Decimal(height),
                "cost": Decimal(cost),
                "sale_price": Decimal(price),
                "status": S.AVAILABLE if sold else status,
                "location": L.SHOWCASE if location == L.DELIVERED else location,
            },
            acting_user=author,
        )
        if sold:
            client = clients[index % len(clients)] if clients else None
            product = product_sell(product=product, client=client, acting_user=author)
            if status == S.DELIVERED:
                product_update(product=product, data={"status": S.DELIVERED}, acting_user=author)
            elif location != product.location:
                product_update(product=product, data={"location": location}, acting_user=author)
            # Demo only: spread the sales over the last weeks for the dashboard.
            Product.objects.filter(pk=product.pk).update(sold_at=now - timedelta(days=index * 3 % 40, hours=index))
        created += 1
    return created
