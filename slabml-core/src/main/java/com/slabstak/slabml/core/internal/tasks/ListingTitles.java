/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.tasks;

/**
 * Fits listing titles to a platform's limit. A longer title is cut at the last space that keeps
 * it within the limit (a word is never split unless the first word alone is too long, then it is
 * cut hard), and trailing separators ({@code - , ; : / |} and spaces) are removed.
 */
final class ListingTitles {
    private ListingTitles() {
    }

    /** Returns {@code title} unchanged when it fits {@code limit}, else trimmed as described above. */
    static String fit(String title, int limit) {
        if (limit <= 0 || title.length() <= limit) {
            return title;
        }
        String cut;
        if (Character.isWhitespace(title.charAt(limit))) {
            cut = title.substring(0, limit);
        } else {
            int space = title.lastIndexOf(' ', limit);
            cut = space > 0 ? title.substring(0, space) : title.substring(0, limit);
        }
        int end = cut.length();
        while (end > 0 && " \t-,;:/|".indexOf(cut.charAt(end - 1)) >= 0) {
            end--;
        }
        return end == 0 ? title.substring(0, limit).trim() : cut.substring(0, end);
    }
}
