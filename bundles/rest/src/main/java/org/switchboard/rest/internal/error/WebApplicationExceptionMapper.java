package org.switchboard.rest.internal.error;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** Unknown paths, wrong methods and media types: the framework's errors, as JSON. */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        String message = original.getStatusInfo().getReasonPhrase();
        Response json = ErrorResponses.of(original.getStatusInfo(), ErrorResponses.codeFor(status), message);
        // keep Allow and similar headers the framework set
        Response.ResponseBuilder builder = Response.fromResponse(json);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }
}
