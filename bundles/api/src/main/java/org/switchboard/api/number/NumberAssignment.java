package org.switchboard.api.number;

import java.util.Objects;

/** An outside number the company owns (a DID or the main number) and who it rings. */
public record NumberAssignment(E164 number, NumberTarget target, String label) {
    public NumberAssignment {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(label, "label");
    }
}
