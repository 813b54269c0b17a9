package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;

/**
 * The cyclical learning-rate policy, PyTorch 1.13's {@code CyclicLR}: the rate moves between {@code baseLr} and
 * {@code maxLr} in cycles of {@code stepSizeUp + stepSizeDown} batches, its amplitude scaled per cycle
 * ({@code TRIANGULAR}: 1, {@code TRIANGULAR2}: halved each cycle) or per batch ({@code EXP_RANGE}:
 * {@code gamma^batch}) or by a custom {@code scaleFn}; with {@code cycleMomentum} (the default) the group's
 * {@code "momentum"} moves the opposite way between {@code maxMomentum} and {@code baseMomentum}. Stepped once per
 * batch.
 *
 * <p>As in 1.13, cycling the momentum needs an optimizer with a {@code momentum} option (SGD, RMSprop): for Adam
 * and AdamW (whose {@code betas} 1.13's CyclicLR does not cycle) use {@code cycleMomentum(false)}.
 *
 * <pre>{@code
 * CyclicLR sched = CyclicLR.builder(opt, 0.001, 0.1).stepSizeUp(500).mode(CyclicLR.Mode.TRIANGULAR2).build();
 * }</pre>
 */
public final class CyclicLR extends LRScheduler {
    /** The built-in amplitude policies, PyTorch's {@code mode}. */
    public enum Mode {
        /** Constant amplitude, {@code "triangular"} (the default). */
        TRIANGULAR("triangular"),
        /** The amplitude halves each cycle, {@code "triangular2"}. */
        TRIANGULAR2("triangular2"),
        /** The amplitude is scaled by {@code gamma^batch}, {@code "exp_range"}. */
        EXP_RANGE("exp_range");

        private final String pyName;

        Mode(String pyName) {
            this.pyName = pyName;
        }
    }

    /** What a custom scale function is given, PyTorch's {@code scale_mode}. */
    public enum ScaleMode {
        /** The cycle number, from 1, {@code "cycle"} (the default). */
        CYCLE,
        /** The batch index ({@code last_epoch}), {@code "iterations"}. */
        ITERATIONS
    }

    private final double[] maxLrs;
    private final double totalSize;
    private final double stepRatio;
    private final Mode mode;
    private final double gamma;
    private final IntToDoubleFunction customScaleFn;
    private final ScaleMode scaleMode;
    private final boolean cycleMomentum;
    private double[] baseMomentums;
    private final double[] maxMomentums;

    private CyclicLR(Builder b, double[] baseMomentums) {
        super(b.optimizer, b.lastEpoch);
        int groups = b.optimizer.paramGroups().size();
        this.maxLrs = expand(b.maxLrs, groups);
        double up = b.stepSizeUp;
        double down = b.stepSizeDown == null ? up : b.stepSizeDown;
        this.totalSize = up + down;
        this.stepRatio = up / totalSize;
        this.mode = b.mode;
        this.gamma = b.gamma;
        this.customScaleFn = b.scaleFn;
        this.scaleMode = b.scaleFn != null ? b.scaleMode : mode == Mode.EXP_RANGE ? ScaleMode.ITERATIONS : ScaleMode.CYCLE;
        this.cycleMomentum = b.cycleMomentum;
        this.baseMomentums = baseMomentums;
        this.maxMomentums = b.cycleMomentum ? expand(b.maxMomentums, groups) : null;
        // PyTorch steps once with base_lrs = the groups' initial_lr, then sets base_lrs = base_lr
        initialStep();
        setBaseLrs(expand(b.baseLrs, groups));
    }

    /**
     * A builder; PyTorch's {@code CyclicLR(optimizer, base_lr, max_lr)} with the defaults (step_size_up 2000,
     * triangular, cycle_momentum with momentum between 0.8 and 0.9).
     *
     * @param optimizer the optimizer
     * @param baseLr the lower rate of every group
     * @param maxLr the upper rate of every group
     * @return a new builder
     */
    public static Builder builder(Optimizer optimizer, double baseLr, double maxLr) {
        return new Builder(optimizer, new double[] {baseLr}, new double[] {maxLr});
    }

    /**
     * A builder with one lower and one upper rate per group (or one for every group).
     *
     * @param optimizer the optimizer
     * @param baseLrs the lower rates: one for every group, or one per group
     * @param maxLrs the upper rates: one for every group, or one per group
     * @return a new builder
     */
    public static Builder builder(Optimizer optimizer, double[] baseLrs, double[] maxLrs) {
        return new Builder(optimizer, baseLrs == null ? null : baseLrs.clone(), maxLrs == null ? null : maxLrs.clone());
    }

    private static double[] expand(double[] values, int groups) {
        double[] out = new double[groups];
        for (int i = 0; i < groups; i++) {
            out[i] = values.length == 1 ? values[0] : values[i];
        }
        return out;
    }

    private double scale(long x) {
        if (customScaleFn != null) {
            return customScaleFn.applyAsDouble((int) x);
        }
        return switch (mode) {
            case TRIANGULAR -> 1.;
            case TRIANGULAR2 -> 1 / PyMath.pow(2., x - 1);
            case EXP_RANGE -> PyMath.pow(gamma, x);
        };
    }

    @Override
    protected double[] getLr() {
        int epoch = lastEpoch();
        long cycle = (long) Math.floor(1 + epoch / totalSize);
        double x = 1. + epoch / totalSize - cycle;
        if (x <= stepRatio && stepRatio == 0) {
            throw new IllegalStateException("CyclicLR.step: ZeroDivisionError: float division by zero (step_size_up is 0, "
                    + "batch " + epoch + " starts a cycle), as PyTorch 1.13");
        }
        double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double scale = scale(scaleMode == ScaleMode.CYCLE ? cycle : epoch);
        double[] lrs = new double[maxLrs.length];
        for (int i = 0; i < lrs.length; i++) {
            double baseHeight = (maxLrs[i] - baseLr(i)) * scaleFactor;
            lrs[i] = baseLr(i) + baseHeight * scale;
        }
        if (cycleMomentum) {
            List<ParamGroup> groups = optimizer().paramGroups();
            for (int i = 0; i < lrs.length; i++) {
                double baseHeight = (maxMomentums[i] - baseMomentums[i]) * scaleFactor;
                groups.get(i).set("momentum", maxMomentums[i] - baseHeight * scale);
            }
        }
        return lrs;
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("max_lrs", list(maxLrs));
        out.put("total_size", totalSize);
        out.put("step_ratio", stepRatio);
        out.put("mode", mode == null ? null : mode.pyName);   // None with a scale_fn, as given
        out.put("gamma", gamma);
        out.put("_scale_fn_custom", null);   // PyTorch: the function itself
        out.put("_scale_fn_ref", customScaleFn == null ? mode.pyName : null);   // PyTorch: a weak method
        out.put("scale_mode", scaleMode == ScaleMode.CYCLE ? "cycle" : "iterations");
        out.put("cycle_momentum", cycleMomentum);
        if (cycleMomentum) {
            out.put("base_momentums", list(baseMomentums));
            out.put("max_momentums", list(maxMomentums));
        }
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    @Override
    Set<String> stateKeys() {
        return Set.of("base_momentums", "_scale_fn_custom", "_scale_fn_ref");
    }

    @Override
    Runnable loadOwnState(String name, Map<String, ?> state) {
        if (!cycleMomentum || !state.containsKey("base_momentums")) {
            return () -> {
            };
        }
        double[] loaded = doubles(name, state, "base_momentums");
        check(loaded.length == baseMomentums.length, name + ": the state dict has " + loaded.length
                + " base_momentums, the optimizer " + baseMomentums.length + " parameter groups");
        return () -> baseMomentums = loaded;
    }

    /** Builds a {@link CyclicLR}; every option defaults to PyTorch's default. */
    public static final class Builder {
        private final Optimizer optimizer;
        private final double[] baseLrs;
        private final double[] maxLrs;
        private int stepSizeUp = 2000;
        private Integer stepSizeDown;
        private Mode mode = Mode.TRIANGULAR;
        private double gamma = 1.0;
        private IntToDoubleFunction scaleFn;
        private ScaleMode scaleMode = ScaleMode.CYCLE;
        private boolean cycleMomentum = true;
        private double[] baseMomentums = {0.8};
        private double[] maxMomentums = {0.9};
        private int lastEpoch = -1;

        private Builder(Optimizer optimizer, double[] baseLrs, double[] maxLrs) {
            this.optimizer = optimizer;
            this.baseLrs = baseLrs;
            this.maxLrs = maxLrs;
        }

        /**
         * Batches in the increasing half of a cycle (default 2000).
         *
         * @param value the number of batches
         * @return this builder
         */
        public Builder stepSizeUp(int value) {
            this.stepSizeUp = value;
            return this;
        }

        /**
         * Batches in the decreasing half of a cycle (default: {@code stepSizeUp}).
         *
         * @param value the number of batches, or null for {@code stepSizeUp}
         * @return this builder
         */
        public Builder stepSizeDown(Integer value) {
            this.stepSizeDown = value;
            return this;
        }

        /**
         * The built-in policy (default {@link Mode#TRIANGULAR}); ignored with a {@link #scaleFn}.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder mode(Mode value) {
            this.mode = value;
            return this;
        }

        /**
         * The base of {@link Mode#EXP_RANGE}'s {@code gamma^batch} (default 1).
         *
         * @param value gamma
         * @return this builder
         */
        public Builder gamma(double value) {
            this.gamma = value;
            return this;
        }

        /**
         * A custom amplitude scale, given the cycle number or the batch index ({@link #scaleMode}); replaces the
         * mode's.
         *
         * @param value a function with values in [0, 1], or null for the mode's
         * @return this builder
         */
        public Builder scaleFn(IntToDoubleFunction value) {
            this.scaleFn = value;
            return this;
        }

        /**
         * What a custom {@link #scaleFn} is given (default {@link ScaleMode#CYCLE}); without one, the mode decides.
         *
         * @param value the scale mode
         * @return this builder
         */
        public Builder scaleMode(ScaleMode value) {
            this.scaleMode = value;
            return this;
        }

        /**
         * Cycle the groups' momentum inversely to the rate (default true; needs a {@code momentum} option).
         *
         * @param value whether to cycle it
         * @return this builder
         */
        public Builder cycleMomentum(boolean value) {
            this.cycleMomentum = value;
            return this;
        }

        /**
         * The momentum at the peak rate (default 0.8).
         *
         * @param values one for every group, or one per group
         * @return this builder
         */
        public Builder baseMomentum(double... values) {
            this.baseMomentums = values == null ? null : values.clone();
            return this;
        }

        /**
         * The momentum at the lowest rate (default 0.9).
         *
         * @param values one for every group, or one per group
         * @return this builder
         */
        public Builder maxMomentum(double... values) {
            this.maxMomentums = values == null ? null : values.clone();
            return this;
        }

        /**
         * Resumes after batch {@code value}, PyTorch's {@code last_epoch} (default -1: start). The groups' rates
         * and momentum are then not reset to the base values, and each group must have {@code "initial_lr"}.
         *
         * @param value the index of the last batch
         * @return this builder
         */
        public Builder lastEpoch(int value) {
            this.lastEpoch = value;
            return this;
        }

        /**
         * The scheduler, which sets the groups' rates (and momentum) of batch 0 at once.
         *
         * @return a new scheduler
         * @throws IllegalArgumentException if an option is invalid (PyTorch's checks and messages)
         */
        public CyclicLR build() {
            check(optimizer != null, "CyclicLR: expected an optimizer, got null");
            int groups = optimizer.paramGroups().size();
            OneCycleLR.checkPerGroup("CyclicLR", "base_lr", baseLrs, groups);
            OneCycleLR.checkPerGroup("CyclicLR", "max_lr", maxLrs, groups);
            double up = stepSizeUp;
            double down = stepSizeDown == null ? up : stepSizeDown;
            check(up + down != 0, "CyclicLR: ZeroDivisionError: float division by zero (step_size_up " + stepSizeUp
                    + " + step_size_down " + stepSizeDown + " is 0)");
            if (up == 0) {   // PyTorch divides x by step_ratio = 0 in the first step when x is 0 there
                double epoch = lastEpoch + 1;
                double x = 1. + epoch / (up + down) - Math.floor(1 + epoch / (up + down));
                check(x > 0, "CyclicLR: ZeroDivisionError: float division by zero (step_size_up is 0)");
            }
            check(mode != null || scaleFn != null, "CyclicLR: mode is invalid and scale_fn is None");
            check(scaleFn == null || scaleMode != null, "CyclicLR: scale_mode must be CYCLE or ITERATIONS, got null");
            if (cycleMomentum) {
                check(optimizer.defaults().containsKey("momentum"), "CyclicLR: optimizer must support momentum with "
                        + "`cycle_momentum` option enabled (PyTorch 1.13 cycles only a 'momentum' option, not Adam's "
                        + "betas); use cycleMomentum(false)");
                OneCycleLR.checkPerGroup("CyclicLR", "base_momentum", baseMomentums, groups);
                OneCycleLR.checkPerGroup("CyclicLR", "max_momentum", maxMomentums, groups);
            }
            if (lastEpoch != -1) {
                for (int i = 0; i < groups; i++) {
                    check(optimizer.paramGroups().get(i).has("initial_lr"), "CyclicLR: KeyError: \"param 'initial_lr' "
                            + "is not specified in param_groups[" + i + "] when resuming an optimizer\"");
                }
            }
            // the checks passed: PyTorch's constructor writes lr (and momentum) before the base class runs
            List<ParamGroup> g = optimizer.paramGroups();
            double[] base = expand(baseLrs, groups);
            if (lastEpoch == -1) {
                for (int i = 0; i < groups; i++) {
                    g.get(i).setLr(base[i]);
                }
            }
            double[] baseMomentum = null;
            if (cycleMomentum) {
                double[] bm = expand(baseMomentums, groups);
                if (lastEpoch == -1) {
                    for (int i = 0; i < groups; i++) {
                        g.get(i).set("momentum", bm[i]);
                    }
                }
                baseMomentum = new double[groups];
                for (int i = 0; i < groups; i++) {
                    baseMomentum[i] = g.get(i).getDouble("momentum");
                }
            }
            return new CyclicLR(this, baseMomentum);
        }
    }
}
