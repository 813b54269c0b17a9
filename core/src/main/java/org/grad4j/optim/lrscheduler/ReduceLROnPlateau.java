package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;

/**
 * Reduces the learning rate when a metric stops improving, PyTorch's {@code ReduceLROnPlateau}: after
 * more than {@code patience} epochs without improvement (by {@code threshold}, relative or absolute), each
 * group's rate becomes {@code max(lr * factor, min_lr)} (unless that changes it by {@code eps} or less),
 * then {@code cooldown} epochs pass before bad epochs count again.
 *
 * <pre>{@code
 * ReduceLROnPlateau sched = ReduceLROnPlateau.builder(opt).factor(0.5).patience(3).build();
 * sched.step(validationLoss);   // once per epoch
 * }</pre>
 */
public final class ReduceLROnPlateau {
    /** Whether a lower or a higher metric is better, PyTorch's {@code mode}. */
    public enum Mode {
        /** Lower is better, {@code "min"} (the default; a loss). */
        MIN,
        /** Higher is better, {@code "max"} (an accuracy). */
        MAX
    }

    /** How {@code threshold} is applied, PyTorch's {@code threshold_mode}. */
    public enum ThresholdMode {
        /** Relative: better than {@code best * (1 -/+ threshold)}, {@code "rel"} (the default). */
        REL,
        /** Absolute: better than {@code best -/+ threshold}, {@code "abs"}. */
        ABS
    }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double[] minLrs;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private List<Double> lastLr = List.of();

    private ReduceLROnPlateau(Builder b) {
        this.optimizer = b.optimizer;
        this.mode = b.mode;
        this.factor = b.factor;
        this.patience = b.patience;
        this.threshold = b.threshold;
        this.thresholdMode = b.thresholdMode;
        this.cooldown = b.cooldown;
        int groups = optimizer.paramGroups().size();
        this.minLrs = b.minLrs.length == 1 ? filled(groups, b.minLrs[0]) : b.minLrs.clone();
        this.eps = b.eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * A builder with PyTorch's defaults (mode min, factor 0.1, patience 10, threshold 1e-4 relative,
     * cooldown 0, min_lr 0, eps 1e-8).
     *
     * @param optimizer the optimizer
     * @return a new builder
     */
    public static Builder builder(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    /**
     * Records one epoch's metric and reduces the rates if it has not improved for more than
     * {@code patience} epochs.
     *
     * @param metric the monitored value (a validation loss, an accuracy, ...)
     * @throws IllegalStateException if a parameter group was added after the scheduler was created
     */
    public void step(double metric) {
        int groupCount = optimizer.paramGroups().size();
        if (groupCount != minLrs.length) {
            throw new IllegalStateException("ReduceLROnPlateau.step: the optimizer has " + groupCount + " parameter "
                    + "groups but had " + minLrs.length + " when the scheduler was created; create the scheduler after "
                    + "adding every group");
        }
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        List<Double> lrs = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) {
            lrs.add(g.lr());
        }
        lastLr = Collections.unmodifiableList(lrs);
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            double oldLr = groups.get(i).lr();
            double scaled = oldLr * factor;
            double newLr = minLrs[i] > scaled ? minLrs[i] : scaled;   // Python's max(scaled, min_lr)
            if (oldLr - newLr > eps) {
                groups.get(i).setLr(newLr);
            }
        }
    }

    private boolean isBetter(double a, double best) {
        if (mode == Mode.MIN && thresholdMode == ThresholdMode.REL) {
            return a < best * (1. - threshold);
        } else if (mode == Mode.MIN) {
            return a < best - threshold;
        } else if (thresholdMode == ThresholdMode.REL) {
            return a > best * (threshold + 1.);
        }
        return a > best + threshold;
    }

    /**
     * The learning rates after the last {@link #step}, one per group (empty before the first).
     *
     * @return an unmodifiable list
     */
    public List<Double> getLastLr() {
        return lastLr;
    }

    /**
     * The best metric seen so far (infinite before the first step).
     *
     * @return the best value
     */
    public double best() {
        return best;
    }

    /**
     * Consecutive epochs without improvement, as counted now.
     *
     * @return the count
     */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    /**
     * The number of {@link #step} calls.
     *
     * @return the epoch count
     */
    public int lastEpoch() {
        return lastEpoch;
    }

    /**
     * PyTorch's {@code scheduler.state_dict()}: {@code factor}, {@code min_lrs}, {@code patience}, {@code verbose},
     * {@code cooldown}, {@code cooldown_counter}, {@code mode} ("min"/"max"), {@code threshold},
     * {@code threshold_mode} ("rel"/"abs"), {@code best}, {@code num_bad_epochs}, {@code mode_worse}, {@code eps},
     * {@code last_epoch}, in PyTorch's order.
     *
     * @return a new ordered map
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> out = new LinkedHashMap<>();
        arguments(out);
        out.put("cooldown_counter", cooldownCounter);
        out.put("mode", mode == Mode.MIN ? "min" : "max");
        out.put("threshold", threshold);
        out.put("threshold_mode", thresholdMode == ThresholdMode.REL ? "rel" : "abs");
        out.put("best", best);
        out.put("num_bad_epochs", numBadEpochs);
        out.put("mode_worse", mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        out.put("eps", eps);
        out.put("last_epoch", lastEpoch);
        if (lastEpoch > 0) {
            out.put("_last_lr", new ArrayList<>(lastLr));   // PyTorch sets it in step()
        }
        return out;
    }

    private void arguments(Map<String, Object> out) {
        out.put("factor", factor);
        List<Double> mins = new ArrayList<>();
        for (double m : minLrs) {
            mins.add(m);
        }
        out.put("min_lrs", mins);
        out.put("patience", patience);
        out.put("verbose", false);
        out.put("cooldown", cooldown);
    }

    /**
     * PyTorch's {@code scheduler.load_state_dict(sd)}: continues from a saved point ({@code best},
     * {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}). Its arguments must equal this
     * scheduler's (construct it with the same ones; PyTorch would adopt the saved ones silently).
     *
     * @param state a map from {@link #stateDict()} (or PyTorch's)
     * @throws IllegalArgumentException if an entry is missing or of the wrong type, or an argument differs; nothing
     *         is changed then
     */
    public void loadStateDict(Map<String, ?> state) {
        String name = "ReduceLROnPlateau.loadStateDict";
        if (state == null) {
            throw new IllegalArgumentException(name + ": expected a state dict, got null");
        }
        Map<String, Object> own = stateDict();
        for (String key : List.of("factor", "min_lrs", "patience", "cooldown", "mode", "threshold", "threshold_mode",
                "eps")) {
            if (state.containsKey(key) && !LRScheduler.sameValue(own.get(key), state.get(key))) {
                throw new IllegalArgumentException(name + ": the state dict has " + key + "=" + state.get(key)
                        + ", this scheduler has " + own.get(key) + "; construct it with the saved arguments");
            }
        }
        double b = LRScheduler.number(name, state, "best");
        int bad = LRScheduler.integer(name, state, "num_bad_epochs");
        int cool = LRScheduler.integer(name, state, "cooldown_counter");
        int epoch = LRScheduler.integer(name, state, "last_epoch");
        best = b;
        numBadEpochs = bad;
        cooldownCounter = cool;
        lastEpoch = epoch;
    }

    /** Builds a {@link ReduceLROnPlateau}. */
    public static final class Builder {
        private final Optimizer optimizer;
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown;
        private double[] minLrs = {0.0};
        private double eps = 1e-8;

        private Builder(Optimizer optimizer) {
            this.optimizer = optimizer;
        }

        /**
         * Lower or higher is better (default {@link Mode#MIN}).
         *
         * @param value the mode
         * @return this builder
         */
        public Builder mode(Mode value) {
            this.mode = value;
            return this;
        }

        /**
         * The factor applied to the rate on a plateau (default 0.1).
         *
         * @param value below 1
         * @return this builder
         */
        public Builder factor(double value) {
            this.factor = value;
            return this;
        }

        /**
         * Epochs without improvement tolerated before reducing (default 10).
         *
         * @param value non-negative
         * @return this builder
         */
        public Builder patience(int value) {
            this.patience = value;
            return this;
        }

        /**
         * The margin of a significant improvement (default 1e-4).
         *
         * @param value the threshold
         * @return this builder
         */
        public Builder threshold(double value) {
            this.threshold = value;
            return this;
        }

        /**
         * Relative or absolute threshold (default {@link ThresholdMode#REL}).
         *
         * @param value the threshold mode
         * @return this builder
         */
        public Builder thresholdMode(ThresholdMode value) {
            this.thresholdMode = value;
            return this;
        }

        /**
         * Epochs to wait after a reduction before counting bad epochs again (default 0).
         *
         * @param value non-negative
         * @return this builder
         */
        public Builder cooldown(int value) {
            this.cooldown = value;
            return this;
        }

        /**
         * The lowest learning rate: one for every group, or one per group (default 0).
         *
         * @param values one value, or one per group
         * @return this builder
         */
        public Builder minLr(double... values) {
            this.minLrs = values == null ? null : values.clone();
            return this;
        }

        /**
         * Changes of the rate of {@code eps} or less are skipped (default 1e-8).
         *
         * @param value the minimal change
         * @return this builder
         */
        public Builder eps(double value) {
            this.eps = value;
            return this;
        }

        /**
         * The scheduler.
         *
         * @return a new scheduler
         * @throws IllegalArgumentException if an option is invalid (PyTorch's checks)
         */
        public ReduceLROnPlateau build() {
            LRScheduler.check(optimizer != null, "ReduceLROnPlateau: expected an optimizer, got null");
            LRScheduler.check(factor < 1.0, "ReduceLROnPlateau: Factor should be < 1.0, got " + factor);
            LRScheduler.check(mode != null, "ReduceLROnPlateau: mode must be MIN or MAX, got null");
            LRScheduler.check(thresholdMode != null, "ReduceLROnPlateau: threshold mode must be REL or ABS, got null");
            int groups = optimizer.paramGroups().size();
            LRScheduler.check(minLrs != null && (minLrs.length == 1 || minLrs.length == groups),
                    "ReduceLROnPlateau: expected " + groups + " min_lrs, got " + (minLrs == null ? "null" : minLrs.length));
            LRScheduler.check(patience >= 0 && cooldown >= 0, "ReduceLROnPlateau: patience and cooldown must be "
                    + "non-negative, got " + patience + " and " + cooldown);
            return new ReduceLROnPlateau(this);
        }
    }
}
