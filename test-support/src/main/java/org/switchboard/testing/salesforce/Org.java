package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.switchboard.testing.salesforce.Schema.Field;
import org.switchboard.testing.salesforce.Schema.Kind;
import org.switchboard.testing.salesforce.Schema.SObject;

/** The emulated org's records. One lock: the emulator serves requests in parallel, and Salesforce's DML is atomic. */
final class Org {
    /** Salesforce's REST date-time format: UTC, milliseconds, offset without a colon. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    /** A stored record; {@code sequence} orders records created in the same millisecond. */
    record StoredRecord(SObject type, String id, long sequence, Map<String, Object> fields) {
        Object get(String fieldName) {
            return fields.get(fieldName);
        }
    }

    private final Clock clock;
    private final Map<String, StoredRecord> byId = new LinkedHashMap<>();
    private final String orgId;
    private long sequence = 7_000_000;
    private int caseNumber = 1000;

    Org(Clock clock) {
        this.clock = clock;
        this.orgId = SalesforceIds.make(Schema.ORG, 42);
    }

    String orgId() {
        return orgId;
    }

    /** A record made by the test itself: no field rules beyond what the test helpers pass. */
    synchronized String seed(String sobject, Map<String, Object> fields) {
        SObject type = Schema.byName(sobject).orElseThrow();
        Map<String, Object> values = new LinkedHashMap<>(fields);
        if (type.field("OwnerId").isPresent() && values.get("OwnerId") == null) {
            // every Salesforce record has an owner: the org's first user stands in for whoever created it
            firstActiveUser().ifPresent(owner -> values.put("OwnerId", owner));
        }
        return store(type, values).id();
    }

    /** POST sobjects/Type: the id of the new record, or an {@link ApiError} as Salesforce would refuse it. */
    synchronized String insert(SObject type, JsonNode body, String sessionUserId) {
        if (type.prefix().equals(Schema.USER)) {
            throw ApiError.badRequest("INVALID_TYPE", "sObject type 'User' is not creatable through this emulator");
        }
        Map<String, Object> values = FieldValues.read(type, body, true);
        if (type.field("OwnerId").isPresent() && values.get("OwnerId") == null) {
            values.put("OwnerId", sessionUserId);
        }
        defaults(type, values);
        checkRecord(type, values);
        return store(type, values).id();
    }

    /** PATCH sobjects/Type/id. */
    synchronized void update(SObject type, String id, JsonNode body) {
        StoredRecord current = stored(type, id);
        Map<String, Object> changes = FieldValues.read(type, body, false);
        Map<String, Object> merged = new LinkedHashMap<>(current.fields());
        changes.forEach((name, value) -> merged.put(name, normalizeReference(type, name, value)));
        checkRecord(type, merged);
        derive(type, merged);
        current.fields().clear();
        current.fields().putAll(merged);
    }

    synchronized void delete(SObject type, String id) {
        byId.remove(stored(type, id).id());
    }

    /** The record of that kind with that id (15 or 18 characters); 404 NOT_FOUND as Salesforce answers otherwise. */
    synchronized StoredRecord find(SObject type, String id) {
        return copy(stored(type, id));
    }

    private StoredRecord stored(SObject type, String id) {
        String id18 = SalesforceIds.normalize(id)
                .filter(i -> SalesforceIds.prefix(i).equals(type.prefix()))
                .orElseThrow(() -> ApiError.notFound());
        StoredRecord found = byId.get(id18);
        if (found == null) {
            throw ApiError.notFound();
        }
        return found;
    }

    synchronized Optional<StoredRecord> byId(String id18) {
        return Optional.ofNullable(byId.get(id18)).map(Org::copy);
    }

    /** Snapshot of every record of a kind, oldest first. */
    synchronized List<StoredRecord> all(SObject type) {
        return byId.values().stream().filter(r -> r.type().equals(type)).map(Org::copy)
                .sorted(Comparator.comparingLong(StoredRecord::sequence)).toList();
    }

    private Optional<String> firstActiveUser() {
        return byId.values().stream()
                .filter(r -> r.type().prefix().equals(Schema.USER) && Boolean.TRUE.equals(r.get("IsActive")))
                .map(StoredRecord::id).findFirst();
    }

    synchronized Optional<StoredRecord> userByUsername(String username) {
        return byId.values().stream()
                .filter(r -> r.type().prefix().equals(Schema.USER) && username.equalsIgnoreCase((String) r.get("Username")))
                .findFirst().map(Org::copy);
    }

    /** Sets fields without any rule (test helpers: close a case, deactivate a user). */
    synchronized void force(String id, Map<String, Object> fields) {
        StoredRecord found = Optional.ofNullable(SalesforceIds.normalize(id).map(byId::get).orElse(null))
                .orElseThrow(() -> new IllegalArgumentException("no record " + id));
        found.fields().putAll(fields);
        derive(found.type(), found.fields());
    }

    private StoredRecord store(SObject type, Map<String, Object> values) {
        String id = SalesforceIds.make(type.prefix(), ++sequence);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Id", id);
        values.forEach((name, value) -> fields.put(name, normalizeReference(type, name, value)));
        if (type.prefix().equals(Schema.CASE)) {
            fields.put("CaseNumber", String.format("%08d", ++caseNumber));
        }
        fields.put("CreatedDate", DATE_TIME.format(clock.instant()));
        derive(type, fields);
        StoredRecord record = new StoredRecord(type, id, sequence, fields);
        byId.put(id, record);
        return record;
    }

    private static void defaults(SObject type, Map<String, Object> values) {
        switch (type.prefix()) {
            case Schema.CASE -> values.putIfAbsent("Status", "New");
            case Schema.TASK -> values.putIfAbsent("Priority", "Normal");
            case Schema.LEAD -> values.putIfAbsent("Status", "Open - Not Contacted");
            default -> {
            }
        }
    }

    /** Required fields, then references: they must exist, owners must be active, a lead takes no "related to". */
    private void checkRecord(SObject type, Map<String, Object> values) {
        List<String> missing = type.required().stream().map(Field::name).filter(n -> values.get(n) == null).toList();
        if (!missing.isEmpty()) {
            throw ApiError.onFields("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
        }
        for (Field field : type.fields().values()) {
            Object value = values.get(field.name());
            if (field.kind() != Kind.REFERENCE || value == null) {
                continue;
            }
            String id = SalesforceIds.normalize((String) value).orElseThrow();
            StoredRecord target = byId.get(id);
            if (target == null) {
                throw ApiError.onFields("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of(field.name()));
            }
            if (target.type().prefix().equals(Schema.USER) && !Boolean.TRUE.equals(target.get("IsActive"))) {
                throw ApiError.onFields("INACTIVE_OWNER_OR_USER", "operation performed with inactive user [" + id
                        + "] as owner of " + type.name().toLowerCase(java.util.Locale.ROOT), List.of(field.name()));
            }
        }
        Object who = values.get("WhoId");
        if (who != null && values.get("WhatId") != null && ((String) who).startsWith(Schema.LEAD)) {
            throw ApiError.onFields("FIELD_INTEGRITY_EXCEPTION",
                    "Related To ID: You can't associate a task with a lead and a related record at the same time.",
                    List.of("WhatId"));
        }
    }

    private static Object normalizeReference(SObject type, String name, Object value) {
        boolean reference = type.field(name).map(f -> f.kind() == Kind.REFERENCE).orElse(false);
        return reference && value != null ? SalesforceIds.normalize((String) value).orElse((String) value) : value;
    }

    /** Fields Salesforce computes: a person's Name, and IsClosed from the status or stage. */
    private static void derive(SObject type, Map<String, Object> fields) {
        if (type.field("FirstName").isPresent()) {
            String name = (Objects.toString(fields.get("FirstName"), "") + " "
                    + Objects.toString(fields.get("LastName"), "")).trim();
            fields.put("Name", name);
        }
        switch (type.prefix()) {
            case Schema.TASK -> fields.put("IsClosed", "Completed".equals(fields.get("Status")));
            case Schema.CASE -> fields.put("IsClosed", "Closed".equals(fields.get("Status")));
            case Schema.OPPORTUNITY -> fields.put("IsClosed",
                    Objects.toString(fields.get("StageName"), "").startsWith("Closed"));
            default -> {
            }
        }
    }

    private static StoredRecord copy(StoredRecord r) {
        return new StoredRecord(r.type(), r.id(), r.sequence(), new LinkedHashMap<>(r.fields()));
    }

    /** For tests: every record of a kind as plain maps, oldest first. */
    synchronized List<Map<String, Object>> fieldsOf(SObject type) {
        List<Map<String, Object>> out = new ArrayList<>();
        all(type).forEach(r -> out.add(r.fields()));
        return out;
    }
}
