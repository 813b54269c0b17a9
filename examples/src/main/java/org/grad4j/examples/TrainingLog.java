package org.grad4j.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training feedback shared by the examples: per-step losses, a progress line per epoch (epoch,
 * mean loss, steps/s, ETA), and the loss curve written as CSV and as a PNG chart (XChart, headless).
 */
final class TrainingLog {
    private final PrintStream out;
    private final int epochs;
    private final int printEvery;
    private final List<double[]> steps = new ArrayList<>(); // {epoch, step, loss}
    private final List<Double> epochLosses = new ArrayList<>();
    private final long start = System.nanoTime();
    private double epochSum;
    private int epochSteps;

    /**
     * @param out        where progress lines go
     * @param epochs     the planned number of epochs (for the ETA)
     * @param printEvery print a progress line every this many epochs (and after the last one)
     */
    TrainingLog(PrintStream out, int epochs, int printEvery) {
        this.out = out;
        this.epochs = epochs;
        this.printEvery = Math.max(1, printEvery);
    }

    /** Records the loss of one optimizer step. */
    void step(double loss) {
        steps.add(new double[] {epochLosses.size() + 1, steps.size() + 1, loss});
        epochSum += loss;
        epochSteps++;
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
        double mean = epochSteps == 0 ? Double.NaN : epochSum / epochSteps;
        epochLosses.add(mean);
        epochSum = 0;
        epochSteps = 0;
        int done = epochLosses.size();
        if (done % printEvery == 0 || done == epochs || done == 1) {
            double seconds = (System.nanoTime() - start) / 1e9;
            double stepsPerSecond = steps.size() / Math.max(seconds, 1e-9);
            double eta = seconds / done * (epochs - done);
            int width = Integer.toString(epochs).length();
            out.println(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.6f  %.0f steps/s  ETA %.1f s",
                    done, epochs, mean, stepsPerSecond, Math.max(eta, 0)) + (extra.isEmpty() ? "" : "  " + extra));
        }
    }

    /** The mean loss of each finished epoch. */
    List<Double> epochLosses() {
        return List.copyOf(epochLosses);
    }

    /** The loss of every step, in order. */
    List<Double> stepLosses() {
        return steps.stream().map(s -> s[2]).toList();
    }

    /** Writes {@code epoch,step,loss}, one row per optimizer step. */
    void writeCsv(Path file) throws IOException {
        createParent(file);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("epoch,step,loss\n");
            for (double[] s : steps) {
                w.write((int) s[0] + "," + (int) s[1] + "," + s[2] + "\n");
            }
        }
    }

    /**
     * Writes the loss curve as an 800x500 PNG: every step's loss (light) and each epoch's mean (drawn at
     * the epoch's end), against the epoch, on a logarithmic axis when every loss is positive.
     */
    void writePng(Path file, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        createParent(file);
        int n = steps.size();
        int stepsPerEpoch = Math.max(1, n / Math.max(1, epochLosses.size()));
        double[] stepX = new double[n];
        double[] stepY = new double[n];
        boolean positive = true;
        for (int i = 0; i < n; i++) {
            stepX[i] = (double) i / stepsPerEpoch;
            stepY[i] = steps.get(i)[2];
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
