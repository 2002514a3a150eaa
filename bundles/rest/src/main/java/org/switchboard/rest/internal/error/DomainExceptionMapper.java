package org.switchboard.rest.internal.error;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.switchboard.api.agent.DuplicateAgentException;
import org.switchboard.api.call.CallNotFoundException;
import org.switchboard.api.call.CallerIdNotAllowedException;
import org.switchboard.api.call.IllegalCallStateException;
import org.switchboard.api.crm.CrmNotLinkedException;
import org.switchboard.api.crm.CrmRejectedException;
import org.switchboard.api.crm.CrmUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exceptions from the services behind the API, mapped to statuses; anything unexpected is a
 * 500 with no detail for the client and one log line for the admin.
 */
public class DomainExceptionMapper implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = LoggerFactory.getLogger(DomainExceptionMapper.class);
    private static final Response.StatusType UNPROCESSABLE = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Entity";
        }
    };

    @Override
    public Response toResponse(RuntimeException e) {
        if (e instanceof CallerIdNotAllowedException) {
            return ErrorResponses.of(Response.Status.FORBIDDEN, "forbidden", e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return ErrorResponses.of(Response.Status.BAD_REQUEST, "bad_request", e.getMessage());
        }
        if (e instanceof CallNotFoundException || e instanceof java.util.NoSuchElementException) {
            return ErrorResponses.of(Response.Status.NOT_FOUND, "not_found", e.getMessage());
        }
        if (e instanceof IllegalCallStateException || e instanceof DuplicateAgentException) {
            return ErrorResponses.of(Response.Status.CONFLICT, "conflict", e.getMessage());
        }
        if (e instanceof CrmNotLinkedException) {
            return ErrorResponses.of(Response.Status.CONFLICT, "crm_not_linked", e.getMessage());
        }
        if (e instanceof CrmRejectedException) {
            // 422: the request was understood, the CRM refused its content (its message says why)
            return ErrorResponses.of(UNPROCESSABLE, "crm_rejected", e.getMessage());
        }
        if (e instanceof CrmUnavailableException) {
            return ErrorResponses.of(Response.Status.SERVICE_UNAVAILABLE, "crm_unavailable", e.getMessage());
        }
        LOG.error("REST request failed: {}", e.toString(), e);
        return ErrorResponses.of(Response.Status.INTERNAL_SERVER_ERROR, "internal", "internal error");
    }
}
