package org.switchboard.rest.internal.resource;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.switchboard.api.crm.CrmAgent;
import org.switchboard.api.crm.CrmConnector;
import org.switchboard.api.crm.CrmItem;
import org.switchboard.api.crm.CrmLink;
import org.switchboard.api.crm.CrmRef;
import org.switchboard.api.crm.NewCrmItem;
import org.switchboard.api.crm.Relation;
import org.switchboard.rest.internal.CrmAccess;
import org.switchboard.rest.internal.auth.AgentSecurityContext;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.resource.DirectoryResource.Items;

/**
 * The agent's CRM: which one answers and whether the agent is linked to their user in it
 * ("Connect Switchboard and Salesforce"), and the cases and opportunities a call can be assigned to
 * (SEED-FEATURES #1, #14).
 */
@Path("/crm")
@Produces(MediaType.APPLICATION_JSON)
public class CrmResource {
    private static final int MAX_SUBJECT = 255;
    private static final int MAX_DESCRIPTION = 32_000;

    public record Status(String connector, boolean available, LinkView link) {}

    public record LinkView(boolean required, boolean linked, String crmUserName) {
        static LinkView of(CrmLink link) {
            return new LinkView(link.required(), link.linked(), link.crmUserName().orElse(null));
        }
    }

    public record Connect(String url) {}

    public record ItemView(String id, String relation, String subject, String status, String contactId, String url) {}

    public record NewItem(String relation, String contactId, String subject, String description) {}

    private final CrmAccess crm;

    public CrmResource(CrmAccess crm) {
        this.crm = crm;
    }

    @GET
    public Status status(@Context SecurityContext security) {
        Optional<CrmConnector> connector = crm.preferred();
        if (connector.isEmpty()) {
            return new Status(null, false, new LinkView(false, false, null));
        }
        CrmLink link = connector.get().link(agent(security));
        return new Status(connector.get().name(), true, LinkView.of(link));
    }

    /** Where the agent's browser goes to link their CRM user; 409 for a CRM that needs no link. */
    @POST
    @Path("/connect")
    public Connect connect(@Context SecurityContext security) {
        URI url = crm.connector().beginLink(agent(security)).orElseThrow(() -> new ApiException(
                Response.Status.CONFLICT, "not_required", "this CRM needs no connection: its users are the agents"));
        return new Connect(url.toString());
    }

    @GET
    @Path("/contacts/{contactId}/items")
    public Items<ItemView> openItems(@Context SecurityContext security, @PathParam("contactId") String contactId,
            @QueryParam("relation") String relation) {
        CrmConnector connector = crm.connector();
        return new Items<>(connector.openItems(agent(security), requireId(contactId), relation(relation)).stream()
                .map(item -> view(connector, item)).toList());
    }

    @POST
    @Path("/items")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createItem(@Context SecurityContext security, NewItem request) {
        if (request == null) {
            throw ApiException.badRequest("relation, contactId and subject are required");
        }
        String subject = request.subject() == null ? "" : request.subject().strip();
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT) {
            throw ApiException.badRequest("subject must be 1 to " + MAX_SUBJECT + " characters");
        }
        String description = request.description() == null ? "" : request.description();
        if (description.length() > MAX_DESCRIPTION) {
            throw ApiException.badRequest("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        CrmConnector connector = crm.connector();
        CrmItem created = connector.createItem(agent(security),
                new NewCrmItem(relation(request.relation()), requireId(request.contactId()), subject, description));
        return Response.status(Response.Status.CREATED).entity(view(connector, created)).build();
    }

    private static ItemView view(CrmConnector connector, CrmItem item) {
        String url = CrmAccess.url(connector, new CrmRef(connector.name(), item.relation().object().apiName(), item.id()))
                .orElse(null);
        return new ItemView(item.id(), item.relation().name(), item.subject(), item.status(), item.contactId(), url);
    }

    private static CrmAgent agent(SecurityContext security) {
        return CrmAccess.agent(AgentSecurityContext.caller(security).agent());
    }

    private static Relation relation(String relation) {
        if (relation == null) {
            throw ApiException.badRequest("relation is required: CASE or OPPORTUNITY");
        }
        try {
            return Relation.valueOf(relation.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("relation must be CASE or OPPORTUNITY");
        }
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank() || id.length() > 255) {
            throw ApiException.badRequest("contactId is required");
        }
        return id.strip();
    }
}
