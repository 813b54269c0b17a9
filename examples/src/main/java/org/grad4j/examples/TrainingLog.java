package org.grad4j.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Writes the loss curve as an 800x500 PNG: every step's loss (light) and each epoch's mean (drawn at
     * the epoch's end), against the epoch, on a logarithmic axis when every loss is positive.
     */
    void writePng(Path file, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        createParent(file);
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
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch")
                .yAxisTitle("loss").build();
        chart.getStyler().setYAxisLogarithmic(positive);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        XYSeries perStep = chart.addSeries("loss per step", stepX, stepY);
        perStep.setMarker(SeriesMarkers.NONE);
        perStep.setLineColor(new java.awt.Color(150, 180, 230));
        XYSeries perEpoch = chart.addSeries("mean loss per epoch", epochX, epochY);
        perEpoch.setMarker(SeriesMarkers.CIRCLE);
        perEpoch.setLineColor(new java.awt.Color(200, 60, 30));
        perEpoch.setMarkerColor(new java.awt.Color(200, 60, 30));
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
