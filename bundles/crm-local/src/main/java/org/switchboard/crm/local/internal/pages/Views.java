package org.switchboard.crm.local.internal.pages;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the record pages read, as JSON (Jackson writes these records field by field; times are ISO-8601
 * strings in UTC, absent values
 * are {@code null}). Every record the page can open carries its page's {@code url}.
 */
public final class Views {
    private Views() {
    }

    /** A link to another record: {@code type} is the page's path segment ({@code contact}, {@code case}...). */
    public record Link(String type, String id, String name, String url) {
        static Link to(String type, String id, String name) {
            return new Link(type, id, name, name == null ? null : Paths.page(type, id));
        }
    }

    public record Phone(String number, String kind) {}

    public record ContactSummary(String id, String name, String title, String email, Link account, List<Phone> phones,
            String url) {}

    public record CaseSummary(String id, String subject, String status, boolean closed, String createdAt, Link contact,
            String url) {}

    public record OpportunitySummary(String id, String name, String stage, boolean closed, BigDecimal amount,
            String createdAt, Link contact, String url) {}

    /** A call Task in a timeline: {@code who} is the contact, {@code what} the case or opportunity. */
    public record TaskSummary(String id, String subject, String callType, int durationSeconds, String disposition,
            String createdAt, Link who, Link what, String url) {}

    public record AccountSummary(String id, String name, int contacts, String url) {}

    public record Contact(String type, String id, String name, String firstName, String lastName, String title,
            String email, Link account, List<Phone> phones, List<CaseSummary> cases,
            List<OpportunitySummary> opportunities, List<TaskSummary> activities, String url) {}

    public record Account(String type, String id, String name, List<ContactSummary> contacts, List<CaseSummary> cases,
            List<OpportunitySummary> opportunities, String url) {}

    public record Case(String type, String id, String subject, String status, boolean closed, String description,
            String createdAt, Link contact, Link account, List<TaskSummary> activities, String url) {}

    public record Opportunity(String type, String id, String name, String stage, boolean closed, BigDecimal amount,
            String createdAt, Link contact, Link account, List<TaskSummary> activities, String url) {}

    public record Agent(String id, String name) {}

    /**
     * A recording on a call Task: {@code url} is its signed link as the Task carries it, {@code audio}
     * the same link for this page's player and download (a path on this server when the link points
     * at Switchboard's recordings, so the page's own origin serves it; {@code null} when it is no web
     * link at all); {@code id} is {@code null} when the link does not name the recording.
     */
    public record Recording(String id, String kind, long durationSeconds, String url, String audio) {}

    /**
     * A call Task. {@code callType} is Salesforce's spelling ({@code Inbound}), {@code direction}
     * Switchboard's ({@code INBOUND}); {@code notes} is the description without its recording links.
     */
    public record Task(String type, String id, String callId, String subject, String callType, String direction,
            int durationSeconds, String disposition, String createdAt, String updatedAt, String notes, Link who,
            Link what, Agent agent, List<Recording> recordings, String url) {}

    /** The home page: the latest call Tasks, and what a search found (both lists empty without a query). */
    public record Home(String type, String query, List<TaskSummary> recentTasks, List<ContactSummary> contacts,
            List<AccountSummary> accounts) {}

    /** Every error the JSON API answers: {@code {"error":"<code>","message":"..."}}. */
    public record Error(String error, String message) {}
}
