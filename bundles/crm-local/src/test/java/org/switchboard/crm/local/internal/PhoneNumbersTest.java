package org.switchboard.crm.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.switchboard.api.number.E164;

class PhoneNumbersTest {
    private final PhoneNumbers us = new PhoneNumbers("US");

    @Test
    void nationalFormatIsReadInTheDefaultRegion() {
        assertThat(us.toE164("(555) 123-0001")).isEqualTo(E164.of("+15551230001"));
        assertThat(new PhoneNumbers("jp").toE164("03-1234-5678")).isEqualTo(E164.of("+81312345678"));
    }

    @Test
    void internationalFormatKeepsItsCountry() {
        assertThat(us.toE164("+44 20 7946 0018")).isEqualTo(E164.of("+442079460018"));
    }

    @Test
    void textThatIsNoPossibleNumberIsRejected() {
        assertThatThrownBy(() -> us.toE164("call me")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> us.toE164("555123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> us.toE164("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownRegionIsRejected() {
        assertThatThrownBy(() -> new PhoneNumbers("XX")).isInstanceOf(IllegalArgumentException.class);
    }
}
