package org.switchboard.crm.salesforce.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.Optional;
import org.switchboard.api.call.CallDirection;
import org.switchboard.api.calllog.CallLog;
import org.switchboard.api.calllog.RecordingLink;
import org.switchboard.api.crm.CrmObject;
import org.switchboard.api.crm.CrmRejectedException;

/**
 * A call log as the fields of a Salesforce Task ({@code TaskSubtype=Call}). A contact or item id
 * that is no Salesforce id at all came from another CRM's match and is left out; a Salesforce id
 * of the wrong kind is refused for good.
 */
final class CallTask {
    /** Salesforce's limit for a Task's Description (a Long Text Area of 32,000 characters). */
    static final int MAX_DESCRIPTION = 32_000;

    private CallTask() {}

    /** Every field, for {@code POST sobjects/Task}. */
    static ObjectNode forInsert(CallLog log, Optional<String> ownerId, ZoneId zone) {
        ObjectNode task = forUpdate(log, ownerId, zone);
        task.put("TaskSubtype", "Call");
        task.put("CallObject", log.id().toString());
        return task;
    }

    /** What may have changed since the Task was made (TaskSubtype cannot be updated; CallObject is the key). */
    static ObjectNode forUpdate(CallLog log, Optional<String> ownerId, ZoneId zone) {
        ObjectNode task = Json.object();
        task.put("Subject", subject(log));
        task.put("Description", description(log));
        task.put("Status", "Completed");
        task.put("Priority", "Normal");
        task.put("CallType", callType(log.direction()));
        task.put("CallDurationInSeconds", Math.toIntExact(Math.min(Integer.MAX_VALUE, log.talkTime().toSeconds())));
        task.put("CallDisposition", log.disposition().name());
        task.put("ActivityDate", log.startedAt().atZone(zone).toLocalDate().toString());
        who(log).ifPresent(id -> task.put("WhoId", id));
        what(log).ifPresent(id -> task.put("WhatId", id));
        ownerId.ifPresent(id -> task.put("OwnerId", id));
        return task;
    }

    /**
     * The agent's notes, a blank line, then one line per playable recording ("Voicemail (0:42): url").
     * Made from the log alone, so delivering it again writes the same text: an amend neither loses nor
     * repeats the notes. When both do not fit Salesforce's limit the notes are cut, never a link.
     */
    static String description(CallLog log) {
        return RecordingLink.taskComment(log.notes(), log.recordings(), MAX_DESCRIPTION);
    }

    static String subject(CallLog log) {
        if (!log.subject().isBlank()) {
            return log.subject();
        }
        String otherParty = log.direction() == CallDirection.INBOUND ? log.from() : log.to();
        return "Call " + callType(log.direction()) + " " + otherParty;
    }

    static String callType(CallDirection direction) {
        return switch (direction) {
            case INBOUND -> "Inbound";
            case OUTBOUND -> "Outbound";
            case INTERNAL -> "Internal";
        };
    }

    private static Optional<String> who(CallLog log) {
        return log.contactId().filter(SalesforceIds::isId).map(id -> {
            if (SalesforceIds.kindOf(id).filter(CrmObject::isPerson).isEmpty()) {
                throw new CrmRejectedException("call " + log.id() + ": contact " + id + " is not a Salesforce Contact or Lead");
            }
            return id;
        });
    }

    private static Optional<String> what(CallLog log) {
        return log.relatedItemId().filter(SalesforceIds::isId).map(id -> {
            Optional<CrmObject> kind = SalesforceIds.kindOf(id);
            if (kind.isEmpty() || !(kind.get() == CrmObject.CASE || kind.get() == CrmObject.OPPORTUNITY
                    || kind.get() == CrmObject.ACCOUNT)) {
                throw new CrmRejectedException("call " + log.id() + ": related item " + id
                        + " is not a Salesforce Case, Opportunity or Account");
            }
            return id;
        });
    }
}
