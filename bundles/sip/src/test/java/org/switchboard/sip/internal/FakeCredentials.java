package org.switchboard.sip.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.switchboard.api.registration.SipCredentialRepository;
import org.switchboard.api.registration.SipCredentials;

/** Agents with passwords, as the store would derive their HA1 values. */
final class FakeCredentials implements SipCredentialRepository {
    static final String REALM = "switchboard.local";
    static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000a11c");
    static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-000000000b0b");

    private final Map<String, SipCredentials> agents = new ConcurrentHashMap<>();

    static FakeCredentials demo() {
        return new FakeCredentials().with(ALICE, "alice", "alice-secret").with(BOB, "bob", "bob-secret");
    }

    FakeCredentials with(UUID id, String username, String password) {
        agents.put(username, new SipCredentials(id, username, REALM,
                Digest.ha1(DigestAlgorithm.MD5, username, REALM, password),
                Digest.ha1(DigestAlgorithm.SHA_256, username, REALM, password)));
        return this;
    }

    @Override
    public Optional<SipCredentials> find(String username) {
        return Optional.ofNullable(agents.get(username));
    }

    @Override
    public String realm() {
        return REALM;
    }
}
