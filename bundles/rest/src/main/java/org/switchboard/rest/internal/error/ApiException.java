package org.switchboard.rest.internal.error;

import javax.ws.rs.core.Response;

/** A failure a resource reports on purpose, with its HTTP status and error code. */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Response.StatusType status;
    private final String code;

    public ApiException(Response.StatusType status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public Response.StatusType status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Response.Status.BAD_REQUEST, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Response.Status.NOT_FOUND, "not_found", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Response.Status.FORBIDDEN, "forbidden", message);
    }

    public static ApiException crmUnavailable(String message) {
        return new ApiException(Response.Status.SERVICE_UNAVAILABLE, "crm_unavailable", message);
    }
}
