/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leases that let instances sharing one store work on a job one at a time: {@code job-create/<key>}
 * while a job with that idempotency key is being created, {@code job-wait/<job id>} while one
 * instance polls the provider for a job. Without a state store (stores of an older provider) every
 * lease is granted at once, and only the locks of this process apply.
 *
 * <p>Each call site takes a lease as an owner of its own ({@link #newOwner()}), so two threads of
 * one process exclude each other as two processes do.
 */
final class JobLeases {
    /** How long a create may run before another instance may take over its idempotency key. */
    static final Duration CREATE_TTL = Duration.ofMinutes(2);
    /** How often an instance waiting for another's create looks at the job store. */
    static final Duration CREATE_POLL = Duration.ofMillis(100);
    /** A wait lease lasts at least this long, so that a slow provider call does not lose it. */
    static final Duration MIN_WAIT_TTL = Duration.ofSeconds(30);
    private static final int MAX_PLAIN_NAME = 120;

    private final StateStore state;
    private final String process = UUID.randomUUID().toString().substring(0, 8) + "@" + ProcessHandle.current().pid();
    private final AtomicLong owners = new AtomicLong();

    /** @param state the shared state store, or {@code null} for none */
    JobLeases(StateStore state) {
        this.state = state;
    }

    /** Whether other instances can see these leases (a state store is there). */
    boolean shared() {
        return state != null;
    }

    /** A new owner name, unique across instances and threads. */
    String newOwner() {
        return process + "#" + owners.incrementAndGet();
    }

    static String createLease(String idempotencyKey) {
        return "job-create/" + plain(idempotencyKey);
    }

    static String waitLease(String jobId) {
        return "job-wait/" + plain(jobId);
    }

    /**
     * The lease of a wait outlives two of its longest sleeps, so a live holder always renews it in
     * time, and a dead one's lease lapses soon after.
     */
    static Duration waitTtl(Duration maxPollInterval) {
        Duration twice = maxPollInterval.multipliedBy(2);
        return twice.compareTo(MIN_WAIT_TTL) < 0 ? MIN_WAIT_TTL : twice;
    }

    /** Acquires or renews a lease; always granted without a state store. */
    boolean tryAcquire(String name, String owner, Duration ttl) {
        return state == null || state.tryAcquireLease(name, owner, ttl);
    }

    /** Releases a lease if {@code owner} holds it. */
    void release(String name, String owner) {
        if (state != null) {
            state.releaseLease(name, owner);
        }
    }

    /** The text itself when it is short and plain, else its SHA-256 (lease names are file names on the file store). */
    private static String plain(String text) {
        boolean ok = !text.isEmpty() && text.length() <= MAX_PLAIN_NAME;
        for (int i = 0; ok && i < text.length(); i++) {
            char c = text.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.' || c == ':';
        }
        if (ok) {
            return text;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
