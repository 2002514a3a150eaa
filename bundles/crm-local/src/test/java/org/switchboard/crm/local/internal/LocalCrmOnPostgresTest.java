package org.switchboard.crm.local.internal;

/** Needs the local PostgreSQL: scripts/pg-test-db.sh starts it. */
class LocalCrmOnPostgresTest extends LocalCrmContract {
    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgres();
    }
}
