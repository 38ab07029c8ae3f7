"""Jobs for the generated tests (a row made directly: no queue entry, so nothing runs it)."""

import factory

from fotostudio.jobs.models import Job, JobStatus
from tests.factories import registered


@registered
class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "jobs.cleanup"
    title = factory.Sequence(lambda n: f"Trabajo de prueba {n}")
    status = JobStatus.RUNNING
    done = 3
    total = 10
    message = "Procesando"
