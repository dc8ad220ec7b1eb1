"""Database guards for what must never change silently.

The services already refuse these changes; the triggers refuse them for anything else that
reaches the database (a shell, a script, a bug):

- audit events can be inserted, never updated or deleted;
- an approved (signed) practice entry can never be updated or deleted;
- a supervision agreement signed by both sides can never be updated or deleted.

PostgreSQL (the real stack) gets PL/pgSQL triggers; SQLite (the embedded demo) gets its own
triggers for updates. A database administrator can still disable triggers; the hash chain in
audit.py is what detects that kind of tampering.

TRUNCATE (used by the test suite between transactional tests) does not fire row triggers.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION certification_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER certification_auditevent_append_only
    BEFORE UPDATE OR DELETE ON certification_auditevent
    FOR EACH ROW EXECUTE FUNCTION certification_refuse_change('audit events are append-only');

CREATE TRIGGER certification_entry_signed_is_immutable
    BEFORE UPDATE OR DELETE ON certification_practicelogentry
    FOR EACH ROW WHEN (OLD.status = 'approved')
    EXECUTE FUNCTION certification_refuse_change('a signed practice entry cannot change');

CREATE TRIGGER certification_agreement_signed_is_immutable
    BEFORE UPDATE OR DELETE ON certification_supervisionagreement
    FOR EACH ROW WHEN (OLD.trainee_signed_at IS NOT NULL AND OLD.supervisor_signed_at IS NOT NULL)
    EXECUTE FUNCTION certification_refuse_change('a signed supervision agreement cannot change');
"""

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS certification_agreement_signed_is_immutable
    ON certification_supervisionagreement;
DROP TRIGGER IF EXISTS certification_entry_signed_is_immutable ON certification_practicelogentry;
DROP TRIGGER IF EXISTS certification_auditevent_append_only ON certification_auditevent;
DROP FUNCTION IF EXISTS certification_refuse_change();
"""

# SQLite: updates only, so `manage.py flush` (DELETE FROM) keeps working on the demo database.
SQLITE_FORWARD = [
    """
    CREATE TRIGGER IF NOT EXISTS certification_auditevent_append_only
    BEFORE UPDATE ON certification_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS certification_entry_signed_is_immutable
    BEFORE UPDATE ON certification_practicelogentry WHEN OLD.status = 'approved'
    BEGIN SELECT RAISE(ABORT, 'a signed practice entry cannot change'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS certification_agreement_signed_is_immutable
    BEFORE UPDATE ON certification_supervisionagreement
    WHEN OLD.trainee_signed_at IS NOT NULL AND OLD.supervisor_signed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a signed supervision agreement cannot change'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS certification_agreement_signed_is_immutable;",
    "DROP TRIGGER IF EXISTS certification_entry_signed_is_immutable;",
    "DROP TRIGGER IF EXISTS certification_auditevent_append_only;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


def create_chain_head(apps, schema_editor):
    head_model = apps.get_model("certification", "AuditChainHead")
    head_model.objects.get_or_create(pk=1, defaults={"last_hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(create_chain_head, migrations.RunPython.noop),
    ]
