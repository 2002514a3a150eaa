package org.switchboard.api.trunk;

import java.util.List;

/** The configured carrier trunks and their state (provided by the SIP adapter). */
public interface Trunks {

    /** Every configured trunk, by name. */
    List<TrunkStatus> all();
}
