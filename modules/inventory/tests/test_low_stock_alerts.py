"""«Stock bajo»: one open alert per material at or below its minimum, resolved by the system once restocked."""

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from fotostudio.alerts.models import Alert, AlertStatus
from fotostudio.jobs.models import Job
from fotostudio.notifications.models import Notification
from fotostudio.users.roles import Role
from modules.inventory.models import Material
from modules.inventory.services import (
    LOW_STOCK_ALERT_TYPE,
    LOW_STOCK_JOB,
    low_stock_alerts_sync,
    material_update,
    stock_move,
)
from modules.inventory.tests.factories import MaterialFactory


@pytest.fixture
def frames(home):
    with schema_context(home.schema_name):
        yield MaterialFactory(sku="VAR-NEGRA", name="Varilla negra", minimum_stock=Decimal("10"))


def _alerts(tenant, material, status=AlertStatus.OPEN):
    with schema_context(tenant.schema_name):
        return list(Alert.objects.filter(alert_type=LOW_STOCK_ALERT_TYPE, link_id=material.pk, status=status))


def test_falling_to_the_minimum_raises_one_alert_not_one_per_movement(home, frames):
    with schema_context(home.schema_name):
        stock_move(material=frames, kind="compra", quantity=30, unit_cost="2.00")
    assert _alerts(home, frames) == []
    with schema_context(home.schema_name):
        stock_move(material=frames, kind="consumo", quantity=20)  # 10 left: at the minimum
        stock_move(material=frames, kind="consumo", quantity=4)
        stock_move(material=frames, kind="merma", quantity=3)
    [alert] = _alerts(home, frames)
    assert alert.priority == "MEDIA"
    assert "Varilla negra" in alert.description and "quedan 10" in alert.description


def test_running_out_is_a_high_priority_alert_and_managers_and_production_hear_of_it(home, make_user):
    manager, production, sales = (make_user(home, role) for role in (Role.MANAGER, Role.PRODUCTION, Role.SALES))
    with schema_context(home.schema_name):
        glass = MaterialFactory(minimum_stock=Decimal("5"))
        stock_move(material=glass, kind="compra", quantity=8, unit_cost="1.00")
        stock_move(material=glass, kind="consumo", quantity=8)  # straight from above the minimum to nothing
    [alert] = _alerts(home, glass)
    assert alert.priority == "ALTA" and "quedan 0 " in alert.description
    with schema_context(home.schema_name):
        told = set(Notification.objects.filter(alert=alert).values_list("recipient_id", flat=True))
    assert {manager.pk, production.pk} <= told and sales.pk not in told


def test_a_purchase_above_the_minimum_resolves_the_alert_by_the_system(home, frames):
    with schema_context(home.schema_name):
        stock_move(material=frames, kind="compra", quantity=5, unit_cost="2.00")
        stock_move(material=frames, kind="compra", quantity=50, unit_cost="2.00")
    assert _alerts(home, frames) == []
    [resolved] = _alerts(home, frames, status=AlertStatus.RESOLVED)
    assert resolved.resolved_by_id is None and "volvió a superar el mínimo" in resolved.comment


def test_lowering_the_minimum_or_deactivating_resolves_it(home, frames):
    with schema_context(home.schema_name):
        stock_move(material=frames, kind="compra", quantity=8, unit_cost="2.00")
        assert len(_alerts(home, frames)) == 1
        material_update(material=frames, data={"minimum_stock": Decimal("5")})
    assert _alerts(home, frames) == []
    with schema_context(home.schema_name):
        material_update(material=frames, data={"minimum_stock": Decimal("20")})
        assert len(_alerts(home, frames)) == 1
        material_update(material=frames, data={"is_active": False})
    assert _alerts(home, frames) == []


def test_the_sync_covers_stock_written_without_the_service_and_runs_twice_without_change(home):
    with schema_context(home.schema_name):
        low = MaterialFactory(minimum_stock=Decimal("10"))
        fine = MaterialFactory(minimum_stock=Decimal("10"))
        Material.objects.filter(pk=fine.pk).update(quantity_on_hand=Decimal("50"))
        first = low_stock_alerts_sync()
        assert first["levantadas"] >= 1 and low_stock_alerts_sync()["levantadas"] == 0
    assert len(_alerts(home, low)) == 1 and _alerts(home, fine) == []


def test_an_import_starts_the_sync_as_a_job_once(home, administrator, run_jobs):
    from modules.inventory.importing import materials_import

    header = "sku,nombre,categoria,unidad,costo_unitario,stock_minimo,existencias\n"
    rows = "IMP-GLOSSY,Papel brillante,impresion,hoja,0.40,100,20\n"
    with schema_context(home.schema_name):
        for _ in range(2):  # a second import while the first sync waits: still one job, no error
            materials_import(stream=_bytes(header + rows), file_format="csv", acting_user=administrator)
        assert Job.objects.filter(kind=LOW_STOCK_JOB).count() == 1
    run_jobs()
    with schema_context(home.schema_name):
        material = Material.objects.get(sku="IMP-GLOSSY")
    assert len(_alerts(home, material)) == 1


def _bytes(text):
    import io

    return io.BytesIO(text.encode())
