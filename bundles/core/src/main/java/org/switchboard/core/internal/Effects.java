package org.switchboard.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.switchboard.api.call.Call;

/**
 * What one change to a call must tell the world. Events are published while the call is still
 * locked (so they leave in order); adapters are called after the lock is released, so an
 * adapter that reports back at once cannot deadlock or see a half-made change.
 */
final class Effects {
    /** {@code leaving}: an agent who left the call with this change and must still hear of it (a transferor). */
    record Notice(String topic, Optional<UUID> legId, Optional<UUID> leaving) {}

    final List<Notice> notices = new ArrayList<>();
    final List<Consumer<Call>> driverCalls = new ArrayList<>();
    boolean ended;

    void event(String topic, UUID legId) {
        event(topic, legId, Optional.empty());
    }

    void event(String topic, UUID legId, Optional<UUID> leaving) {
        notices.add(new Notice(topic, Optional.of(legId), leaving));
    }

    void event(String topic) {
        notices.add(new Notice(topic, Optional.empty(), Optional.empty()));
    }

    /** Runs with the call's snapshot once the change is complete. */
    void driver(Consumer<Call> call) {
        driverCalls.add(call);
    }
}
