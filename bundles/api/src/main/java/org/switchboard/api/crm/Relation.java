package org.switchboard.api.crm;

/** The kind of CRM record a call can be related to (the agent's "call relation" setting). */
public enum Relation {
    CASE(CrmObject.CASE),
    OPPORTUNITY(CrmObject.OPPORTUNITY);

    private final CrmObject object;

    Relation(CrmObject object) {
        this.object = object;
    }

    public CrmObject object() {
        return object;
    }
}
