"""On Postgres the access log is append-only in the database itself: a trigger refuses UPDATE
and DELETE, whatever the code path. SQLite (development, tests without services) keeps the
application-level guards only; there this migration does nothing.

TRUNCATE is left to the table's owner (the test runner flushes with it); a database owner can
drop any trigger anyway, so that boundary is the database's roles, not this trigger."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION clinic_accesslog_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'clinic_accesslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER clinic_accesslog_append_only
    BEFORE UPDATE OR DELETE ON clinic_accesslog
    FOR EACH ROW EXECUTE FUNCTION clinic_accesslog_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS clinic_accesslog_append_only ON clinic_accesslog;
DROP FUNCTION IF EXISTS clinic_accesslog_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # the SQL holds a literal %


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0007_audit_trail_and_practice_security")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
