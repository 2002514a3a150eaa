package org.switchboard.api.crm;

/** The kinds of CRM record Switchboard deals with; {@link #apiName()} is Salesforce's sObject name. */
public enum CrmObject {
    CONTACT("Contact"),
    LEAD("Lead"),
    ACCOUNT("Account"),
    CASE("Case"),
    OPPORTUNITY("Opportunity"),
    USER("User"),
    TASK("Task");

    private final String apiName;

    CrmObject(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** Whether a call can be logged against a record of this kind as "who" (Task WhoId). */
    public boolean isPerson() {
        return this == CONTACT || this == LEAD;
    }
}
