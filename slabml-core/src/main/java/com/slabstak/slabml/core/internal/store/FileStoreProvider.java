/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.StoreFullException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.observe.StoreStats;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store, {@code file}: JSONL files under the data directory.
 *
 * <pre>
 * training_data/       card_identification.jsonl  listing_generation.jsonl  user_corrections.jsonl  &lt;task&gt;.jsonl
 * evaluation_results/  production_log_YYYYMM.jsonl (month of the record's timestamp, UTC)
 * registry/            events.jsonl  versions.jsonl
 * jobs/                jobs.jsonl (last line per idempotency key wins)
 * state/               values/&lt;key&gt;.json  leases/&lt;name&gt;.json (see FileStateStore)
 * </pre>
 *
 * <p>Each store has a bounded queue and one writer thread that appends in batches; all counters are
 * reported to the observer ({@code SlabMlObserver.storeOpened}, {@code StoreStats}). Configuration
 * ({@code slabml.store.<key>}, or per store {@code slabml.store.<store>.<key>} where store is
 * {@code samples}, {@code production_log}, {@code registry} or {@code jobs}):
 * <table>
 * <caption>file store settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>durability</td><td>BATCH (production_log: ASYNC)</td><td>ASYNC: return once queued; BATCH: once the batch is written
 *     and forced (group commit); SYNC: the calling thread writes and forces its record itself, no queue
 *     (the queue settings below do not apply)</td></tr>
 * <tr><td>queue_capacity</td><td>65536</td><td>records waiting for the writer</td></tr>
 * <tr><td>when_full</td><td>BLOCK</td><td>BLOCK (up to block_timeout) or REJECT; both end in
 *     {@link StoreFullException} and are counted</td></tr>
 * <tr><td>block_timeout</td><td>10s</td><td>how long BLOCK waits for room</td></tr>
 * <tr><td>max_batch</td><td>8192</td><td>records per write</td></tr>
 * <tr><td>max_file_bytes</td><td>268435456</td><td>size at which a log moves on to its next segment</td></tr>
 * <tr><td>force_threads</td><td>4</td><td>BATCH: forces of consecutive batches that may run at once</td></tr>
 * <tr><td>flush_interval</td><td>1ms</td><td>how often an ASYNC writer looks for work while busy</td></tr>
 * </table>
 *
 * <p><b>Shutting down.</b> Writer threads are daemon threads: closing the stores (normally through
 * {@code SlabMl.close()}) drains the queues and forces the files. A host that cannot guarantee a
 * close registers it itself, {@code Runtime.getRuntime().addShutdownHook(new Thread(slabMl::close))},
 * or sets {@code slabml.store.shutdown_hook=true} to have this provider register one (removed again
 * when the stores are closed). Without either, records still queued under {@code ASYNC} are lost on
 * JVM exit; {@code BATCH} and {@code SYNC} records were on disk before their append returned.
 *
 * {@code Stores stores = FileStores.open(ProviderContext.of(config, dir, clock));}
 */
public final class FileStoreProvider implements StoreProvider {
    private static final Logger LOG = LoggerFactory.getLogger(FileStoreProvider.class);

    /**
     * Every key under {@code slabml.store} the file store reads, each of the store's settings also
     * per store ({@code slabml.store.samples.durability}); another key fails {@link #create}.
     */
    static final List<String> KNOWN_KEYS = knownKeys();

    private static List<String> knownKeys() {
        List<String> settings = List.of("durability", "queue_capacity", "when_full", "block_timeout", "max_batch",
            "flush_interval", "max_file_bytes", "force_threads");
        List<String> keys = new ArrayList<>(List.of("provider", "shutdown_hook"));
        keys.addAll(settings);
        for (String store : List.of("samples", "production_log", "registry", "jobs")) {
            settings.forEach(s -> keys.add(store + "." + s));
        }
        return List.copyOf(keys);
    }

    /** Creates the provider; all work happens in {@link #create}. */
    public FileStoreProvider() {
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Stores create(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        SlabMlConfig config = context.config();
        config.scoped("slabml.store").requireKnownKeys(KNOWN_KEYS);
        Path root = context.dataDirectory();
        LogSettings sampleSettings = LogSettings.from(config, "samples");
        LogSettings logSettings = LogSettings.from(config, "production_log");
        LogSettings registrySettings = LogSettings.from(config, "registry");
        LogSettings jobSettings = LogSettings.from(config, "jobs");
        boolean hook = config.getBoolean("slabml.store.shutdown_hook", false);

        AtomicReference<Thread> hookThread = new AtomicReference<>();
        Runnable removeHook = () -> {
            Thread t = hookThread.getAndSet(null);
            if (t != null && Thread.currentThread() != t) {
                try {
                    Runtime.getRuntime().removeShutdownHook(t);
                } catch (IllegalStateException shuttingDown) {
                    LOG.trace("JVM is shutting down; hook stays", shuttingDown);
                }
            }
        };
        FileSampleStore samples = null;
        FileProductionLogStore log = null;
        FileRegistryStore registry = null;
        try {
            samples = new FileSampleStore(root, sampleSettings, context.clock());
            log = new FileProductionLogStore(root, logSettings);
            registry = new FileRegistryStore(root, registrySettings);
            FileJobStore jobs = new FileJobStore(root, jobSettings, removeHook);
            Stores stores = new Stores(samples, log, registry, jobs, new FileStateStore(root, context.clock()));
            observe(context, "samples", samples::counters);
            observe(context, "production_log", log::counters);
            observe(context, "registry", registry::counters);
            observe(context, "jobs", jobs::counters);
            if (hook) {
                Thread t = new Thread(stores::close, "slabml-store-shutdown");
                hookThread.set(t);
                Runtime.getRuntime().addShutdownHook(t);
            }
            LOG.info("file store at {} (durability: samples {}, production_log {}, registry {}, jobs {}; shutdown hook {})",
                root, sampleSettings.durability(), logSettings.durability(), registrySettings.durability(),
                jobSettings.durability(), hook ? "on" : "off");
            return stores;
        } catch (RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] {samples, log, registry}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
            }
            throw e;
        }
    }

    /** Reports a store's queue depth and write counts to the observer, read on demand. */
    private static void observe(ProviderContext context, String store, java.util.function.Supplier<StoreCounters> counters) {
        context.observer().storeOpened(store, () -> {
            StoreCounters c = counters.get();
            return new StoreStats(c.backlog(), c.written(), c.rejected(), c.failed(), c.batches(), c.fsyncs());
        });
    }
}
