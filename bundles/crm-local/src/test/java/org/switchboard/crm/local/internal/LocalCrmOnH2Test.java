package org.switchboard.crm.local.internal;

class LocalCrmOnH2Test extends LocalCrmContract {
    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
