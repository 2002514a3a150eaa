package org.switchboard.rest.internal.error;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Builds the JSON error answers shared by the exception mappers and the auth filter. */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static Response of(Response.StatusType status, String code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(code, message))
                .build();
    }

    /** A stable error code for a plain HTTP status, e.g. 405 → method_not_allowed. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "error";
        };
    }
}
