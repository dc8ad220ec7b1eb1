"""Practice totals: each agreement's counted hours by domain, kept by PostgreSQL.

One statement-level trigger per kind of write on practice entries (insert, update, delete)
collects the agreements the statement touched (through its transition tables): those of the
approved entries it wrote or removed, and those of the entries an approved correction among
them replaces. It then recomputes those agreements' rows of ``certification_practicetotal``
from the entries as they are now: the approved ones no approved correction replaces
(``PracticeLogEntry.objects.counted()``), summed by person and domain. A transaction-scoped
advisory lock per agreement (by 256 keys, taken in order) makes two writers to one agreement
recompute one after the other, the second seeing the first's entries.

Entries that are not approved (drafts, submitted, returned) are not counted, so writing them
touches nothing. The rows of what already exists are computed once here. SQLite (the embedded
demo) has no trigger and an empty table: bulk evaluation reads the entries there.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION certification_practice_total_rebuild(agreements bigint[])
RETURNS void AS $$
BEGIN
    -- One writer at a time per agreement (by 256 lock keys, taken in order so that two writers
    -- cannot deadlock, and few enough for any statement); the statements after the lock see
    -- what an earlier writer committed.
    PERFORM pg_advisory_xact_lock(hashtext('certification_practicetotal'), bucket)
    FROM (SELECT DISTINCT mod(id, 256)::int AS bucket FROM unnest(agreements) AS id
          ORDER BY bucket) AS buckets;
    DELETE FROM certification_practicetotal WHERE agreement_id = ANY(agreements);
    INSERT INTO certification_practicetotal
        (agreement_id, trainee_id, domain_id, hours, entries, first_date, last_date)
    SELECT e.agreement_id, e.trainee_id, e.domain_id, SUM(e.duration_hours), COUNT(*),
           MIN(e.date), MAX(e.date)
    FROM certification_practicelogentry e
    WHERE e.agreement_id = ANY(agreements) AND e.status = 'approved'
      AND NOT EXISTS (
          SELECT 1 FROM certification_practicelogentry c
          WHERE c.corrects_id = e.id AND c.status = 'approved'
      )
    GROUP BY e.agreement_id, e.trainee_id, e.domain_id;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION certification_practice_total_refresh() RETURNS trigger AS $$
DECLARE
    touched bigint[] := '{}';
BEGIN
    -- The agreements of the approved entries written or removed, and of the entries an
    -- approved correction among them replaces.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        touched := touched || ARRAY(
            SELECT n.agreement_id FROM certification_practicetotal_new n
            WHERE n.status = 'approved'
            UNION
            SELECT e.agreement_id FROM certification_practicelogentry e
            JOIN certification_practicetotal_new n ON e.id = n.corrects_id
            WHERE n.status = 'approved'
        );
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        touched := touched || ARRAY(
            SELECT o.agreement_id FROM certification_practicetotal_old o
            WHERE o.status = 'approved'
            UNION
            SELECT e.agreement_id FROM certification_practicelogentry e
            JOIN certification_practicetotal_old o ON e.id = o.corrects_id
            WHERE o.status = 'approved'
        );
    END IF;
    IF cardinality(touched) > 0 THEN
        PERFORM certification_practice_total_rebuild(touched);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER certification_practice_total_insert
    AFTER INSERT ON certification_practicelogentry
    REFERENCING NEW TABLE AS certification_practicetotal_new
    FOR EACH STATEMENT EXECUTE FUNCTION certification_practice_total_refresh();

CREATE TRIGGER certification_practice_total_update
    AFTER UPDATE ON certification_practicelogentry
    REFERENCING OLD TABLE AS certification_practicetotal_old
                NEW TABLE AS certification_practicetotal_new
    FOR EACH STATEMENT EXECUTE FUNCTION certification_practice_total_refresh();

CREATE TRIGGER certification_practice_total_delete
    AFTER DELETE ON certification_practicelogentry
    REFERENCING OLD TABLE AS certification_practicetotal_old
    FOR EACH STATEMENT EXECUTE FUNCTION certification_practice_total_refresh();

SELECT certification_practice_total_rebuild(
    ARRAY(SELECT id FROM certification_supervisionagreement)
);
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS certification_practice_total_delete ON certification_practicelogentry;
DROP TRIGGER IF EXISTS certification_practice_total_update ON certification_practicelogentry;
DROP TRIGGER IF EXISTS certification_practice_total_insert ON certification_practicelogentry;
DROP FUNCTION IF EXISTS certification_practice_total_refresh();
DROP FUNCTION IF EXISTS certification_practice_total_rebuild(bigint[]);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0021_practice_entry_approved_agreement_index'),
        ('curriculum', '0010_h5p_packages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PracticeTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hours', models.DecimalField(decimal_places=2, max_digits=12)),
                ('entries', models.PositiveIntegerField()),
                ('first_date', models.DateField()),
                ('last_date', models.DateField()),
                ('agreement', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='certification.supervisionagreement')),
                ('domain', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='curriculum.competencydomain')),
                ('trainee', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['trainee'], include=('agreement', 'domain', 'hours', 'first_date', 'last_date'), name='cert_practice_total_trainee')],
                'constraints': [models.UniqueConstraint(fields=('agreement', 'domain'), name='cert_practice_total_once')],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
