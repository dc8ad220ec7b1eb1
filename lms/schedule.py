"""Daily beat jobs run once a day, however many beats and workers there are.

Two nodes may each run a beat (one per node is the simple way to deploy), and then every daily
job is queued twice. ``once_per_day(job)`` wraps such a task: the first delivery of the day
claims a ``ScheduledRun`` row (unique per job and day) and does the work; any other delivery
that day finds the row and does nothing. The same message delivered again (its worker died, a
retry) carries the same task id and goes on, so the claim never strands a day's work.

A task called directly (a management command, a test) or run eagerly claims nothing: it simply
runs. The jobs stay idempotent on their own as well (notice keys, flags), so the claim is about
not doing a day's work twice, never the only guard against a duplicate email.
"""

from __future__ import annotations

import functools

from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """A daily job's run: who (which task message) claimed the day, and when it ended."""

    job = models.CharField(max_length=100)
    day = models.DateField()
    task_id = models.CharField(max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "lms"
        ordering = ["-day", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="lms_scheduled_run_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} on {self.day}"


def claim(job: str, task_id: str) -> ScheduledRun | None:
    """Today's run of ``job`` if the message ``task_id`` may do it (it claimed the day now, or
    had before); None if another message has."""
    run, created = ScheduledRun.objects.get_or_create(
        job=job, day=timezone.localdate(), defaults={"task_id": task_id}
    )
    return run if created or run.task_id == task_id else None


def once_per_day(job: str):
    """Decorate a task's function (under ``@shared_task``) so its work is done once a day."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            from celery import current_task

            request = getattr(current_task, "request", None)
            task_id = getattr(request, "id", None)
            if task_id and not getattr(request, "is_eager", False):
                run = claim(job, task_id)
                if run is None:
                    return {"skipped": f"{job} already ran today"}
                result = function(*args, **kwargs)
                ScheduledRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
                return result
            return function(*args, **kwargs)

        return run

    return decorate
