package org.switchboard.sip.internal;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.TransactionExt;
import gov.nist.javax.sip.message.MessageExt;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UnsupportedHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's listener: checks what every request must pass (Max-Forwards, loops, required
 * extensions), then hands it to the handler of its method on a worker thread, or answers 501. Responses
 * to our own requests go to the {@link ResponseListener} of their client transaction.
 */
final class RequestRouter implements SipListenerExt {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    /** Option tags a request may require: session timers (RFC 4028). */
    private static final java.util.Set<String> SUPPORTED = java.util.Set.of("timer");

    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final Executor workers;
    private final Admission admission;
    private final RecentVerdicts verdicts;
    private final TrunkRegistry trunks;
    private final Supplier<SipEndpoint> endpoint;
    private volatile Consumer<ResponseEvent> strayResponses = event -> { };
    private volatile Consumer<Dialog> ackTimeouts = dialog -> { };

    /**
     * @param workers run every handler, response and timeout; must never refuse work while running
     * @param admission decides on new requests before the stack spends a transaction on them
     * @param verdicts admission's verdicts per INVITE branch, shared with {@link EarlyRefusal}
     */
    RequestRouter(Collection<RequestHandler> handlers, Executor workers, Admission admission, RecentVerdicts verdicts,
            TrunkRegistry trunks, Supplier<SipEndpoint> endpoint) {
        handlers.forEach(handler -> this.handlers.put(handler.method(), handler));
        this.workers = workers;
        this.admission = admission;
        this.verdicts = verdicts;
        this.trunks = trunks;
        this.endpoint = endpoint;
    }

    /** The methods for {@code Allow}, in a stable order. */
    List<String> allowedMethods() {
        return handlers.values().stream().filter(RequestHandler::allowed).map(RequestHandler::method).sorted().toList();
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        SipEndpoint sip = endpoint.get();
        Optional<InetSocketAddress> source = Sources.of(request);
        if (sip == null || source.isEmpty()) {
            return;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (Request.ACK.equals(method)) {
            if (event.getDialog() == null) {
                return; // acknowledges a final non-2xx response: nothing to do
            }
            // never answered; only the B2BUA has ACKs to absorb
            Optional.ofNullable(handlers.get(Request.ACK)).ifPresent(handler -> dispatch(handler,
                    new IncomingRequest(request, null, source.get(), transportOf(request, null), trunkOf(source.get()),
                            sip).inDialog(event.getDialog())));
            return;
        }
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            if (!admitted(event, request, method, source.get(), sip)) {
                return;
            }
            try {
                transaction = ((SipProvider) event.getSource()).getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission the stack will answer from the transaction
            } catch (TransactionUnavailableException e) {
                // jain-sip refuses requests that lack what their method needs (an INVITE without Contact)
                rejectStatelessly((SipProvider) event.getSource(), request, sip, e.getMessage());
                return;
            }
        }
        IncomingRequest incoming = new IncomingRequest(request, transaction, source.get(),
                transportOf(request, transaction), trunkOf(source.get()), sip)
                .inDialog(event.getDialog() != null ? event.getDialog() : transaction.getDialog());
        if (!passesChecks(incoming, sip)) {
            return;
        }
        RequestHandler handler = handlers.get(method);
        if (handler == null) {
            incoming.respond(Response.NOT_IMPLEMENTED);
            return;
        }
        dispatch(handler, incoming);
    }

    /**
     * New work only (no To tag: not inside a dialog; CANCEL, BYE and PRACK always belong to something
     * already taken on): asks admission, and refuses statelessly, before the stack keeps a transaction.
     */
    private boolean admitted(RequestEvent event, Request request, String method, InetSocketAddress source,
            SipEndpoint sip) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (to == null || to.getTag() != null || Request.CANCEL.equals(method)
                || Request.BYE.equals(method) || Request.PRACK.equals(method)) {
            return true;
        }
        boolean fromTrunk = trunkOf(source).isPresent();
        Supplier<Admission.Verdict> decide = () -> Request.INVITE.equals(method)
                ? admission.newCall(source.getAddress(), fromTrunk, request.getHeader(ProxyAuthorizationHeader.NAME) != null
                        || request.getHeader(AuthorizationHeader.NAME) != null)
                : admission.newRequest(fromTrunk);
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        Admission.Verdict verdict = via == null || via.getBranch() == null ? decide.get()
                : verdicts.verdict(via.getBranch(), decide);
        if (verdict == Admission.Verdict.REFUSE && !alreadyTakenOn((SipProvider) event.getSource(), request)) {
            refuseStatelessly((SipProvider) event.getSource(), request, sip);
        }
        return verdict == Admission.Verdict.ADMIT;
    }

    /**
     * A retransmission of a request admitted a moment ago (under load the stack may hand both to us):
     * its transaction answers it; a 503 would end a call we are setting up.
     */
    private static boolean alreadyTakenOn(SipProvider provider, Request request) {
        return provider.getSipStack() instanceof SIPTransactionStack stack && request instanceof SIPRequest sip
                && stack.findTransaction(sip, true) != null;
    }

    /** 503 with Retry-After and a To tag (RFC 3261 §8.2.6.2), with no transaction: a retransmission gets another. */
    private void refuseStatelessly(SipProvider provider, Request request, SipEndpoint sip) {
        try {
            Response response = sip.messages.createResponse(Response.SERVICE_UNAVAILABLE, request);
            response.setReasonPhrase("Service Unavailable (overloaded)");
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(EarlyRefusal.newTag()); // its ACK is dropped unparsed
            response.addHeader(sip.headers.createRetryAfterHeader(admission.retryAfterSeconds()));
            provider.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("sip: could not refuse {}: {}", request.getMethod(), e.getMessage());
        }
    }

    private static void rejectStatelessly(SipProvider provider, Request request, SipEndpoint sip, String reason) {
        try {
            Response response = sip.messages.createResponse(Response.BAD_REQUEST, request);
            response.setReasonPhrase("Bad Request (" + LogText.oneLine(reason) + ")");
            provider.sendResponse(response);
        } catch (Exception e) {
            LOG.debug("sip: could not reject {}: {}", request.getMethod(), e.getMessage());
        }
    }

    /** RFC 3261 §8.2.2 and §16.3: the checks before any method-specific work. */
    private boolean passesChecks(IncomingRequest incoming, SipEndpoint sip) {
        Request request = incoming.request();
        // jain-sip reads any SIP/x.y as SIP/2.0; our parser marked the others (RFC 3261 §21.5.7)
        if (request instanceof MessageExt message
                && message.getApplicationData() instanceof GuardedParserFactory.UnsupportedVersion) {
            incoming.respond(Response.VERSION_NOT_SUPPORTED);
            return false;
        }
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        // an OPTIONS with Max-Forwards 0 may be answered by the element it reached (§16.3 step 3)
        if (maxForwards != null && maxForwards.getMaxForwards() == 0 && !Request.OPTIONS.equals(incoming.method())) {
            incoming.respond(Response.TOO_MANY_HOPS);
            return false;
        }
        for (Iterator<?> vias = request.getHeaders(ViaHeader.NAME); vias.hasNext();) {
            if (sip.isOurBranch(((ViaHeader) vias.next()).getBranch())) {
                LOG.info("sip: loop detected: {} from {} carries our own Via", incoming.method(), incoming.sourceText());
                incoming.respond(Response.LOOP_DETECTED);
                return false;
            }
        }
        if (!Request.CANCEL.equals(incoming.method())) {
            ListIterator<?> required = request.getHeaders(RequireHeader.NAME);
            List<String> unsupported = new java.util.ArrayList<>();
            while (required.hasNext()) {
                String tag = ((RequireHeader) required.next()).getOptionTag();
                if (!SUPPORTED.contains(tag.toLowerCase(Locale.ROOT))) {
                    unsupported.add(tag);
                }
            }
            if (!unsupported.isEmpty()) {
                // every required option tag we do not support is named (§8.2.2.3)
                Response response = incoming.response(Response.BAD_EXTENSION);
                for (String tag : unsupported) {
                    try {
                        response.addHeader(sip.headers.createUnsupportedHeader(tag));
                    } catch (java.text.ParseException e) {
                        // an unparseable tag: the 420 still says why
                    }
                }
                incoming.send(response);
                return false;
            }
        }
        return true;
    }

    private void dispatch(RequestHandler handler, IncomingRequest incoming) {
        try {
            workers.execute(() -> run(handler, incoming));
        } catch (RejectedExecutionException e) {
            // only a stopping server refuses work
            if (!Request.ACK.equals(incoming.method())) {
                incoming.respond(Response.SERVICE_UNAVAILABLE, "Service Unavailable (stopping)");
            }
        }
    }

    private static void run(RequestHandler handler, IncomingRequest incoming) {
        try {
            handler.handle(incoming);
        } catch (Exception | LinkageError e) {
            LOG.warn("sip: {} from {} failed: {}", incoming.method(), incoming.sourceText(), e.toString(), e);
            if (!Request.ACK.equals(incoming.method())) {
                incoming.respond(Response.SERVER_INTERNAL_ERROR);
            }
        }
    }

    private Optional<Trunk> trunkOf(InetSocketAddress source) {
        return trunks.bySource(source.getAddress(), source.getPort());
    }

    private static String transportOf(Request request, ServerTransaction transaction) {
        if (transaction instanceof TransactionExt ext && ext.getTransport() != null) {
            return ext.getTransport().toUpperCase(Locale.ROOT);
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "UDP" : via.getTransport().toUpperCase(Locale.ROOT);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (event.getResponse().getStatusCode() == Response.TRYING) {
            return; // hop by hop: the stack stopped retransmitting on it, and it tells us nothing (no worker woken)
        }
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction != null && transaction.getApplicationData() instanceof ResponseListener listener) {
            execute(() -> listener.onResponse(event));
        } else if (transaction == null) {
            // a 2xx retransmitted after its transaction ended: the dialog's owner re-sends the ACK
            Consumer<ResponseEvent> handler = strayResponses;
            execute(() -> handler.accept(event));
        }
    }

    /** Who gets responses that match no client transaction (the B2BUA's retransmitted 2xx). */
    void onStrayResponse(Consumer<ResponseEvent> handler) {
        this.strayResponses = handler;
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && event.getClientTransaction() != null
                && event.getClientTransaction().getApplicationData() instanceof ResponseListener listener) {
            execute(listener::onTimeout);
        }
    }

    /** Who ends a leg whose far end never acknowledged our 2xx (the B2BUA). */
    void onAckTimeout(Consumer<Dialog> handler) {
        this.ackTimeouts = handler;
    }

    /**
     * jain-sip gave up retransmitting our 2xx (64*T1) because no ACK came: the caller is gone (it may have
     * cancelled while we answered). Left alone, the call would stay up with its media held.
     */
    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        if (event.getReason() == DialogTimeoutEvent.Reason.AckNotReceived && event.getDialog() != null) {
            Consumer<Dialog> handler = ackTimeouts;
            Dialog dialog = event.getDialog();
            execute(() -> handler.accept(dialog));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("sip: I/O error towards {}:{} over {}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing kept per transaction
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs before the B2BUA
    }

    private void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("sip: workers stopped, response or timeout not handled");
        }
    }
}
