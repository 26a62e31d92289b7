/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The files one report was written to: a self-contained HTML page (inline SVG charts, no scripts,
 * nothing fetched) and the same numbers as JSON.
 *
 * <pre>{@code
 * ReportFiles files = slabMl.reports().writeMonthlyReport(YearMonth.now());
 * System.out.println("open " + files.html());
 * }</pre>
 *
 * @param html the HTML page
 * @param json the JSON file
 * @since 0.2
 */
public record ReportFiles(Path html, Path json) {
    /**
     * Checks that both paths are given.
     *
     * @param html the HTML page
     * @param json the JSON file
     * @throws NullPointerException naming the missing path
     */
    public ReportFiles {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(json, "json");
    }
}
