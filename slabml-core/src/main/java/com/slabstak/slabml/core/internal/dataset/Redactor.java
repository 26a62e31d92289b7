/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses with {@code [email]} and phone numbers with {@code [phone]} in text OCR
 * picked up. Phone numbers need separators between their groups ({@code 555-123-4567},
 * {@code (555) 123 4567}, {@code +44 20 7946 0958}), so card numbers, serials ({@code 23/99}),
 * seasons ({@code 1986-87}) and cert numbers ({@code 12345678}) are left alone.
 */
final class Redactor {
    static final String EMAIL_MARK = "[email]";
    static final String PHONE_MARK = "[phone]";
    private static final Pattern EMAIL = Pattern.compile(
        "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile(
        "(?<![\\w/#.+-])(?:"
            + "\\+\\d{1,3}(?:[ .-]\\(?\\d{1,4}\\)?){2,4}"
            + "|(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}"
            + ")(?![\\w/-])");

    private Redactor() {
    }

    /** The text with personal data replaced, and how many of each kind were replaced. */
    static Result redact(String text) {
        int[] emails = {0};
        int[] phones = {0};
        String out = replace(EMAIL, text, EMAIL_MARK, emails);
        out = replace(PHONE, out, PHONE_MARK, phones);
        return new Result(out, emails[0], phones[0]);
    }

    private static String replace(Pattern p, String text, String mark, int[] count) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        do {
            sb.append(text, last, m.start()).append(mark);
            last = m.end();
            count[0]++;
        } while (m.find());
        return sb.append(text, last, text.length()).toString();
    }

    /** Redacted text and what was replaced. */
    record Result(String text, int emails, int phones) {
        boolean changed() {
            return emails + phones > 0;
        }
    }
}
