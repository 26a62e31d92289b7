/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * What a listing is generated from: the card, the marketplace and the tone.
 *
 * {@code
 * ListingRequest r = ListingRequest.builder().card(card).platform(Platform.EBAY).tone(Tone.PROFESSIONAL).build();
 * }
 */
public final class ListingRequest {
    private final CardData card;
    private final Platform platform;
    private final Tone tone;

    private ListingRequest(Builder b) {
        this.card = Objects.requireNonNull(b.card, "card");
        this.platform = Objects.requireNonNull(b.platform, "platform");
        this.tone = Objects.requireNonNull(b.tone, "tone");
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.card = this.card;
        b.platform = this.platform;
        b.tone = this.tone;
        return b;
    }

    /** The card being listed. */
    public CardData card() {
        return card;
    }

    /** The marketplace. */
    public Platform platform() {
        return platform;
    }

    /** The writing tone. */
    public Tone tone() {
        return tone;
    }

    /**
     * Returns this request as task input for {@link TaskName#LISTING_GENERATION}: {@code card},
     * {@code platform} and {@code tone}, plus {@code title_limit} when the platform carries a title
     * limit other than the one its name has (see {@link Platform#of(String, int)}).
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ListingRequest)) {
            return false;
        }
        ListingRequest that = (ListingRequest) o;
        return Objects.equals(card, that.card)
            && Objects.equals(platform, that.platform)
            && Objects.equals(tone, that.tone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(card, platform, tone);
    }

    @Override
    public String toString() {
        return "ListingRequest{"
            + "card=" + card
            + ", platform=" + platform
            + ", tone=" + tone
            + '}';
    }

    /** Builds ListingRequest values. */
    public static final class Builder {
        private CardData card;
        private Platform platform = Platform.EBAY;
        private Tone tone = Tone.PROFESSIONAL;

        private Builder() {
        }

        public Builder card(CardData card) {
            this.card = Objects.requireNonNull(card, "card");
            return this;
        }

        public Builder platform(Platform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        public Builder tone(Tone tone) {
            this.tone = Objects.requireNonNull(tone, "tone");
            return this;
        }

        public ListingRequest build() {
            return new ListingRequest(this);
        }
    }
}
