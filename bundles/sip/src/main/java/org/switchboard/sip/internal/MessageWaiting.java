package org.switchboard.sip.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.address.URI;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.switchboard.api.agent.AgentStatus;
import org.switchboard.api.recording.VoicemailCounts;
import org.switchboard.api.registration.Registration;
import org.switchboard.api.registration.RegistrationRepository;

/**
 * The message-waiting lamps of agents' SIP phones (RFC 3842): NOTIFYs in the phones' message-summary
 * subscriptions, and, with {@code mwiUnsolicited}, out-of-dialog NOTIFYs to registered phones that did
 * not subscribe (many desk phones only listen). A change of voicemail is coalesced per agent for a
 * moment, so a burst of events costs one count and one NOTIFY per phone.
 */
final class MessageWaiting {
    private static final Logger LOG = LoggerFactory.getLogger(MessageWaiting.class);
    static final Duration COALESCE = Duration.ofMillis(200);

    private final Mailboxes mailboxes;
    private final CallServices services;
    private final RegistrationRepository registrations;
    private final MwiSubscriptions subscriptions;
    private final Supplier<SipEndpoint> sip;
    private final String domain;
    private final boolean unsolicited;
    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();

    MessageWaiting(Mailboxes mailboxes, CallServices services, RegistrationRepository registrations,
            MwiSubscriptions subscriptions, Supplier<SipEndpoint> sip, String domain, boolean unsolicited,
            Executor workers, ScheduledExecutorService timer, Clock clock) {
        this.mailboxes = mailboxes;
        this.services = services;
        this.registrations = registrations;
        this.subscriptions = subscriptions;
        this.sip = sip;
        this.domain = domain;
        this.unsolicited = unsolicited;
        this.workers = workers;
        this.timer = timer;
        this.clock = clock;
    }

    /** The mailbox account phones see: {@code sip:<extension>@<domain>}, the username while core is away. */
    String account(UUID agentId, String username) {
        String user = services.agents().flatMap(agents -> agents.find(agentId)).map(AgentStatus::agent)
                .map(agent -> agent.extension()).filter(ext -> !ext.isBlank()).orElse(username);
        return "sip:" + user + "@" + domain;
    }

    /** Whether {@code user} names the agent's mailbox: their username, or their extension. */
    boolean isMailboxOf(String user, UUID agentId, String username) {
        if (user.equalsIgnoreCase(username)) {
            return true;
        }
        return services.agents().flatMap(agents -> agents.find(agentId))
                .map(status -> status.agent().extension().equals(user)).orElse(false);
    }

    // ---- events ------------------------------------------------------------------------------

    /** Voicemail of an agent, or of a group (all its members), changed: their lamps follow, off this thread. */
    void voicemailChanged(Optional<UUID> agentId, Optional<UUID> groupId) {
        execute(() -> {
            Set<UUID> agents = new LinkedHashSet<>();
            agentId.ifPresent(agents::add);
            groupId.ifPresent(group -> agents.addAll(mailboxes.membersOf(group)));
            agents.forEach(this::changed);
        });
    }

    /** Every subscribed phone hears its counts again (the store came back: they may be known now). */
    void refreshAll() {
        subscriptions.all().stream().map(MwiSubscription::agentId).distinct().forEach(this::changed);
    }

    private void changed(UUID agentId) {
        if (!pending.add(agentId)) {
            return; // already on its way: it will read the counts after this change
        }
        try {
            timer.schedule(() -> execute(() -> {
                pending.remove(agentId);
                update(agentId);
            }), COALESCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.remove(agentId); // stopping
        }
    }

    private void update(UUID agentId) {
        Optional<VoicemailCounts> counts;
        try {
            counts = mailboxes.counts(agentId);
        } catch (RuntimeException e) {
            LOG.warn("sip: voicemail counts of agent {} unavailable: {}", agentId, e.getMessage());
            return;
        }
        if (counts.isEmpty()) {
            return; // the store is away; refreshAll follows when it returns
        }
        List<MwiSubscription> subscribed = subscriptions.ofAgent(agentId);
        subscribed.forEach(subscription -> notify(subscription, counts));
        if (unsolicited) {
            Instant now = clock.instant();
            for (Registration contact : registrations.active(agentId, now)) {
                if (subscribed.stream().noneMatch(s -> covers(s, contact))) {
                    notifyUnsolicited(agentId, contact, counts.get());
                }
            }
        }
    }

    /** A phone that subscribed is not also sent unsolicited NOTIFYs. */
    private static boolean covers(MwiSubscription subscription, Registration contact) {
        return subscription.remoteTarget().equals(contact.contact())
                || (subscription.source().equals(contact.source())
                        && subscription.transport().equalsIgnoreCase(contact.transport()));
    }

    // ---- NOTIFY -------------------------------------------------------------------------------

    /** The subscription's current state (RFC 6665 §4.2.2): active with the seconds left, and the counts. */
    void notify(MwiSubscription subscription) {
        Optional<VoicemailCounts> counts;
        try {
            counts = mailboxes.counts(subscription.agentId());
        } catch (RuntimeException e) {
            LOG.warn("sip: voicemail counts of agent {} unavailable: {}", subscription.agentId(), e.getMessage());
            counts = Optional.empty();
        }
        notify(subscription, counts);
    }

    private void notify(MwiSubscription subscription, Optional<VoicemailCounts> counts) {
        long left = subscription.secondsLeft(clock.instant());
        if (left == 0) {
            return; // its expiry timer sends the final NOTIFY
        }
        send(subscription, "active;expires=" + left, counts);
    }

    /** The final NOTIFY of a subscription ended by the phone ({@code Expires: 0}) or by its expiry. */
    void terminate(MwiSubscription subscription, String reason) {
        subscriptions.remove(subscription);
        Optional<VoicemailCounts> counts;
        try {
            counts = mailboxes.counts(subscription.agentId());
        } catch (RuntimeException e) {
            counts = Optional.empty();
        }
        send(subscription, "terminated;reason=" + reason, counts);
    }

    /** Ends a subscription when its time is up without a refresh. */
    void expire(MwiSubscription subscription) {
        if (subscription.secondsLeft(clock.instant()) == 0 && subscriptions.find(subscription.key())
                .filter(current -> current == subscription).isPresent()) {
            LOG.debug("sip: message-summary subscription of agent {} expired", subscription.agentId());
            execute(() -> terminate(subscription, "timeout"));
        }
    }

    private void send(MwiSubscription subscription, String state, Optional<VoicemailCounts> counts) {
        SipEndpoint endpoint = sip.get();
        if (endpoint == null) {
            return;
        }
        try {
            URI target = endpoint.addresses.createURI(subscription.remoteTarget());
            Request notify = request(endpoint, target, subscription.transport(), subscription.key().callId(),
                    subscription.nextCSeq(), subscription.localUri(), subscription.key().localTag(),
                    subscription.remoteUri(), subscription.key().remoteTag());
            for (String route : subscription.routeSet()) {
                notify.addHeader(endpoint.headers.createRouteHeader(endpoint.addresses.createAddress(route)));
            }
            if (subscription.routeSet().isEmpty()) {
                SourceRoute.towards(endpoint, target, subscription.source(), subscription.transport())
                        .ifPresent(notify::addHeader);
            }
            content(endpoint, notify, state, counts.map(c -> new MessageSummary(c, subscription.account())));
            transmit(endpoint, notify, new NotifyResponses(subscription));
        } catch (Exception e) {
            LOG.debug("sip: NOTIFY to agent {} at {} not sent: {}", subscription.agentId(), subscription.source(),
                    e.getMessage());
        }
    }

    /** RFC 3842 §3.2 allows NOTIFY outside a subscription: phones configured for "unsolicited MWI" expect it. */
    private void notifyUnsolicited(UUID agentId, Registration contact, VoicemailCounts counts) {
        SipEndpoint endpoint = sip.get();
        if (endpoint == null) {
            return;
        }
        try {
            URI target = endpoint.addresses.createURI(contact.contact());
            String user = target instanceof javax.sip.address.SipURI sipUri && sipUri.getUser() != null
                    ? sipUri.getUser() : agentId.toString();
            String account = account(agentId, user);
            Request notify = request(endpoint, target, contact.transport(), null, 1, account, Dialer.newTag(), account,
                    null);
            SourceRoute.towards(endpoint, target, contact.source(), contact.transport()).ifPresent(notify::addHeader);
            content(endpoint, notify, "active", Optional.of(new MessageSummary(counts, account)));
            transmit(endpoint, notify, ResponseListener.IGNORE);
        } catch (Exception e) {
            LOG.debug("sip: unsolicited NOTIFY to agent {} at {} not sent: {}", agentId, contact.source(),
                    e.getMessage());
        }
    }

    private static Request request(SipEndpoint endpoint, URI target, String transport, String callId, long cseq,
            String from, String fromTag, String to, String toTag) throws Exception {
        ListeningPoint local = endpoint.listeningPoint(transport);
        ViaHeader via = endpoint.headers.createViaHeader(local.getIPAddress(), local.getPort(), transport,
                endpoint.newBranch());
        Request notify = endpoint.messages.createRequest(target, Request.NOTIFY,
                callId == null ? endpoint.provider().getNewCallId() : endpoint.headers.createCallIdHeader(callId),
                endpoint.headers.createCSeqHeader(cseq, Request.NOTIFY),
                endpoint.headers.createFromHeader(endpoint.addresses.createAddress(from), fromTag),
                endpoint.headers.createToHeader(endpoint.addresses.createAddress(to), toTag), List.of(via),
                endpoint.headers.createMaxForwardsHeader(70));
        notify.addHeader(new SipSignals(() -> endpoint).contact(transport));
        return notify;
    }

    private static void content(SipEndpoint endpoint, Request notify, String state,
            Optional<MessageSummary> summary) throws Exception {
        notify.addHeader(endpoint.headers.createEventHeader(MessageSummary.EVENT));
        notify.addHeader(endpoint.headers.createSubscriptionStateHeader(state));
        if (summary.isPresent()) {
            notify.setContent(summary.get().body(), endpoint.headers.createContentTypeHeader(
                    MessageSummary.CONTENT_TYPE, MessageSummary.CONTENT_SUBTYPE));
        }
    }

    private void transmit(SipEndpoint endpoint, Request notify, ResponseListener listener) throws Exception {
        ClientTransaction transaction = endpoint.provider().getNewClientTransaction(notify);
        transaction.setApplicationData(listener);
        transaction.sendRequest();
    }

    /** RFC 6665 §4.2.2: a phone that answers 481, or nothing at all, has dropped the subscription. */
    private final class NotifyResponses implements ResponseListener {
        private final MwiSubscription subscription;

        NotifyResponses(MwiSubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            int status = event.getResponse().getStatusCode();
            if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST || status == Response.REQUEST_TIMEOUT) {
                drop(status + " " + event.getResponse().getReasonPhrase());
            }
        }

        @Override
        public void onTimeout() {
            drop("no answer");
        }

        private void drop(String why) {
            if (subscriptions.remove(subscription)) {
                LOG.info("sip: message-summary subscription of agent {} at {} ended: NOTIFY got {}",
                        subscription.agentId(), subscription.source(), why);
            }
        }
    }

    private void execute(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("sip: workers busy or stopped, message-waiting update dropped");
        }
    }
}
