package org.switchboard.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A refusal in Salesforce's own shape: the REST API's JSON array, or OAuth's {"error","error_description"}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient Reply reply;

    private ApiError(String message, Reply reply) {
        super(message, null, false, false);
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }

    /** {@code [{"message","errorCode"}]} as the REST API sends for session, routing and query errors. */
    static ApiError of(int status, String errorCode, String message) {
        return build(status, errorCode, message, null);
    }

    /** {@code [{"message","errorCode","fields":[..]}]} as the REST API sends for record (DML) errors. */
    static ApiError onFields(String errorCode, String message, List<String> fields) {
        return build(400, errorCode, message, fields);
    }

    static ApiError badRequest(String errorCode, String message) {
        return of(400, errorCode, message);
    }

    static ApiError notFound() {
        return of(404, "NOT_FOUND", "The requested resource does not exist");
    }

    static ApiError oauth(String error, String description) {
        ObjectNode body = JSON.createObjectNode().put("error", error).put("error_description", description);
        return new ApiError(error + ": " + description, Reply.json(400, body.toString()));
    }

    private static ApiError build(int status, String errorCode, String message, List<String> fields) {
        ObjectNode error = JSON.createObjectNode().put("message", message).put("errorCode", errorCode);
        if (fields != null) {
            ArrayNode names = error.putArray("fields");
            fields.forEach(names::add);
        }
        ArrayNode body = JSON.createArrayNode().add(error);
        return new ApiError(errorCode + ": " + message, Reply.json(status, body.toString()));
    }
}
