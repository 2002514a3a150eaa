package org.switchboard.rest.internal.resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.recording.RecordingStorage;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.recording.RecordingAccess;

/**
 * The agent's own voicemail greeting: a WAV the recording bundle converts to 8 kHz mono; without
 * one, callers hear the default spoken prompt.
 */
@Path("/agents/me/greeting")
@Produces(MediaType.APPLICATION_JSON)
public class GreetingResource {
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final String WAV = "audio/wav";
    static final String X_WAV = "audio/x-wav";

    private static final Response.StatusType PAYLOAD_TOO_LARGE = Response.Status.REQUEST_ENTITY_TOO_LARGE;

    private final RecordingAccess access;

    public GreetingResource(RecordingAccess access) {
        this.access = access;
    }

    /** Stores the body (a PCM WAV, at most 5 MB and 60 s) as the greeting: 204; 400 {@code invalid_audio} otherwise. */
    @PUT
    @Consumes({WAV, X_WAV})
    public Response save(@Context SecurityContext security, @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length,
            InputStream body) {
        UUID me = AgentSecurityContext.caller(security).agent().id();
        if (length != null && length.trim().matches("\\d{1,18}") && Long.parseLong(length.trim()) > MAX_BYTES) {
            throw tooLarge(); // said up front: no need to read it
        }
        byte[] wav = read(body);
        if (wav.length == 0) {
            throw invalidAudio("the body is empty: send the greeting as a WAV file");
        }
        try {
            access.service().saveGreeting(me, wav);
        } catch (IllegalArgumentException e) {
            throw invalidAudio(e.getMessage());
        }
        return Response.noContent().build();
    }

    /** The greeting callers hear, as stored (8 kHz mono WAV); 404 when the agent uses the default. */
    @GET
    @Produces({WAV, MediaType.APPLICATION_JSON})
    public Response get(@Context SecurityContext security) {
        java.nio.file.Path file = RecordingStorage.greeting(AgentSecurityContext.caller(security).agent().id());
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("you have no greeting of your own: callers hear the default one");
        }
        return Response.ok((javax.ws.rs.core.StreamingOutput) out -> Files.copy(file, out), WAV).build();
    }

    /** Back to the default greeting. */
    @DELETE
    public Response remove(@Context SecurityContext security) {
        access.service().removeGreeting(AgentSecurityContext.caller(security).agent().id());
        return Response.noContent().build();
    }

    private static byte[] read(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = body.read(buffer)) > 0) {
                if (out.size() + n > MAX_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw ApiException.badRequest("the greeting upload broke off");
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge() {
        return new ApiException(PAYLOAD_TOO_LARGE, "payload_too_large", "a greeting may be at most 5 MB");
    }

    private static ApiException invalidAudio(String why) {
        return new ApiException(Response.Status.BAD_REQUEST, "invalid_audio", why);
    }
}
