package org.grad4j.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A progress line per epoch: {@code epoch  3/20  loss 0.412345  5120 steps/s  ETA 1.4 s}, with anything the
 * caller appends. On a terminal ({@code System.console() != null}) the line is rewritten in place with
 * {@code '\r'} every epoch and ended with a newline after the last; elsewhere (a pipe, a log file, Maven's
 * output) it prints plain lines, every {@code printEvery} epochs and after the first and the last.
 *
 * <p>The rate and the ETA come from the most recent steps (the latest half of all steps so far, at most 4096),
 * not from the average since the start: the first steps run while the JIT compiler is still cold and can be
 * ten or a hundred times slower, which made a first-epoch ETA of 80 s for a run that ends in under one
 * second. While fewer than 4 steps have run there is no warm step to go by, and the ETA prints as {@code ?}.
 *
 * <p>Not thread-safe: call it from the training loop.
 */
public final class ProgressLine {
    /** At most this many recent steps make the rate. */
    private static final int WINDOW = 4096;
    /** Below this many steps in all, there is no warm window: the ETA prints as "?". */
    private static final int MIN_STEPS_FOR_ETA = 4;
    private final PrintStream out;
    private final int epochs;
    private final int printEvery;
    private final boolean inPlace;
    private final List<Double> epochLosses = new ArrayList<>();
    /** End times (clock) of the latest WINDOW steps, a ring indexed by step number. */
    private final long[] stepEnds = new long[WINDOW];
    private long totalSteps;
    private long epochStart;
    private double epochSum;
    private int epochSteps;
    private int lastLength;
    /** The clock, System.nanoTime; replaced in tests. */
    java.util.function.LongSupplier clock = System::nanoTime;

    /**
     * A progress line on {@code System.out}, in place when it is a terminal, printed every epoch.
     *
     * @param epochs the planned number of epochs (for the ETA), positive
     */
    public ProgressLine(int epochs) {
        this(System.out, epochs, 1, System.console() != null);
    }

    /**
     * A progress line with every option.
     *
     * @param out where the lines go
     * @param epochs the planned number of epochs (for the ETA), positive
     * @param printEvery print a plain line every this many epochs (and after the first and the last); ignored
     *                   in place, where every epoch rewrites the line
     * @param inPlace rewrite one line with {@code '\r'} (for a terminal) instead of printing lines
     * @throws IllegalArgumentException if {@code out} is null or {@code epochs} or {@code printEvery} is not positive
     */
    public ProgressLine(PrintStream out, int epochs, int printEvery, boolean inPlace) {
        if (out == null) {
            throw new IllegalArgumentException("ProgressLine: expected an output stream, got null");
        }
        if (epochs <= 0 || printEvery <= 0) {
            throw new IllegalArgumentException("ProgressLine: epochs and printEvery must be positive, got epochs="
                    + epochs + ", printEvery=" + printEvery);
        }
        this.out = out;
        this.epochs = epochs;
        this.printEvery = printEvery;
        this.inPlace = inPlace;
        this.epochStart = clock.getAsLong();   // the first epoch starts now unless startEpoch() says otherwise
    }

    /**
     * Starts timing the current epoch now; otherwise an epoch starts when the previous one ended (the first
     * at construction). Call it before the first batch if setup work happened since.
     */
    public void startEpoch() {
        epochStart = clock.getAsLong();
    }

    /**
     * Records one optimizer step and its loss.
     *
     * @param loss the step's loss
     */
    public void step(double loss) {
        stepEnds[(int) (totalSteps++ % WINDOW)] = clock.getAsLong();
        epochSteps++;
        epochSum += loss;
    }

    /**
     * Ends an epoch; prints its line when due.
     *
     * @return the epoch's loss: the mean of its step losses (NaN without steps)
     */
    public double endEpoch() {
        return endEpoch("");
    }

    /**
     * Ends an epoch and prints its line when due, with {@code extra} appended (e.g. {@code "acc 97.2%"}).
     *
     * @param extra text appended to the line after two spaces; empty for none
     * @return the epoch's loss: the mean of its step losses (NaN without steps)
     */
    public double endEpoch(String extra) {
        long now = clock.getAsLong();
        double mean = epochSteps == 0 ? Double.NaN : epochSum / epochSteps;
        epochLosses.add(mean);
        int done = epochLosses.size();
        double rate = rate(now);
        double seconds = epochSteps == 0 ? (now - epochStart) / 1e9 : epochSteps / rate;
        // With too few steps every one was JIT-cold: no honest estimate yet (unless nothing is left).
        double eta = done >= epochs ? 0 : totalSteps < MIN_STEPS_FOR_ETA && epochSteps > 0 ? Double.NaN
                : (epochs - done) * seconds;
        String line = format(done, mean, rate, eta, extra);
        if (inPlace) {
            String pad = lastLength > line.length() ? " ".repeat(lastLength - line.length()) : "";
            out.print("\r" + line + pad + (done >= epochs ? System.lineSeparator() : ""));
            out.flush();
            lastLength = line.length();
        } else if (done % printEvery == 0 || done == 1 || done == epochs) {
            out.println(line);
        }
        epochSum = 0;
        epochSteps = 0;
        epochStart = now;
        return mean;
    }

    /**
     * Ends the line on a terminal when training stops before the planned epochs (a no-op otherwise).
     */
    public void finish() {
        if (inPlace && lastLength > 0 && epochLosses.size() < epochs) {
            out.println();
            lastLength = 0;
        }
    }

    /**
     * The loss of each finished epoch (the mean of its steps).
     *
     * @return a copy, in epoch order
     */
    public List<Double> epochLosses() {
        return List.copyOf(epochLosses);
    }

    /**
     * Steps per second over the latest half of all steps so far (at most WINDOW of them), so JIT-cold early
     * steps drop out as training goes on; from the latest epoch's wall time while there are too few steps.
     */
    private double rate(long now) {
        if (totalSteps < MIN_STEPS_FOR_ETA) {
            return epochSteps / Math.max((now - epochStart) / 1e9, 1e-9);
        }
        long k = Math.min(totalSteps / 2, WINDOW - 1);   // intervals between the latest k+1 step ends
        long last = stepEnds[(int) ((totalSteps - 1) % WINDOW)];
        long first = stepEnds[(int) ((totalSteps - 1 - k) % WINDOW)];
        return k / Math.max((last - first) / 1e9, 1e-9);
    }

    /** The line, without the terminal control characters. */
    String format(int done, double loss, double stepsPerSecond, double eta, String extra) {
        int width = Integer.toString(epochs).length();
        String line = String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.6f  %.0f steps/s  ETA %s",
                done, epochs, loss, stepsPerSecond, duration(eta));
        return extra == null || extra.isEmpty() ? line : line + "  " + extra;
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 3600 ? String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
