"""The suite's quick way back to the migrated baseline loads exactly what Django's would."""

from django.core import serializers
from django.db import connection

import pytest

from tests import db_baseline

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _stored(obj):
    return type(obj)._base_manager.filter(pk=obj.pk).first()


def test_a_transactional_test_starts_with_every_object_django_would_load_back():
    # This test started from the kept copy (put back before it), not from Django's JSON.
    assert connection.settings_dict["NAME"] in db_baseline._KEPT
    objects = list(serializers.deserialize("json", connection._test_serialized_contents))
    assert len(objects) > 100  # content types, permissions, the Wagtail root, the taxonomy...
    for wrapped in objects:
        obj = wrapped.object
        stored = _stored(obj)
        assert stored is not None, f"{obj._meta.label} {obj.pk} was not put back"
        for field in obj._meta.local_concrete_fields:  # a parent table is an object of its own
            assert getattr(stored, field.attname) == getattr(obj, field.attname), (
                f"{obj._meta.label} {obj.pk}: {field.name}"
            )
        for name, pks in wrapped.m2m_data.items():
            related = getattr(stored, name).values_list("pk", flat=True)
            assert set(related) == set(pks), f"{obj._meta.label} {obj.pk}: {name}"


def test_each_model_holds_exactly_the_baseline_rows_no_more_no_fewer():
    # Whether a transactional test emptied the tables before this one or not, the copy comes
    # back once, with nothing left over.
    objects = list(serializers.deserialize("json", connection._test_serialized_contents))
    by_model = {}
    for wrapped in objects:
        by_model.setdefault(type(wrapped.object), set()).add(wrapped.object.pk)
    for model, pks in by_model.items():
        assert set(model._base_manager.values_list("pk", flat=True)) == pks, model._meta.label


def test_the_flush_that_ends_a_transactional_test_leaves_every_table_empty(trainee):
    from django.core.management import call_command

    assert trainee.memberships.exists()
    call_command(
        "flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True
    )
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            assert cursor.fetchone()[0] == 0, table


def test_autovacuum_leaves_the_test_tables_alone():
    # Otherwise it records a table emptied by rolled-back tests as empty, and the planner
    # keeps planning for that while later tests fill it (tests/db_baseline.py).
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' "
            "AND 'autovacuum_enabled=false' = ANY(reloptions)"
        )
        off = {name for (name,) in cursor.fetchall()}
    assert len(tables) > 100
    assert set(tables) <= off
