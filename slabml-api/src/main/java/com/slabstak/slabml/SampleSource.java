/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

/**
 * Where a training sample came from.
 *
 * @since 0.1
 */
public enum SampleSource {
    /** A scan whose answer the user confirmed as correct. */
    VALIDATED("validated"),
    /** An answer the user corrected. */
    CORRECTION("correction"),
    /** A sample added by hand, for example while bootstrapping. */
    MANUAL("manual");

    private final String value;

    SampleSource(String value) {
        this.value = value;
    }

    /**
     * Returns the name used in files.
     *
     * @return the name used in files
     */
    public String value() {
        return value;
    }

    /**
     * Returns the source for its file name.
     *
     * @throws InvalidInputException for an unknown name
     * @param value the value
     * @return the source for its file name
     */
    public static SampleSource of(String value) {
        for (SampleSource s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new InvalidInputException("source", "unknown sample source '" + value
            + "' (expected validated, correction or manual)");
    }
}