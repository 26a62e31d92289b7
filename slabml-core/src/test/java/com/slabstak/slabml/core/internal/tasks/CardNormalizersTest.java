/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The card fields' normal forms, through the comparators the built-in tasks name. */
class CardNormalizersTest {
    private static final FieldComparators BUILT_IN =
        FieldComparators.of(List.of(new CardIdentificationTask(), new ListingGenerationTask()));
    private final FieldComparators comparators = BUILT_IN;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "player|Michael Jordan|MICHAEL  JORDAN",
        "player|Ken Griffey Jr.|ken griffey, jr",
        "player|Ken Griffey Jr.|Ken Griffey Junior",
        "player|Ronald Acuña Jr.|Ronald Acuna Jr",
        "player|J.J. Watt|JJ Watt",
        "player|J. J. Watt|jj watt",
        "player|D'Angelo Russell|DAngelo Russell",
        "player|Karl-Anthony Towns|Karl Anthony Towns",
        "year|1986-87|1986-1987",
        "year|1986-87|86-87",
        "year|1986-87|1986/87",
        "year|1999-00|1999-2000",
        "year|2000|'00",
        "year|1952|52",
        "card_number|#57|57",
        "card_number|No. 57|57",
        "card_number|#057|57",
        "card_number|RC-12|rc12",
        "grade|9.5|9.50",
        "grade|10|GEM MT 10",
        "grade|10|Gem Mint 10",
        "grade|9.5|BGS 9.5",
        "grade|Authentic|AUTH",
        "grading_company|PSA|Professional Sports Authenticator",
        "grading_company|PSA|psa",
        "grading_company|BGS|Beckett",
        "grading_company|BGS|Beckett Grading Services",
        "grading_company|SGC|Sportscard Guaranty",
        "grading_company|CGC|Certified Guaranty Company",
        "brand|Upper Deck|upper  deck",
        "rookie|true|yes",
    })
    void matches_equivalentSpellings_areEqual(String field, String a, String b) {
        assertThat(comparators.matches(field, a, b)).as("%s: '%s' vs '%s'", field, a, b).isTrue();
        assertThat(comparators.matches(field, b, a)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "player|Ken Griffey Jr.|Ken Griffey Sr.",
        "player|Ken Griffey Jr.|Ken Griffey",
        "player|Michael Jordan|Michael Jordon",
        "year|1986-87|1987-88",
        "year|1986|1987",
        "card_number|57|157",
        "card_number|57|5",
        "grade|9.5|9",
        "grade|10|9.5",
        "grading_company|PSA|BGS",
        "grading_company|SGC|CGC",
        "brand|Fleer|Topps",
    })
    void matches_differentValues_areNotEqual(String field, String a, String b) {
        assertThat(comparators.matches(field, a, b)).as("%s: '%s' vs '%s'", field, a, b).isFalse();
    }

    @Test
    void matches_absentOrBlankValues_matchOnlyEachOther() {
        assertThat(comparators.matches("grade", null, "9.5")).isFalse();
        assertThat(comparators.matches("grade", "9.5", null)).isFalse();
        assertThat(comparators.matches("grade", "  ", null)).isTrue();
    }

    @Test
    void matches_absentFlag_countsAsFalse() {
        assertThat(comparators.matches("rookie", null, Boolean.FALSE)).isTrue();
        assertThat(comparators.matches("autograph", null, "yes")).isFalse();
    }

    @Test
    void matches_numbersAgainstText_compareByValue() {
        assertThat(comparators.matches("grade", new BigDecimal("9.50"), "9.5")).isTrue();
        assertThat(comparators.matches("card_number", 57, "#57")).isTrue();
        assertThat(comparators.matches("rookie", Boolean.TRUE, "true")).isTrue();
    }

    @Test
    void builder_customComparator_replacesTheDefaultForItsField() {
        FieldComparators strict = BUILT_IN.toBuilder()
            .put("player", (p, t) -> java.util.Objects.equals(p, t))
            .build();

        assertThat(strict.matches("player", "michael jordan", "Michael Jordan")).isFalse();
        assertThat(strict.matches("year", "86-87", "1986-87")).isTrue();
        assertThat(BUILT_IN.matches("player", "michael jordan", "Michael Jordan")).isTrue();
    }

    @Test
    void year_canonicalForm_isFourDigitStartAndTwoDigitEnd() {
        assertThat(CardNormalizers.year("86-87")).isEqualTo("1986-87");
        assertThat(CardNormalizers.year("1999-2000")).isEqualTo("1999-00");
        assertThat(CardNormalizers.year("2023-24")).isEqualTo("2023-24");
    }

    @Test
    void generic_withoutTaskComparators_comparesCardFieldsAsText() {
        assertThat(FieldComparators.generic().matches("player", "michael jordan", "Michael  Jordan")).isTrue();
        assertThat(FieldComparators.generic().matches("year", "86-87", "1986-87")).isFalse();
        assertThat(BUILT_IN.matches("year", "86-87", "1986-87")).isTrue();
    }
}
