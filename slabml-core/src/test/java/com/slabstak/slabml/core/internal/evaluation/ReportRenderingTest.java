/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.slabstak.slabml.AbTestResult;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a monthly report in headless Chromium (Debian's {@code chromium} package) and checks
 * that the page and its charts render with content. Skipped, with a message, when no Chromium is
 * on the PATH. The screenshot is kept as {@code target/report-rendering/monthly_report.png}.
 */
class ReportRenderingTest {
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    private Path chromium;
    private Path html;

    @BeforeEach
    void setUp() {
        Optional<Path> found = findChromium();
        String missing = "Chromium is not installed (Debian: apt-get install -y chromium); "
            + "the report rendering test needs it";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            // In CI a skipped browser check would pass unnoticed: the run fails instead.
            throw new IllegalStateException(missing + ", and CI=true forbids skipping it");
        }
        if (found.isEmpty()) {
            System.err.println("WARNING: ReportRenderingTest skipped: " + missing);
        }
        assumeTrue(found.isPresent(), missing);
        chromium = found.get();
        ReportFixtures f = new ReportFixtures(dir.resolve("results"));
        AbTestResult ab = f.abTest();
        MonthlyReport report = MonthlyReport.assemble(f.evaluator, f.registry, YearMonth.of(2026, 11), 3, f.clock)
            .toBuilder().putEvaluation("base (holdout)", ab.reportA()).putEvaluation("fine-tuned (holdout)", ab.reportB())
            .abTest(ab).build();
        html = ReportWriter.writeHtml(report, dir.resolve("report.html"));
    }

    @Test
    void dumpDom_monthlyReport_rendersEverySvgChartWithShapesAndNumbers() throws Exception {
        String dom = run("--dump-dom", html.toUri().toString());

        assertThat(dom).contains("SlabML monthly report: 2026-11");
        for (String id : List.of("holdout-accuracy", "ab-accuracy", "production-accuracy", "correction-rate",
            "rollout-card_identification")) {
            Matcher m = Pattern.compile("<svg[^>]*id=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
            assertThat(m.find()).as("chart %s in the rendered DOM", id).isTrue();
            String svg = m.group();
            assertThat(svg).as(id).containsPattern("<(rect|circle)[^>]*class=\"(bar|point)\"").contains("<path")
                .containsPattern("\\d+(\\.\\d)?%");
        }
        assertThat(dom).contains("88.0% (44/50)", "8.0% (12/150)", "promote 100%");
    }

    @Test
    void screenshot_monthlyReport_isNotBlankAndShowsTheChartColours() throws Exception {
        Path png = Files.createDirectories(Path.of("target", "report-rendering")).resolve("monthly_report.png");
        Files.deleteIfExists(png);

        run("--screenshot=" + png.toAbsolutePath(), "--window-size=1100,3800", "--hide-scrollbars",
            html.toUri().toString());

        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        long nonWhite = 0;
        long chartBlue = 0;
        long chartOrange = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r < 235 || g < 235 || b < 235) {
                    nonWhite++;
                }
                if (near(r, g, b, 0x25, 0x63, 0xeb, 60)) {
                    chartBlue++;
                }
                if (near(r, g, b, 0xea, 0x58, 0x0c, 60)) {
                    chartOrange++;
                }
            }
        }
        long sampled = (long) ((image.getWidth() + 1) / 2) * ((image.getHeight() + 1) / 2);
        assertThat(nonWhite).as("non-white share of the page").isGreaterThan(sampled / 50);
        assertThat(chartBlue).as("pixels in the first series colour (bars, lines)").isGreaterThan(500);
        assertThat(chartOrange).as("pixels in the second series colour").isGreaterThan(200);
    }

    private static boolean near(int r, int g, int b, int tr, int tg, int tb, int tolerance) {
        return Math.abs(r - tr) + Math.abs(g - tg) + Math.abs(b - tb) < tolerance;
    }

    private String run(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path out = dir.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = dir.resolve("chromium-" + System.nanoTime() + ".err");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium exit code; stderr: %s", stderr).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> findChromium() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
            .flatMap(d -> Stream.of("chromium", "chromium-browser").map(n -> Path.of(d, n)))
            .filter(Files::isExecutable)
            .findFirst();
    }
}
