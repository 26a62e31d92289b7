/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.observe.StoreStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code slabml} Actuator health indicator. It is also an observer of the {@link SlabMl} bean,
 * so it knows each store's write counts and each model's circuit.
 *
 * <ul>
 * <li><b>store</b>: down when a store failed a write since the previous check, or when the file
 *     store's data directory is not writable; details per store (queue depth, written, rejected,
 *     failed).</li>
 * <li><b>provider</b>: down when the fine-tuning provider cannot list its models (one call, no
 *     cost; the result is reused for {@code slabml.health.provider-interval}, and
 *     {@code slabml.health.probe-provider=false} turns the probe off).</li>
 * <li><b>circuits</b>: each model whose circuit ever left closed, with its state now. An open
 *     circuit keeps the status up (the base model answers) and is shown in the details.</li>
 * </ul>
 *
 * <pre>{@code
 * GET /actuator/health/slabml
 * {"status":"UP","details":{"store":"writable","provider":"reachable","circuits":{"ft:m:acme::1":"open"}}}
 * }</pre>
 *
 * @since 0.2
 */
public final class SlabMlHealthIndicator extends AbstractHealthIndicator implements SlabMlObserver {
    private final ObjectProvider<SlabMl> slabMl;
    private final SlabMlProperties.Health settings;
    private final Clock clock;
    private final Map<String, Supplier<StoreStats>> stores = new ConcurrentHashMap<>();
    private final Map<String, Long> failedAtLastCheck = new ConcurrentHashMap<>();
    private final Map<String, BreakerState> circuits = new ConcurrentHashMap<>();
    private volatile ProviderProbe lastProbe;

    /**
     * Creates the indicator.
     *
     * @param slabMl the bean it checks, looked up when checking
     * @param settings {@code slabml.health.*}
     * @param clock the clock that times provider probes
     */
    public SlabMlHealthIndicator(ObjectProvider<SlabMl> slabMl, SlabMlProperties.Health settings, Clock clock) {
        super("SlabML health check failed");
        this.slabMl = Objects.requireNonNull(slabMl, "slabMl");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void storeOpened(String store, Supplier<StoreStats> stats) {
        stores.put(store, stats);
        failedAtLastCheck.put(store, 0L);
    }

    @Override
    public void breakerStateChanged(String model, BreakerState from, BreakerState to) {
        circuits.put(model, to);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        SlabMl ml = slabMl.getIfAvailable();
        if (ml == null) {
            builder.unknown().withDetail("slabml", "no SlabMl bean");
            return;
        }
        boolean up = checkStore(ml, builder) & checkProvider(ml, builder);
        Map<String, String> circuitStates = new TreeMap<>();
        circuits.forEach((model, state) -> circuitStates.put(model, state.value()));
        builder.withDetail("circuits", circuitStates);
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }

    private boolean checkStore(SlabMl ml, Health.Builder builder) {
        boolean writable = true;
        StringBuilder problems = new StringBuilder();
        Map<String, Object> perStore = new TreeMap<>();
        for (Map.Entry<String, Supplier<StoreStats>> e : stores.entrySet()) {
            StoreStats s = e.getValue().get();
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("queueDepth", s.queueDepth());
            counts.put("written", s.written());
            counts.put("rejected", s.rejected());
            counts.put("failed", s.failed());
            perStore.put(e.getKey(), counts);
            Long before = failedAtLastCheck.put(e.getKey(), s.failed());
            if (before != null && s.failed() > before) {
                writable = false;
                problems.append(e.getKey()).append(": ").append(s.failed() - before)
                    .append(" failed writes since the last check; ");
            }
        }
        if (ml.config().get("slabml.store.provider").orElse("file").equals("file")) {
            Path dir = ml.dataDirectory();
            if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
                writable = false;
                problems.append("data directory ").append(dir).append(" is not a writable directory; ");
            }
        }
        builder.withDetail("store", writable ? "writable" : problems.toString().strip());
        if (!perStore.isEmpty()) {
            builder.withDetail("stores", perStore);
        }
        return writable;
    }

    private boolean checkProvider(SlabMl ml, Health.Builder builder) {
        if (!settings.isProbeProvider()) {
            builder.withDetail("provider", "not probed (slabml.health.probe-provider=false)");
            return true;
        }
        Instant now = clock.instant();
        ProviderProbe probe = lastProbe;
        if (probe == null || !now.isBefore(probe.at.plus(settings.getProviderInterval()))) {
            probe = probe(ml, now);
            lastProbe = probe;
        }
        builder.withDetail("provider", probe.result);
        return probe.reachable;
    }

    private static ProviderProbe probe(SlabMl ml, Instant now) {
        try {
            int models = ml.fineTuning().listModels().size();
            return new ProviderProbe(now, true, "reachable (" + models + " models)");
        } catch (RuntimeException e) {
            return new ProviderProbe(now, false, "unreachable: " + e.getClass().getSimpleName());
        }
    }

    /** One provider probe and when it ran. */
    private record ProviderProbe(Instant at, boolean reachable, String result) {
    }

    @Override
    public String toString() {
        return "SlabMlHealthIndicator{stores=" + stores.keySet() + ", circuits=" + circuits + '}';
    }
}
