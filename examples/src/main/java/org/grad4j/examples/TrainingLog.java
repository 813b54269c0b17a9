package org.grad4j.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.grad4j.train.MetricsLog;
import org.grad4j.train.ProgressLine;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training feedback shared by the examples: core's {@link ProgressLine} (a line per epoch: loss, steps/s,
 * ETA) and {@link MetricsLog} (per-step losses as CSV), plus the loss curve as a PNG chart (XChart,
 * headless), which stays here so that core keeps no dependencies.
 */
final class TrainingLog {
    private final ProgressLine progress;
    private final MetricsLog steps = new MetricsLog("epoch", "step", "loss");
    private int epoch = 1;

    /**
     * @param out        where progress lines go (rewritten in place when it is the console's System.out)
     * @param epochs     the planned number of epochs (for the ETA)
     * @param printEvery print a progress line every this many epochs (and after the first and the last)
     */
    TrainingLog(PrintStream out, int epochs, int printEvery) {
        this.progress = new ProgressLine(out, epochs, Math.max(1, printEvery), out == System.out && System.console() != null);
    }

    /** Records the loss of one optimizer step. */
    void step(double loss) {
        steps.add(epoch, steps.size() + 1, loss);
        progress.step(loss);
    }

    /** Ends an epoch: its loss is the mean of its step losses; prints the progress line when due. */
    void endEpoch() {
        endEpoch("");
    }

    /**
     * Ends an epoch like {@link #endEpoch()}, appending {@code extra} (e.g. a test accuracy) to its progress line.
     *
     * @param extra more to report on the line, or empty
     */
    void endEpoch(String extra) {
        progress.endEpoch(extra);
        epoch++;
    }

    /** The mean loss of each finished epoch. */
    List<Double> epochLosses() {
        return progress.epochLosses();
    }

    /** The loss of every step, in order. */
    List<Double> stepLosses() {
        return java.util.Arrays.stream(steps.column("loss")).boxed().toList();
    }

    /** Writes {@code epoch,step,loss}, one row per optimizer step. */
    void writeCsv(Path file) throws IOException {
        steps.writeCsv(file);
    }

    /** An extra chart of an example: its file name in the output folder, and how to draw it there. */
    record Chart(String fileName, ChartWriter writer) {
    }

    /** Draws one chart into a file. */
    @FunctionalInterface
    interface ChartWriter {
        void write(Path file) throws IOException;
    }

    /**
     * Writes a run's files into {@code dir}: {@code loss.csv}, {@code metrics.csv} (unless {@code metrics} is
     * null), and, where this Java runtime can draw (a trimmed one, jlink without java.desktop, cannot), the loss
     * curve as {@code loss.png} titled {@code title} and then {@code charts}; prints the files it wrote.
     *
     * @return whether the PNGs were written
     * @throws UncheckedIOException naming {@code program} and the folder when a file cannot be written
     */
    boolean writeFiles(String program, Path dir, MetricsLog metrics, String title, PrintStream out, Chart... charts) {
        boolean imaging = ModuleLayer.boot().findModule("java.desktop").isPresent();
        List<Path> written = new ArrayList<>();
        try {
            written.add(dir.resolve("loss.csv"));
            writeCsv(written.get(0));
            if (metrics != null) {
                written.add(dir.resolve("metrics.csv"));
                metrics.writeCsv(written.get(1));
            }
            if (imaging) {
                written.add(dir.resolve("loss.png"));
                writePng(written.get(written.size() - 1), title);
                for (Chart chart : charts) {
                    written.add(dir.resolve(chart.fileName()));
                    chart.writer().write(written.get(written.size() - 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(program + ": cannot write the curves to " + dir.toAbsolutePath(), e);
        }
        StringBuilder line = new StringBuilder("wrote ").append(written.get(0));
        for (int i = 1; i < written.size(); i++) {
            line.append(i == written.size() - 1 ? " and " : ", ").append(written.get(i));
        }
        out.println(imaging ? line : line + " (no PNG: this Java runtime lacks the java.desktop module)");
        return imaging;
    }

    /**
     * Writes the loss curve as an 800x500 PNG: every step's loss (light) and each epoch's mean (drawn at
     * the epoch's end), against the epoch, on a logarithmic axis when every loss is positive.
     */
    void writePng(Path file, String title) throws IOException {
        List<Double> epochLosses = progress.epochLosses();
        double[] losses = steps.column("loss");
        int n = losses.length;
        int stepsPerEpoch = Math.max(1, n / Math.max(1, epochLosses.size()));
        double[] stepX = new double[n];
        double[] stepY = new double[n];
        boolean positive = true;
        for (int i = 0; i < n; i++) {
            stepX[i] = (double) i / stepsPerEpoch;
            stepY[i] = losses[i];
            positive &= stepY[i] > 0;
        }
        double[] epochX = new double[epochLosses.size()];
        double[] epochY = new double[epochLosses.size()];
        for (int i = 0; i < epochX.length; i++) {
            epochX[i] = i + 1;
            epochY[i] = epochLosses.get(i);
            positive &= epochY[i] > 0;
        }
        XYChart chart = epochChart(title, "loss");
        chart.getStyler().setYAxisLogarithmic(positive);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.getStyler().setXAxisMin(0.0);
        writeTwoSeries(file, chart, "loss per step", stepX, stepY, "mean loss per epoch", epochX, epochY);
    }

    /** An 800x500 chart against the epoch; sets headless mode first, before any AWT class loads. */
    static XYChart epochChart(String title, String yAxisTitle) {
        System.setProperty("java.awt.headless", "true");
        return new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle(yAxisTitle)
                .build();
    }

    /**
     * Adds a light line ({@code light}, no markers) and a dark one with circles ({@code dark}) to {@code chart},
     * white behind, and writes it as a PNG, creating the folder.
     */
    static void writeTwoSeries(Path file, XYChart chart, String light, double[] lightX, double[] lightY, String dark,
            double[] darkX, double[] darkY) throws IOException {
        createParent(file);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        XYSeries lightSeries = chart.addSeries(light, lightX, lightY);
        lightSeries.setMarker(SeriesMarkers.NONE);
        lightSeries.setLineColor(new java.awt.Color(150, 180, 230));
        XYSeries darkSeries = chart.addSeries(dark, darkX, darkY);
        darkSeries.setMarker(SeriesMarkers.CIRCLE);
        darkSeries.setLineColor(new java.awt.Color(200, 60, 30));
        darkSeries.setMarkerColor(new java.awt.Color(200, 60, 30));
        try (OutputStream os = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
