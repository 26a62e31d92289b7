/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * What a listing is generated from: the card, the marketplace and the tone.
 *
 * <pre>{@code
 * ListingRequest r = ListingRequest.builder().card(card).platform(Platform.EBAY).tone(Tone.PROFESSIONAL).build();
 * }</pre>
 *
 * @param card the card being listed
 * @param platform the marketplace
 * @param tone the writing tone
 * @since 0.1
 */
public record ListingRequest(CardData card, Platform platform, Tone tone) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param card the card being listed
     * @param platform the marketplace
     * @param tone the writing tone
     */
    public ListingRequest {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(tone, "tone");
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
     * @return a builder holding this value's components
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.card = this.card;
        b.platform = this.platform;
        b.tone = this.tone;
        return b;
    }

    /**
     * Returns this request as task input for {@link TaskName#LISTING_GENERATION}: {@code card},
     * {@code platform} and {@code tone}, plus {@code title_limit} when the platform carries a title
     * limit other than the one its name has (see {@link Platform#of(String, int)}).
     *
     * @return this request as task input for {@link TaskName#LISTING_GENERATION}: {@code card}, {@code platform} and {@code tone}, plus {@code title_limit} when the platform carries a title limit other than the one its name has (see {@link Platform#of(String, int)})
     */
    public java.util.Map<String, Object> toInput() {
        java.util.Map<String, Object> in = new java.util.LinkedHashMap<>();
        in.put("card", card.toMap());
        in.put("platform", platform.value());
        in.put("tone", tone.value());
        java.util.OptionalInt limit = platform.titleLimit();
        if (limit.isPresent() && !limit.equals(Platform.of(platform.value()).titleLimit())) {
            in.put("title_limit", limit.getAsInt());
        }
        return java.util.Collections.unmodifiableMap(in);
    }

    /** Builds ListingRequest values. */
    public static final class Builder {
        private CardData card;
        private Platform platform = Platform.EBAY;
        private Tone tone = Tone.PROFESSIONAL;

        private Builder() {
        }

        /**
         * Sets the card being listed.
         *
         * @param card the card being listed
         * @return this builder
         */
        public Builder card(CardData card) {
            this.card = Objects.requireNonNull(card, "card");
            return this;
        }

        /**
         * Sets the marketplace.
         *
         * @param platform the marketplace
         * @return this builder
         */
        public Builder platform(Platform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /**
         * Sets the writing tone.
         *
         * @param tone the writing tone
         * @return this builder
         */
        public Builder tone(Tone tone) {
            this.tone = Objects.requireNonNull(tone, "tone");
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public ListingRequest build() {
            return new ListingRequest(card, platform, tone);
        }
    }
}
