package org.switchboard.crm.salesforce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoqlTest {

    @Test
    void soslReservedCharactersAreEscapedWithABackslash() {
        assertThat(Soql.soslTerm("+15551230001")).isEqualTo("\\+15551230001");
        assertThat(Soql.soslTerm("a-b (c) {d} [e] \"f\" 'g' h:i ~^*?&|!\\"))
                .isEqualTo("a\\-b \\(c\\) \\{d\\} \\[e\\] \\\"f\\\" \\'g\\' h\\:i \\~\\^\\*\\?\\&\\|\\!\\\\");
    }

    @Test
    void soqlLiteralsQuoteAndEscapeQuotes() {
        assertThat(Soql.literal("O'Brien")).isEqualTo("'O\\'Brien'");
        assertThat(Soql.literal("a\\' OR Id != '")).isEqualTo("'a\\\\\\' OR Id != \\''");
    }

    @Test
    void idsAreKnownByTheirPrefix() {
        assertThat(SalesforceIds.kindOf("003000000000001AAA")).hasValue(org.switchboard.api.crm.CrmObject.CONTACT);
        assertThat(SalesforceIds.kindOf("00Q000000000001")).hasValue(org.switchboard.api.crm.CrmObject.LEAD);
        assertThat(SalesforceIds.isId("5f0c6a3e-1f7b-4d7e-9d61-1d2f3f4a5b6c")).isFalse();
        assertThat(SalesforceIds.isId("003000000000001A")).isFalse(); // 16 characters
        assertThat(SalesforceIds.kindOf("a0B000000000001")).isEmpty(); // a custom object
    }
}
