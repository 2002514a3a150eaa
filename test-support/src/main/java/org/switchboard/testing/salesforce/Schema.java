package org.switchboard.testing.salesforce;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The objects and fields the emulated org knows, with the rules Salesforce applies to them. */
final class Schema {

    enum Kind { ID, TEXT, PICKLIST, INTEGER, DATE, DATETIME, BOOLEAN, REFERENCE }

    /** Who may write a field: nobody (system fields), on insert only, or on insert and update. */
    enum Access { READ_ONLY, CREATE_ONLY, READ_WRITE }

    /**
     * One field. {@code values} holds the picklist's values, or for a reference the key prefixes it may point to;
     * {@code relationship} is the name a query uses to reach the referenced record ({@code Account.Name}).
     */
    record Field(String name, String label, Kind kind, int maxLength, Set<String> values, Access access,
            boolean required, String relationship) {
        boolean createable() {
            return access != Access.READ_ONLY;
        }

        boolean updateable() {
            return access == Access.READ_WRITE;
        }
    }

    record SObject(String name, String prefix, Map<String, Field> fields) {
        Optional<Field> field(String fieldName) {
            return Optional.ofNullable(fields.get(fieldName.toLowerCase(Locale.ROOT)));
        }

        Optional<Field> relationship(String relationshipName) {
            return fields.values().stream()
                    .filter(f -> f.relationship() != null && f.relationship().equalsIgnoreCase(relationshipName))
                    .findFirst();
        }

        List<Field> required() {
            return fields.values().stream().filter(Field::required).toList();
        }
    }

    static final String CONTACT = "003";
    static final String LEAD = "00Q";
    static final String ACCOUNT = "001";
    static final String CASE = "500";
    static final String OPPORTUNITY = "006";
    static final String USER = "005";
    static final String TASK = "00T";
    static final String ORG = "00D";

    private static final Map<String, SObject> BY_NAME = new LinkedHashMap<>();

    static {
        define("User", USER,
                id(), text("Username", "Username", 80, Access.READ_ONLY), name(),
                text("FirstName", "First Name", 40, Access.READ_ONLY), text("LastName", "Last Name", 80, Access.READ_ONLY),
                text("Phone", "Phone", 40, Access.READ_ONLY), text("MobilePhone", "Mobile", 40, Access.READ_ONLY),
                text("Email", "Email", 80, Access.READ_ONLY), text("Title", "Title", 80, Access.READ_ONLY),
                bool("IsActive"), created());
        define("Account", ACCOUNT,
                id(), required(text("Name", "Account Name", 255, Access.READ_WRITE)),
                text("Phone", "Account Phone", 40, Access.READ_WRITE), owner(), created());
        define("Contact", CONTACT,
                id(), name(), text("FirstName", "First Name", 40, Access.READ_WRITE),
                required(text("LastName", "Last Name", 80, Access.READ_WRITE)),
                text("Phone", "Business Phone", 40, Access.READ_WRITE), text("MobilePhone", "Mobile Phone", 40, Access.READ_WRITE),
                text("Email", "Email", 80, Access.READ_WRITE), text("Title", "Title", 128, Access.READ_WRITE),
                reference("AccountId", "Account ID", "Account", ACCOUNT), owner(), created());
        define("Lead", LEAD,
                id(), name(), text("FirstName", "First Name", 40, Access.READ_WRITE),
                required(text("LastName", "Last Name", 80, Access.READ_WRITE)),
                required(text("Company", "Company", 255, Access.READ_WRITE)),
                text("Phone", "Phone", 40, Access.READ_WRITE), text("MobilePhone", "Mobile Phone", 40, Access.READ_WRITE),
                text("Email", "Email", 80, Access.READ_WRITE), text("Title", "Title", 128, Access.READ_WRITE),
                picklist("Status", "Lead Status", "Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                        "Closed - Not Converted"),
                owner(), created());
        define("Case", CASE,
                id(), text("CaseNumber", "Case Number", 30, Access.READ_ONLY),
                required(text("Subject", "Subject", 255, Access.READ_WRITE)),
                text("Description", "Description", 32000, Access.READ_WRITE),
                picklist("Status", "Status", "New", "Working", "Escalated", "Closed"),
                picklist("Origin", "Case Origin", "Phone", "Email", "Web"),
                picklist("Priority", "Priority", "High", "Medium", "Low"),
                reference("ContactId", "Contact ID", "Contact", CONTACT),
                reference("AccountId", "Account ID", "Account", ACCOUNT),
                owner(), closed(), created());
        define("Opportunity", OPPORTUNITY,
                id(), required(text("Name", "Name", 120, Access.READ_WRITE)),
                text("Description", "Description", 32000, Access.READ_WRITE),
                required(picklist("StageName", "Stage", "Prospecting", "Qualification", "Needs Analysis",
                        "Value Proposition", "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
                        "Negotiation/Review", "Closed Won", "Closed Lost")),
                required(new Field("CloseDate", "Close Date", Kind.DATE, 0, Set.of(), Access.READ_WRITE, false, null)),
                reference("ContactId", "Contact ID", "Contact", CONTACT),
                reference("AccountId", "Account ID", "Account", ACCOUNT),
                owner(), closed(), created());
        define("Task", TASK,
                id(), required(text("Subject", "Subject", 255, Access.READ_WRITE)),
                text("Description", "Comments", 32000, Access.READ_WRITE),
                required(picklist("Status", "Status", "Not Started", "In Progress", "Completed", "Waiting on someone else",
                        "Deferred")),
                picklist("Priority", "Priority", "High", "Normal", "Low"),
                // only call tasks belong to this contract; Salesforce never lets the subtype change after insert
                required(new Field("TaskSubtype", "Task Subtype", Kind.PICKLIST, 40, Set.of("Call"), Access.CREATE_ONLY,
                        false, null)),
                picklist("CallType", "Call Type", "Inbound", "Outbound", "Internal"),
                new Field("CallDurationInSeconds", "Call Duration", Kind.INTEGER, 0, Set.of(), Access.READ_WRITE, false,
                        null),
                text("CallObject", "Call Object Identifier", 255, Access.READ_WRITE),
                text("CallDisposition", "Call Result", 255, Access.READ_WRITE),
                new Field("ActivityDate", "Due Date Only", Kind.DATE, 0, Set.of(), Access.READ_WRITE, false, null),
                reference("WhoId", "Name ID", "Who", CONTACT, LEAD),
                reference("WhatId", "Related To ID", "What", CASE, OPPORTUNITY, ACCOUNT),
                reference("OwnerId", "Assigned To ID", "Owner", USER),
                closed(), created());
    }

    private Schema() {
    }

    static Optional<SObject> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    static Optional<SObject> byPrefix(String prefix) {
        return BY_NAME.values().stream().filter(o -> o.prefix().equals(prefix)).findFirst();
    }

    private static void define(String name, String prefix, Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        Arrays.stream(fields).forEach(f -> byName.put(f.name().toLowerCase(Locale.ROOT), f));
        BY_NAME.put(name.toLowerCase(Locale.ROOT), new SObject(name, prefix, byName));
    }

    private static Field id() {
        return new Field("Id", "Record ID", Kind.ID, 18, Set.of(), Access.READ_ONLY, false, null);
    }

    private static Field name() {
        return new Field("Name", "Full Name", Kind.TEXT, 121, Set.of(), Access.READ_ONLY, false, null);
    }

    private static Field created() {
        return new Field("CreatedDate", "Created Date", Kind.DATETIME, 0, Set.of(), Access.READ_ONLY, false, null);
    }

    private static Field closed() {
        return new Field("IsClosed", "Closed", Kind.BOOLEAN, 0, Set.of(), Access.READ_ONLY, false, null);
    }

    private static Field bool(String fieldName) {
        return new Field(fieldName, fieldName, Kind.BOOLEAN, 0, Set.of(), Access.READ_ONLY, false, null);
    }

    private static Field owner() {
        return reference("OwnerId", "Owner ID", "Owner", USER);
    }

    private static Field text(String fieldName, String label, int maxLength, Access access) {
        return new Field(fieldName, label, Kind.TEXT, maxLength, Set.of(), access, false, null);
    }

    private static Field picklist(String fieldName, String label, String... values) {
        return new Field(fieldName, label, Kind.PICKLIST, 255, Set.of(values), Access.READ_WRITE, false, null);
    }

    private static Field reference(String fieldName, String label, String relationship, String... prefixes) {
        return new Field(fieldName, label, Kind.REFERENCE, 18, Set.of(prefixes), Access.READ_WRITE, false, relationship);
    }

    private static Field required(Field f) {
        return new Field(f.name(), f.label(), f.kind(), f.maxLength(), f.values(), f.access(), true, f.relationship());
    }
}
