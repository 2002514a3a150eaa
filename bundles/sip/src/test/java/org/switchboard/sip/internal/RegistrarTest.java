package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.switchboard.api.registration.Registration;

class RegistrarTest {
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final UUID ALICE = FakeCredentials.ALICE;
    private static final String DESK = "sip:alice@10.0.0.7:5062";
    private static final String SOFT = "sip:alice@10.0.0.8:5060;transport=tcp";
    private final InMemoryRegistrations registrations = new InMemoryRegistrations();
    private final Registrar registrar = new Registrar(registrations, new ExpiryPolicy(60, 3600), 3);

    private static Registrar.Request request(OptionalInt expiresHeader, long cseq, Registrar.Contact... contacts) {
        return new Registrar.Request(false, List.of(contacts), expiresHeader, "call-1", cseq, "10.0.0.7:5062", "UDP",
                "Yealink");
    }

    private static Registrar.Contact contact(String uri) {
        return new Registrar.Contact(uri, OptionalInt.empty());
    }

    private static Registrar.Contact contact(String uri, int expires) {
        return new Registrar.Contact(uri, OptionalInt.of(expires));
    }

    private List<Registration> bindings(Registrar.Outcome outcome) {
        assertThat(outcome).isInstanceOf(Registrar.Bound.class);
        return ((Registrar.Bound) outcome).bindings();
    }

    @Test
    void contactIsBoundForTheExpiresAskedForWithWhereItCameFrom() {
        List<Registration> bound = bindings(registrar.register(ALICE, "alice", request(OptionalInt.of(600), 1,
                contact(DESK)), T0));

        assertThat(bound).singleElement().satisfies(r -> {
            assertThat(r.contact()).isEqualTo(DESK);
            assertThat(r.expiresAt()).isEqualTo(T0.plusSeconds(600));
            assertThat(r.source()).isEqualTo("10.0.0.7:5062");
            assertThat(r.transport()).isEqualTo("UDP");
            assertThat(r.userAgent()).isEqualTo("Yealink");
            assertThat(r.callId()).isEqualTo("call-1");
            assertThat(r.cseq()).isEqualTo(1);
        });
    }

    @Test
    void contactParameterWinsOverTheExpiresHeader() {
        List<Registration> bound = bindings(registrar.register(ALICE, "alice", request(OptionalInt.of(600), 1,
                contact(DESK, 120)), T0));

        assertThat(bound.get(0).expiresAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void withoutAnyExpiresTheDefaultIsGrantedAndTooLongIsCapped() {
        Registrar capped = new Registrar(registrations, new ExpiryPolicy(60, 1800), 3);

        List<Registration> byDefault = bindings(capped.register(ALICE, "alice", request(OptionalInt.empty(), 1,
                contact(DESK)), T0));
        List<Registration> asked = bindings(capped.register(ALICE, "alice", request(OptionalInt.of(86400), 2,
                contact(DESK)), T0));

        assertThat(byDefault.get(0).expiresAt()).isEqualTo(T0.plusSeconds(1800));
        assertThat(asked.get(0).expiresAt()).isEqualTo(T0.plusSeconds(1800));
    }

    @Test
    void tooBriefIsRefusedWithTheMinimumAndChangesNothing() {
        registrar.register(ALICE, "alice", request(OptionalInt.of(600), 1, contact(DESK)), T0);

        Registrar.Outcome outcome = registrar.register(ALICE, "alice", request(OptionalInt.of(600), 2,
                contact(DESK, 0), contact(SOFT, 30)), T0);

        assertThat(outcome).isEqualTo(new Registrar.TooBrief(60));
        assertThat(registrations.active(ALICE, T0)).extracting(Registration::contact).containsExactly(DESK);
    }

    @Test
    void severalContactsAreKeptAndExpiresZeroRemovesOne() {
        registrar.register(ALICE, "alice", request(OptionalInt.of(600), 1, contact(DESK)), T0);
        List<Registration> both = bindings(registrar.register(ALICE, "alice", request(OptionalInt.of(600), 2,
                contact(SOFT)), T0.plusSeconds(1)));

        List<Registration> after = bindings(registrar.register(ALICE, "alice", request(OptionalInt.of(0), 3,
                contact(DESK)), T0.plusSeconds(2)));

        assertThat(both).extracting(Registration::contact).containsExactly(SOFT, DESK);
        assertThat(after).extracting(Registration::contact).containsExactly(SOFT);
    }

    @Test
    void wildcardWithExpiresZeroRemovesEveryContact() {
        registrar.register(ALICE, "alice", request(OptionalInt.of(600), 1, contact(DESK), contact(SOFT)), T0);

        Registrar.Outcome outcome = registrar.register(ALICE, "alice", new Registrar.Request(true, List.of(),
                OptionalInt.of(0), "call-2", 1, "10.0.0.7:5062", "UDP", ""), T0);

        assertThat(bindings(outcome)).isEmpty();
        assertThat(registrations.allActive(T0)).isEmpty();
    }

    @Test
    void wildcardWithoutExpiresZeroIsRefused() {
        registrar.register(ALICE, "alice", request(OptionalInt.of(600), 1, contact(DESK)), T0);

        Registrar.Outcome outcome = registrar.register(ALICE, "alice", new Registrar.Request(true, List.of(),
                OptionalInt.of(600), "call-2", 1, "10.0.0.7:5062", "UDP", ""), T0);

        assertThat(outcome).isInstanceOfSatisfying(Registrar.Refused.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThat(registrations.allActive(T0)).hasSize(1);
    }

    @Test
    void refreshKeepsTheBindingAndOutOfOrderCSeqIsRefused() {
        Registration first = bindings(registrar.register(ALICE, "alice", request(OptionalInt.of(600), 5,
                contact(DESK)), T0)).get(0);

        Registration refreshed = bindings(registrar.register(ALICE, "alice", request(OptionalInt.of(600), 6,
                contact(DESK)), T0.plusSeconds(300))).get(0);
        Registrar.Outcome late = registrar.register(ALICE, "alice", request(OptionalInt.of(600), 6, contact(DESK)),
                T0.plusSeconds(301));

        assertThat(refreshed.id()).isEqualTo(first.id());
        assertThat(refreshed.expiresAt()).isEqualTo(T0.plusSeconds(900));
        assertThat(late).isInstanceOfSatisfying(Registrar.Refused.class, r -> assertThat(r.reason()).contains("CSeq"));
    }

    @Test
    void aNewCallIdMayStartAgainFromAnyCSeq() {
        registrar.register(ALICE, "alice", request(OptionalInt.of(600), 50, contact(DESK)), T0);

        Registrar.Outcome rebooted = registrar.register(ALICE, "alice", new Registrar.Request(false,
                List.of(contact(DESK)), OptionalInt.of(600), "call-after-reboot", 1, "10.0.0.7:5062", "UDP", ""),
                T0.plusSeconds(10));

        assertThat(bindings(rebooted)).singleElement().satisfies(r -> assertThat(r.callId()).isEqualTo(
                "call-after-reboot"));
    }

    @Test
    void moreContactsThanAllowedAreRefused() {
        registrar.register(ALICE, "alice", request(OptionalInt.of(600), 1, contact("sip:alice@10.0.0.1"),
                contact("sip:alice@10.0.0.2"), contact("sip:alice@10.0.0.3")), T0);

        Registrar.Outcome outcome = registrar.register(ALICE, "alice", request(OptionalInt.of(600), 2,
                contact("sip:alice@10.0.0.4")), T0);

        assertThat(outcome).isInstanceOfSatisfying(Registrar.Refused.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThat(registrations.allActive(T0)).hasSize(3);
    }

    @Test
    void bindingsThatExpiredAreNotListed() {
        registrar.register(ALICE, "alice", request(OptionalInt.of(60), 1, contact(DESK)), T0);

        List<Registration> later = bindings(registrar.register(ALICE, "alice", request(OptionalInt.empty(), 2),
                T0.plus(Duration.ofSeconds(60))));

        assertThat(later).isEmpty();
    }
}
