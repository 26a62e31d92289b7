/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.Proportion;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Inline SVG charts for the reports: no scripts, no external resources. */
final class SvgCharts {
    static final String[] COLORS = {"#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2"};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** One named series of proportions keyed by category (field or month). */
    record Series(String name, Map<String, Proportion> values) {
    }

    private SvgCharts() {
    }

    /** Horizontal bars per category and series, each with its 95% interval as an error bar. */
    static String barsWithIntervals(String id, String title, List<Series> series) {
        Set<String> categories = new LinkedHashSet<>();
        series.forEach(s -> categories.addAll(s.values().keySet()));
        int left = 150;
        int plot = 470;
        int barH = 14;
        int rowH = Math.max(1, series.size()) * (barH + 3) + 12;
        int width = left + plot + 120;
        int top = 34 + 16 * legendLines(series, 10, width - 10);
        int height = top + Math.max(1, categories.size()) * rowH + 40;
        StringBuilder svg = open(id, title, width, height);
        legend(svg, series, 10, 38, width - 10);
        if (categories.isEmpty()) {
            return empty(svg, width, height);
        }
        for (int tick = 0; tick <= 100; tick += 20) {
            double x = left + plot * tick / 100.0;
            svg.append(line(x, top - 4, x, height - 34, "#e5e7eb", 1));
            svg.append(text(x, height - 20, tick + "%", "middle", 11, "#6b7280"));
        }
        int row = 0;
        for (String category : categories) {
            double y0 = top + row * rowH;
            svg.append(text(left - 8, y0 + rowH / 2.0 + 4, category, "end", 12, "#111827"));
            for (int s = 0; s < series.size(); s++) {
                Proportion p = series.get(s).values().get(category);
                if (p == null) {
                    continue;
                }
                double y = y0 + 6 + s * (barH + 3);
                double w = plot * p.rate();
                String color = COLORS[s % COLORS.length];
                svg.append(String.format(Locale.ROOT,
                    "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                        + "<title>%s %s: %s</title></rect>",
                    left, y, Math.max(w, 0.5), barH, color, esc(series.get(s).name()), esc(category), esc(describe(p))));
                double cy = y + barH / 2.0;
                double lo = left + plot * p.lower();
                double hi = left + plot * p.upper();
                svg.append(String.format(Locale.ROOT,
                    "<path class=\"error-bar\" d=\"M%.1f %.1f H%.1f M%.1f %.1f V%.1f M%.1f %.1f V%.1f\" stroke=\"#111827\" "
                        + "stroke-width=\"1.2\" fill=\"none\"/>",
                    lo, cy, hi, lo, cy - 4, cy + 4, hi, cy - 4, cy + 4));
                svg.append(text(left + plot + 6, cy + 4, percent(p.rate()) + " (" + p.successes() + "/" + p.total() + ")",
                    "start", 11, "#374151"));
            }
            row++;
        }
        return svg.append("</svg>").toString();
    }

    /** A line per series across ordered categories (months), with error bars at each point. */
    static String linesWithIntervals(String id, String title, List<String> categories, List<Series> series) {
        int left = 60;
        int plot = 560;
        int plotH = 220;
        int width = left + plot + 40;
        int top = 40 + 16 * legendLines(series, 10, width - 10);
        int height = top + plotH + 50;
        StringBuilder svg = open(id, title, width, height);
        legend(svg, series, 10, 38, width - 10);
        boolean any = series.stream().anyMatch(s -> s.values().values().stream().anyMatch(p -> p.total() > 0));
        if (categories.isEmpty() || !any) {
            return empty(svg, width, height);
        }
        double max = 0.1;
        for (Series s : series) {
            for (Proportion p : s.values().values()) {
                if (p.total() > 0) {
                    max = Math.max(max, p.upper());
                }
            }
        }
        max = Math.min(1.0, Math.ceil(max * 10) / 10.0);
        for (int i = 0; i <= 5; i++) {
            double v = max * i / 5;
            double y = top + plotH - plotH * v / max;
            svg.append(line(left, y, left + plot, y, "#e5e7eb", 1));
            svg.append(text(left - 6, y + 4, percent(v), "end", 11, "#6b7280"));
        }
        double step = categories.size() == 1 ? 0 : (double) plot / (categories.size() - 1);
        for (int i = 0; i < categories.size(); i++) {
            double x = categories.size() == 1 ? left + plot / 2.0 : left + i * step;
            svg.append(text(x, top + plotH + 20, categories.get(i), "middle", 11, "#374151"));
        }
        for (int s = 0; s < series.size(); s++) {
            String color = COLORS[s % COLORS.length];
            StringBuilder d = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < categories.size(); i++) {
                Proportion p = series.get(s).values().get(categories.get(i));
                if (p == null || p.total() == 0) {
                    pen = false;
                    continue;
                }
                double x = categories.size() == 1 ? left + plot / 2.0 : left + i * step;
                double y = top + plotH - plotH * p.rate() / max;
                d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x, y));
                pen = true;
                double lo = top + plotH - plotH * p.lower() / max;
                double hi = top + plotH - plotH * p.upper() / max;
                marks.append(String.format(Locale.ROOT,
                    "<path class=\"error-bar\" d=\"M%.1f %.1f V%.1f M%.1f %.1f H%.1f M%.1f %.1f H%.1f\" stroke=\"%s\" "
                        + "stroke-width=\"1\" fill=\"none\"/>",
                    x, lo, hi, x - 4, lo, x + 4, x - 4, hi, x + 4, color));
                marks.append(String.format(Locale.ROOT,
                    "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s %s: %s</title></circle>",
                    x, y, color, esc(series.get(s).name()), esc(categories.get(i)), esc(describe(p))));
                marks.append(text(x + 6, y - 6, percent(p.rate()), "start", 10, color));
            }
            if (d.length() > 0) {
                svg.append("<path class=\"series\" d=\"").append(d.toString().trim()).append("\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\" fill=\"none\"/>");
            }
            svg.append(marks);
        }
        return svg.append("</svg>").toString();
    }

    /** The candidate's rollout percentage after each deployment change, as a step line. */
    static String rollout(String id, String title, List<DeploymentEvent> events) {
        int left = 60;
        int plot = 560;
        int top = 36;
        int plotH = 180;
        int width = left + plot + 40;
        int height = top + plotH + 60;
        StringBuilder svg = open(id, title, width, height);
        if (events.isEmpty()) {
            return empty(svg, width, height);
        }
        for (int v = 0; v <= 100; v += 25) {
            double y = top + plotH - plotH * v / 100.0;
            svg.append(line(left, y, left + plot, y, "#e5e7eb", 1));
            svg.append(text(left - 6, y + 4, v + "%", "end", 11, "#6b7280"));
        }
        int pad = 40;
        double step = events.size() == 1 ? 0 : (double) (plot - 2 * pad) / (events.size() - 1);
        StringBuilder d = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        double prevY = Double.NaN;
        for (int i = 0; i < events.size(); i++) {
            DeploymentEvent e = events.get(i);
            double x = events.size() == 1 ? left + plot / 2.0 : left + pad + i * step;
            double y = top + plotH - plotH * e.deployment().rolloutPercent() / 100.0;
            if (Double.isNaN(prevY)) {
                d.append(String.format(Locale.ROOT, "M%.1f %.1f ", x, y));
            } else {
                d.append(String.format(Locale.ROOT, "H%.1f V%.1f ", x, y));
            }
            prevY = y;
            String color = e.action().equals("rollback") || e.action().equals("halt") ? "#dc2626" : "#2563eb";
            marks.append(String.format(Locale.ROOT,
                "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s %s: %d%% (%s)</title></circle>",
                x, y, color, esc(DAY.format(e.at())), esc(e.action()), e.deployment().rolloutPercent(), esc(e.reason())));
            marks.append(text(x, y - 8, e.action() + " " + e.deployment().rolloutPercent() + "%", "middle", 10, color));
            marks.append(text(x, top + plotH + 18, DAY.format(e.at()), "middle", 10, "#374151"));
        }
        svg.append("<path class=\"series\" d=\"").append(d.toString().trim())
            .append("\" stroke=\"#2563eb\" stroke-width=\"2\" fill=\"none\"/>");
        svg.append(marks);
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String title, int width, int height) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
            "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            esc(id), width, height, width, height, esc(title)));
        svg.append(String.format(Locale.ROOT, "<rect class=\"background\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>",
            width, height));
        svg.append(text(10, 20, title, "start", 14, "#111827").replace("<text ", "<text font-weight=\"600\" "));
        return svg;
    }

    /** Draws the legend from {@code y}, wrapping at {@code maxX}; returns the number of lines used. */
    private static int legend(StringBuilder svg, List<Series> series, int x0, int y, int maxX) {
        int x = x0;
        int lines = series.isEmpty() ? 0 : 1;
        for (int s = 0; s < series.size(); s++) {
            String name = series.get(s).name();
            int w = 24 + (int) Math.ceil(6.5 * name.length());
            if (x > x0 && x + w > maxX) {
                x = x0;
                y += 16;
                lines++;
            }
            String color = COLORS[s % COLORS.length];
            svg.append(String.format(Locale.ROOT, "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                x, y - 9, color));
            svg.append(text(x + 14, y, name, "start", 11, "#374151"));
            x += w;
        }
        return lines;
    }

    /** Height the legend of {@code series} takes when wrapped at {@code maxX}. */
    private static int legendLines(List<Series> series, int x0, int maxX) {
        return legend(new StringBuilder(), series, x0, 0, maxX);
    }

    private static String empty(StringBuilder svg, int width, int height) {
        svg.append(text(width / 2.0, height / 2.0, "no data for this period", "middle", 13, "#6b7280"));
        return svg.append("</svg>").toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String color, double w) {
        return String.format(Locale.ROOT, "<path d=\"M%.1f %.1f L%.1f %.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
            x1, y1, x2, y2, color, w);
    }

    static String text(double x, double y, String content, String anchor, int size, String color) {
        return String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\" "
                + "font-family=\"system-ui, sans-serif\">%s</text>",
            x, y, anchor, size, color, esc(content));
    }

    static String describe(Proportion p) {
        return percent(p.rate()) + " (" + p.successes() + "/" + p.total() + "), 95% CI " + percent(p.lower()) + "-"
            + percent(p.upper());
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    /** Escapes text for HTML and SVG content and attributes. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(ch);
            }
        }
        return out.toString();
    }
}
