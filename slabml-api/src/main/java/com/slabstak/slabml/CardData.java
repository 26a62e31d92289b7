/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What identifies a sports card. Player, year and brand are required; the rest is optional.
 * Field names in files and prompts are the snake_case names in {@link #FIELDS}.
 *
 * <pre>{@code
 * CardData card = CardData.builder()
 *     .player("Michael Jordan").year("1986-87").brand("Fleer")
 *     .cardNumber("57").grade("9.5").gradingCompany("BGS")
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class CardData {
    /** Every field, in the order prompts and files use. */
    public static final List<String> FIELDS = List.of(
        "player", "year", "brand", "card_number", "grade", "grading_company",
        "set", "sport", "team", "variant", "serial_number", "rookie", "autograph", "cert_number");

    /** The fields every card identification answers: the seed's six. */
    public static final List<String> CORE_FIELDS = List.of(
        "player", "year", "brand", "card_number", "grade", "grading_company");

    private final Map<String, Object> fields;

    private CardData(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with no value set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this value.
     *
     * @return a builder holding this value
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fields.putAll(fields);
        return b;
    }

    /**
     * Reads card data from JSON-like values. Numbers are accepted for text fields
     * ({@code 9.5} becomes {@code "9.5"}), and strings for flags ({@code "true"}).
     *
     * @throws InvalidInputException naming the field, for an unknown field, a wrong type or a
     *     missing required field
     * @param map the map
     * @return the card data
     */
    public static CardData fromMap(Map<String, ?> map) {
        Objects.requireNonNull(map, "map");
        Builder b = builder();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            b.set(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /**
     * Returns the fields that are set, in {@link #FIELDS} order.
     *
     * @return the fields that are set, in {@link #FIELDS} order
     */
    public Map<String, Object> toMap() {
        return fields;
    }

    /**
     * Returns a field's value by its snake_case name.
     *
     * @param field the field
     * @return a field's value by its snake_case name
     */
    public Optional<Object> get(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /**
     * Returns the {@code player} field.
     *
     * @return the value
     */
    public String player() {
        return (String) fields.get("player");
    }

    /**
     * Returns the {@code year} field.
     *
     * @return the value
     */
    public String year() {
        return (String) fields.get("year");
    }

    /**
     * Returns the {@code brand} field.
     *
     * @return the value
     */
    public String brand() {
        return (String) fields.get("brand");
    }

    /**
     * Returns the {@code card_number} field.
     *
     * @return the value, if known
     */
    public Optional<String> cardNumber() {
        return text("card_number");
    }

    /**
     * Returns the {@code grade} field.
     *
     * @return the value, if known
     */
    public Optional<String> grade() {
        return text("grade");
    }

    /**
     * Returns the {@code grading_company} field.
     *
     * @return the value, if known
     */
    public Optional<String> gradingCompany() {
        return text("grading_company");
    }

    /**
     * Returns the {@code set} field.
     *
     * @return the value, if known
     */
    public Optional<String> set() {
        return text("set");
    }

    /**
     * Returns the {@code sport} field.
     *
     * @return the value, if known
     */
    public Optional<String> sport() {
        return text("sport");
    }

    /**
     * Returns the {@code team} field.
     *
     * @return the value, if known
     */
    public Optional<String> team() {
        return text("team");
    }

    /**
     * Returns the {@code variant} field.
     *
     * @return the value, if known
     */
    public Optional<String> variant() {
        return text("variant");
    }

    /**
     * Returns the {@code serial_number} field.
     *
     * @return the value, if known
     */
    public Optional<String> serialNumber() {
        return text("serial_number");
    }

    /**
     * Returns the {@code rookie} field.
     *
     * @return the value, if known
     */
    public Optional<Boolean> rookie() {
        return Optional.ofNullable((Boolean) fields.get("rookie"));
    }

    /**
     * Returns the {@code autograph} field.
     *
     * @return the value, if known
     */
    public Optional<Boolean> autograph() {
        return Optional.ofNullable((Boolean) fields.get("autograph"));
    }

    /**
     * Returns the {@code cert_number} field.
     *
     * @return the value, if known
     */
    public Optional<String> certNumber() {
        return text("cert_number");
    }

    private Optional<String> text(String field) {
        return Optional.ofNullable((String) fields.get(field));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardData && ((CardData) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "CardData" + fields;
    }

    /** Builds {@link CardData}; setters take {@code null} to clear a field. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the player.
         *
         * @param player the player
         * @return this builder
         */
        public Builder player(String player) {
            return put("player", player);
        }

        /**
         * Sets the year.
         *
         * @param year the year
         * @return this builder
         */
        public Builder year(String year) {
            return put("year", year);
        }

        /**
         * Sets the brand.
         *
         * @param brand the brand
         * @return this builder
         */
        public Builder brand(String brand) {
            return put("brand", brand);
        }

        /**
         * Sets the card number.
         *
         * @param cardNumber the card number
         * @return this builder
         */
        public Builder cardNumber(String cardNumber) {
            return put("card_number", cardNumber);
        }

        /**
         * Sets the grade.
         *
         * @param grade the grade
         * @return this builder
         */
        public Builder grade(String grade) {
            return put("grade", grade);
        }

        /**
         * Sets the grading company.
         *
         * @param gradingCompany the grading company
         * @return this builder
         */
        public Builder gradingCompany(String gradingCompany) {
            return put("grading_company", gradingCompany);
        }

        /**
         * Sets the set.
         *
         * @param set the set
         * @return this builder
         */
        public Builder set(String set) {
            return put("set", set);
        }

        /**
         * Sets the sport.
         *
         * @param sport the sport
         * @return this builder
         */
        public Builder sport(String sport) {
            return put("sport", sport);
        }

        /**
         * Sets the team.
         *
         * @param team the team
         * @return this builder
         */
        public Builder team(String team) {
            return put("team", team);
        }

        /**
         * Sets the variant.
         *
         * @param variant the variant
         * @return this builder
         */
        public Builder variant(String variant) {
            return put("variant", variant);
        }

        /**
         * Sets the serial number.
         *
         * @param serialNumber the serial number
         * @return this builder
         */
        public Builder serialNumber(String serialNumber) {
            return put("serial_number", serialNumber);
        }

        /**
         * Sets the rookie.
         *
         * @param rookie the rookie
         * @return this builder
         */
        public Builder rookie(Boolean rookie) {
            return put("rookie", rookie);
        }

        /**
         * Sets the autograph.
         *
         * @param autograph the autograph
         * @return this builder
         */
        public Builder autograph(Boolean autograph) {
            return put("autograph", autograph);
        }

        /**
         * Sets the cert number.
         *
         * @param certNumber the cert number
         * @return this builder
         */
        public Builder certNumber(String certNumber) {
            return put("cert_number", certNumber);
        }

        /**
         * Sets a field by its snake_case name, converting numbers to text and text to flags.
         *
         * @throws InvalidInputException for an unknown field or a value of the wrong type
         * @param field the field
         * @param value the value
         * @return this builder
         */
        public Builder set(String field, Object value) {
            Objects.requireNonNull(field, "field");
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException(field, "unknown card field '" + field + "' (known: " + FIELDS + ")");
            }
            if (value == null) {
                return put(field, null);
            }
            if (field.equals("rookie") || field.equals("autograph")) {
                if (value instanceof Boolean) {
                    return put(field, value);
                }
                if (value instanceof String) {
                    String s = ((String) value).trim().toLowerCase(java.util.Locale.ROOT);
                    if (s.equals("true") || s.equals("yes")) {
                        return put(field, Boolean.TRUE);
                    }
                    if (s.equals("false") || s.equals("no")) {
                        return put(field, Boolean.FALSE);
                    }
                }
                throw new InvalidInputException(field, "must be true or false, was '" + value + "'");
            }
            if (value instanceof String) {
                return put(field, value);
            }
            if (value instanceof Number) {
                return put(field, numberText((Number) value));
            }
            throw new InvalidInputException(field, "must be text, was " + value.getClass().getSimpleName());
        }

        private static String numberText(Number n) {
            if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
                return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
            }
            return n.toString();
        }

        private Builder put(String field, Object value) {
            if (value == null || (value instanceof String && ((String) value).isBlank())) {
                fields.remove(field);
            } else {
                fields.put(field, value instanceof String ? ((String) value).trim() : value);
            }
            return this;
        }

        /**
         * Builds the card data.
         *
         * @throws InvalidInputException if player, year or brand is missing
         * @return the card data
         */
        public CardData build() {
            for (String required : List.of("player", "year", "brand")) {
                if (!fields.containsKey(required)) {
                    throw new InvalidInputException(required, "card field '" + required + "' is required");
                }
            }
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (String f : FIELDS) {
                if (fields.containsKey(f)) {
                    ordered.put(f, fields.get(f));
                }
            }
            return new CardData(Collections.unmodifiableMap(ordered));
        }
    }
}