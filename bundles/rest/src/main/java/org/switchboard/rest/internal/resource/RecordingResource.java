package org.switchboard.rest.internal.resource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.agent.Agent;
import org.switchboard.api.recording.Recording;
import org.switchboard.api.recording.RecordingKind;
import org.switchboard.api.recording.RecordingQuery;
import org.switchboard.api.recording.RecordingService;
import org.switchboard.api.recording.RecordingStatus;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.auth.SignedLink;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.recording.AudioResponses;
import org.switchboard.rest.internal.recording.RecordingAccess;
import org.switchboard.rest.internal.recording.RecordingEvents;
import org.switchboard.rest.internal.resource.DirectoryResource.Items;
import org.switchboard.rest.internal.view.RecordingView;

/**
 * The recordings inbox ("Recorded calls", "Voicemail"): list and filter, play with range requests
 * (also through a signed link, for {@code <audio src>}), download, mark heard, delete by role.
 */
@Path("/recordings")
@Produces(MediaType.APPLICATION_JSON)
public class RecordingResource {
    /** How long the links in a listing play: long enough for a session at the inbox. */
    static final Duration PLAYER_LINK = Duration.ofHours(1);
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    public record Heard(Boolean heard) {}

    private final RecordingAccess access;
    private final RecordingEvents events;

    public RecordingResource(RecordingAccess access, RecordingEvents events) {
        this.access = access;
        this.events = events;
    }

    /**
     * Newest first. {@code since} (inclusive) and {@code until} (exclusive) take an instant
     * ({@code 2026-12-05T10:00:00Z}) or a date ({@code 2026-12-05}, midnight UTC); {@code callId}
     * lists one call's recordings (the post-call player).
     */
    @GET
    public Items<RecordingView> list(
            @Context SecurityContext security,
            @QueryParam("kind") String kind,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("unheard") String unheard,
            @QueryParam("callId") String callId,
            @QueryParam("limit") String limit) {
        Agent me = AgentSecurityContext.caller(security).agent();
        Optional<RecordingKind> kindFilter = kind(kind);
        Optional<Instant> from = instant("since", since);
        Optional<Instant> to = instant("until", until);
        boolean unheardOnly = flag("unheard", unheard);
        int max = limit(limit);
        List<Recording> found;
        if (callId != null && !callId.isBlank()) {
            UUID call = uuid("callId", callId);
            Predicate<Recording> wanted = r -> access.visible(me, r)
                    && kindFilter.map(k -> r.kind() == k).orElse(true)
                    && from.map(f -> !r.startedAt().isBefore(f)).orElse(true)
                    && to.map(t -> r.startedAt().isBefore(t)).orElse(true)
                    && !(unheardOnly && r.heard());
            found = access.repository().forCall(call).stream().filter(wanted)
                    .sorted(Comparator.comparing(Recording::startedAt).reversed()).limit(max).toList();
        } else {
            found = access.repository().list(new RecordingQuery(kindFilter, access.audience(me), from, to, unheardOnly, max));
        }
        Optional<RecordingService> service = access.running();
        return new Items<>(found.stream().map(r -> view(r, service)).toList());
    }

    @GET
    @Path("/{id}")
    public RecordingView get(@Context SecurityContext security, @PathParam("id") String id) {
        Recording recording = access.visible(AgentSecurityContext.caller(security).agent(), id);
        return view(recording, access.running());
    }

    /**
     * The MP3, whole or one byte range. With a session the caller must be allowed to see the
     * recording; without one, {@code expires} and {@code sig} must be a valid link (403
     * {@code link_invalid} otherwise). Playing marks nothing heard: the inbox does that on purpose.
     */
    @GET
    @Path("/{id}/audio")
    @SignedLink
    @Produces({AudioResponses.MP3, MediaType.APPLICATION_JSON})
    public Response audio(
            @Context SecurityContext security,
            @PathParam("id") String id,
            @QueryParam(SignedLink.EXPIRES) String expires,
            @QueryParam(SignedLink.SIGNATURE) String signature,
            @QueryParam("download") String download,
            @HeaderParam("Range") String range) {
        Recording recording;
        if (signature != null) {
            UUID recordingId = signedId(id, expires, signature);
            recording = access.repository().find(recordingId)
                    .orElseThrow(() -> ApiException.notFound("no recording " + id));
        } else {
            recording = access.visible(AgentSecurityContext.caller(security).agent(), id);
        }
        if (recording.status() != RecordingStatus.READY || recording.playablePath().isEmpty()) {
            String why = recording.status() == RecordingStatus.FAILED
                    ? " could not be encoded (sb:recordings process retries it)"
                    : " is not playable yet (" + recording.status().name().toLowerCase(Locale.ROOT) + ")";
            throw new ApiException(Response.Status.CONFLICT, "not_ready", "recording " + id + why);
        }
        return AudioResponses.of(recording, java.nio.file.Path.of(recording.playablePath().get()), range, "1".equals(download)
                || "true".equalsIgnoreCase(download));
    }

    /** Marks a recording heard or unheard; phones' message-waiting lights follow. */
    @PUT
    @Path("/{id}/heard")
    @Consumes(MediaType.APPLICATION_JSON)
    public RecordingView heard(@Context SecurityContext security, @PathParam("id") String id, Heard heard) {
        if (heard == null || heard.heard() == null) {
            throw ApiException.badRequest("heard is required: {\"heard\": true} or {\"heard\": false}");
        }
        Recording recording = access.visible(AgentSecurityContext.caller(security).agent(), id);
        if (!access.repository().markHeard(recording.id(), heard.heard())) {
            throw ApiException.notFound("no recording " + id);
        }
        events.heardChanged(recording, heard.heard());
        Recording updated = access.repository().find(recording.id()).orElseThrow(() -> ApiException.notFound("no recording " + id));
        return view(updated, access.running());
    }

    /** Supervisors delete anything; an agent only voicemail of their own box or their groups'. */
    @DELETE
    @Path("/{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        Agent me = AgentSecurityContext.caller(security).agent();
        Recording recording = access.visible(me, id);
        if (!access.mayDelete(me, recording)) {
            throw ApiException.forbidden("only supervisors delete call recordings; agents delete their voicemail");
        }
        if (!access.service().delete(recording.id())) {
            throw ApiException.notFound("no recording " + id);
        }
        return Response.noContent().build();
    }

    private UUID signedId(String id, String expires, String signature) {
        UUID recordingId;
        long until;
        try {
            recordingId = UUID.fromString(id);
            until = Long.parseLong(expires == null ? "" : expires.trim());
        } catch (IllegalArgumentException e) {
            throw linkInvalid();
        }
        if (!access.service().verify(recordingId, until, signature)) {
            throw linkInvalid();
        }
        return recordingId;
    }

    private static ApiException linkInvalid() {
        return new ApiException(Response.Status.FORBIDDEN, "link_invalid",
                "this recording link is invalid or has expired; open the recording from the inbox again");
    }

    private static RecordingView view(Recording recording, Optional<RecordingService> service) {
        Optional<URI> link = recording.status() == RecordingStatus.READY
                ? service.map(s -> s.link(recording.id(), PLAYER_LINK)) : Optional.empty();
        return RecordingView.of(recording, link);
    }

    private static Optional<RecordingKind> kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return Optional.empty();
        }
        return switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "call" -> Optional.of(RecordingKind.CALL);
            case "voicemail" -> Optional.of(RecordingKind.VOICEMAIL);
            default -> throw ApiException.badRequest("kind must be call or voicemail");
        };
    }

    static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            return Optional.of(v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant (2026-12-05T10:00:00Z) or date (2026-12-05)");
        }
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false");
        };
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw ApiException.badRequest("limit must be a number from 1 to " + MAX_LIMIT);
    }

    private static UUID uuid(String name, String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " must be a call id");
        }
    }
}
