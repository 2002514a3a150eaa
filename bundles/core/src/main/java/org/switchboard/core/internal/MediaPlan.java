package org.switchboard.core.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.switchboard.api.call.Call;
import org.switchboard.api.call.CallState;
import org.switchboard.api.call.CallVoicemail;
import org.switchboard.api.call.Leg;
import org.switchboard.api.call.LegKind;
import org.switchboard.api.call.LegRole;
import org.switchboard.api.call.LegState;
import org.switchboard.api.media.AudioClip;
import org.switchboard.api.media.Tone;

/**
 * What every endpoint of a call should hear, decided from the call alone, whatever the kinds of
 * its legs: the parties talking are bridged (three or more are conferenced), a held party hears
 * music, a caller waiting for the callee or a party waiting for a blind-transfer target hears
 * ringback, a party whose partner's device went away hears music until it comes back, and the
 * simulated caller's partner hears its prompt.
 */
final class MediaPlan {

    /** Where a leg's audio is, as its adapter reported it. */
    sealed interface Attachment {}

    /** The leg's far end hears and is heard on this endpoint. */
    record Attached(UUID endpointId) implements Attachment {}

    /** The leg's device went away; its party comes back later (a reloaded browser). */
    record Detached() implements Attachment {}

    /** Not attached yet: the adapter is still setting up the leg's audio. */
    record Pending() implements Attachment {}

    /** What one endpoint hears. */
    sealed interface Hearing {}

    /** Relayed with the other members (two: a bridge, more: a conference). */
    record Bridged(Set<UUID> members) implements Hearing {}

    record Playing(Tone tone) implements Hearing {}

    /** A clip played once, then silence (the voicemail greeting and beep). */
    record PlayingClip(AudioClip clip) implements Hearing {}

    /** One way: what the source endpoint's far end says (call screening). */
    record Listening(UUID source) implements Hearing {}

    record Silent() implements Hearing {}

    record Wiring(Hearing hearing, boolean muted) {}

    static final Attachment PENDING = new Pending();
    static final Attachment DETACHED = new Detached();

    private MediaPlan() {}

    /**
     * @param attachments where each leg's audio is; a consultation's caller leg speaks through the
     *     transferor's leg in the consulted call, so callers resolve that themselves
     * @param lent a leg of this call whose endpoint a live consultation uses: this call leaves it alone
     */
    static Map<UUID, Wiring> of(Call call, Function<Leg, Attachment> attachments, Optional<UUID> lent) {
        return of(call, attachments, lent, Optional.empty());
    }

    /** @param greeting what a caller going to voicemail hears before the beep */
    static Map<UUID, Wiring> of(Call call, Function<Leg, Attachment> attachments, Optional<UUID> lent,
            Optional<AudioClip> greeting) {
        Map<UUID, Wiring> plan = new LinkedHashMap<>();
        if (!call.state().isLive()) {
            return plan;
        }
        if (call.voicemail().isPresent()) {
            return voicemail(call, call.voicemail().get(), attachments, greeting);
        }
        List<Leg> answered = call.liveLegs().stream()
                .filter(l -> l.state() == LegState.ANSWERED && !lent.equals(Optional.of(l.id())))
                .toList();
        if (call.state() == CallState.RINGING) {
            call.liveLegs().stream().filter(l -> l.role() == LegRole.CALLER)
                    .forEach(caller -> put(plan, attachments.apply(caller), new Playing(Tone.RINGBACK), caller));
            return plan;
        }
        if (call.state() == CallState.TRANSFERRING) {
            answered.forEach(leg -> put(plan, attachments.apply(leg), new Playing(Tone.RINGBACK), leg));
            return plan;
        }
        List<Leg> talking = answered.stream().filter(l -> !l.held()).toList();
        answered.stream().filter(Leg::held)
                .forEach(leg -> put(plan, attachments.apply(leg), new Playing(Tone.HOLD_MUSIC), leg));
        Set<UUID> bridged = new LinkedHashSet<>();
        talking.forEach(leg -> {
            if (attachments.apply(leg) instanceof Attached attached) {
                bridged.add(attached.endpointId());
            }
        });
        for (Leg leg : talking) {
            if (attachments.apply(leg) instanceof Attached attached) {
                Hearing hearing = bridged.size() >= 2 ? new Bridged(Set.copyOf(bridged))
                        : alone(leg, talking, attachments);
                plan.put(attached.endpointId(), new Wiring(hearing, leg.muted()));
            }
        }
        return plan;
    }

    /**
     * The caller hears the greeting, then silence while their message records; a screening agent
     * hears the caller and nobody hears the agent.
     */
    private static Map<UUID, Wiring> voicemail(Call call, CallVoicemail message, Function<Leg, Attachment> attachments,
            Optional<AudioClip> greeting) {
        Map<UUID, Wiring> plan = new LinkedHashMap<>();
        Leg caller = call.liveLegs().stream().filter(l -> l.role() == LegRole.CALLER).findFirst().orElse(null);
        if (caller == null || !(attachments.apply(caller) instanceof Attached callerAudio)) {
            return plan;
        }
        Hearing callerHears = message.phase() == CallVoicemail.Phase.GREETING && greeting.isPresent()
                ? new PlayingClip(greeting.get()) : new Silent();
        plan.put(callerAudio.endpointId(), new Wiring(callerHears, false));
        message.screeningLegId().flatMap(call::leg).filter(l -> l.state().isLive()).ifPresent(agent -> {
            if (attachments.apply(agent) instanceof Attached agentAudio) {
                plan.put(agentAudio.endpointId(), new Wiring(new Listening(callerAudio.endpointId()), agent.muted()));
            }
        });
        return plan;
    }

    /** A talking party with nobody else on an endpoint: what its partner is decides what it hears. */
    private static Hearing alone(Leg leg, List<Leg> talking, Function<Leg, Attachment> attachments) {
        List<Leg> partners = talking.stream().filter(l -> !l.id().equals(leg.id())).toList();
        if (partners.stream().anyMatch(p -> attachments.apply(p) instanceof Detached)) {
            return new Playing(Tone.HOLD_MUSIC);
        }
        if (partners.stream().anyMatch(p -> p.kind() == LegKind.INTERNAL)) {
            return new Playing(Tone.PROMPT);
        }
        return new Silent(); // the partner is held, or its audio is still being set up
    }

    private static void put(Map<UUID, Wiring> plan, Attachment attachment, Hearing hearing, Leg leg) {
        if (attachment instanceof Attached attached) {
            plan.put(attached.endpointId(), new Wiring(hearing, leg.muted()));
        }
    }
}
