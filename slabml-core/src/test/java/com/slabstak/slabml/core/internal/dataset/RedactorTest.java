/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    @ParameterizedTest
    @ValueSource(strings = {"555-123-4567", "(555) 123-4567", "555.123.4567", "+1 555 123 4567",
        "+44 20 7946 0958", "1-555-123-4567"})
    void redact_phoneNumber_isReplaced(String phone) {
        Redactor.Result r = Redactor.redact("JORDAN 1986 FLEER call " + phone + " today");

        assertThat(r.text()).isEqualTo("JORDAN 1986 FLEER call [phone] today");
        assertThat(r.phones()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@example.com", "JOHN+cards@mail.example.co.uk"})
    void redact_emailAddress_isReplaced(String email) {
        Redactor.Result r = Redactor.redact("seller " + email + " PSA 10");

        assertThat(r.text()).isEqualTo("seller [email] PSA 10");
        assertThat(r.emails()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5", "CERT 12345678 PSA 10",
        "SERIAL 23/99 2018-19 PRIZM #280", "TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10",
        "LOT 1234 5678 2021"})
    void redact_cardText_isLeftAlone(String text) {
        Redactor.Result r = Redactor.redact(text);

        assertThat(r.text()).isEqualTo(text);
        assertThat(r.changed()).isFalse();
    }
}
