package org.grad4j.optim.lrscheduler;

import java.util.List;
import java.util.Map;

import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;

/**
 * The 1cycle policy, PyTorch's {@code OneCycleLR}: the learning rate rises from {@code max_lr/div_factor}
 * to {@code max_lr}, then falls to {@code initial_lr/final_div_factor} (with {@code threePhase}, it first
 * falls back to the initial rate, then to the minimum), by cosine or linear annealing; with
 * {@code cycleMomentum} the momentum (SGD, RMSprop) or beta1 (Adam, AdamW) moves the opposite way between
 * {@code maxMomentum} and {@code baseMomentum}. Stepped once per batch.
 *
 * <pre>{@code
 * OneCycleLR sched = OneCycleLR.builder(opt, 0.1).epochs(10).stepsPerEpoch(loader.size()).build();
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
    /** How the rate moves between two values, PyTorch's {@code anneal_strategy}. */
    public enum AnnealStrategy {
        /** Cosine annealing, {@code "cos"} (the default). */
        COS,
        /** Linear annealing, {@code "linear"}. */
        LINEAR
    }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {
    }

    private final int totalSteps;
    private final Phase[] phases;
    private final AnnealStrategy anneal;
    private final boolean cycleMomentum;
    private final boolean useBeta1;

    private OneCycleLR(Builder b, int totalSteps, boolean useBeta1) {
        super(prepare(b, useBeta1), b.lastEpoch);
        this.totalSteps = totalSteps;
        this.anneal = b.anneal;
        this.cycleMomentum = b.cycleMomentum;
        this.useBeta1 = useBeta1;
        double pct = b.pctStart;
        if (b.threePhase) {
            phases = new Phase[] {
                new Phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new Phase(2 * pct * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")};
        } else {
            phases = new Phase[] {
                new Phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")};
        }
        initialStep();
    }

    /**
     * Writes the groups' initial_lr, max_lr, min_lr and momentum entries, as PyTorch's constructor does (not when
     * resuming: then the groups have them from the saved optimizer).
     */
    private static Optimizer prepare(Builder b, boolean useBeta1) {
        if (b.lastEpoch != -1) {
            return b.optimizer;
        }
        List<ParamGroup> groups = b.optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            double maxLr = perGroup(b.maxLrs, i);
            double initial = maxLr / b.divFactor;
            g.set("initial_lr", initial);
            g.set("max_lr", maxLr);
            g.set("min_lr", initial / b.finalDivFactor);
        }
        if (b.cycleMomentum) {
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                double maxMomentum = perGroup(b.maxMomentums, i);
                if (useBeta1) {
                    List<?> betas = (List<?>) g.get("betas");
                    g.set("betas", List.of(maxMomentum, (Double) betas.get(1)));
                } else {
                    g.set("momentum", maxMomentum);
                }
                g.set("max_momentum", maxMomentum);
                g.set("base_momentum", perGroup(b.baseMomentums, i));
            }
        }
        return b.optimizer;
    }

    private static double perGroup(double[] values, int group) {
        return values.length == 1 ? values[0] : values[group];
    }

    /** PyTorch's {@code _format_param}: one value for every group, or one per group. */
    static void checkPerGroup(String scheduler, String name, double[] values, int groups) {
        check(values != null && values.length > 0, scheduler + ": expected " + groups + " values for " + name
                + ", got " + (values == null ? "null" : "none"));
        check(values.length == 1 || values.length == groups, scheduler + ": expected " + groups + " values for "
                + name + ", got " + values.length);
    }

    /**
     * A builder; give the length with {@link Builder#totalSteps} or {@link Builder#epochs} and
     * {@link Builder#stepsPerEpoch}.
     *
     * @param optimizer the optimizer
     * @param maxLr the peak learning rate: one for every group, or one per group
     * @return a new builder with PyTorch's defaults
     */
    public static Builder builder(Optimizer optimizer, double... maxLr) {
        return new Builder(optimizer, maxLr);
    }

    private double annealValue(double start, double end, double pct) {
        if (anneal == AnnealStrategy.COS) {
            double cosOut = PyMath.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
        return (end - start) * pct + start;
    }

    @Override
    protected double[] getLr() {
        int stepNum = lastEpoch();
        if (stepNum > totalSteps) {
            throw new IllegalStateException("OneCycleLR: Tried to step " + (stepNum + 1) + " times. The specified number "
                    + "of total steps is " + totalSteps);
        }
        List<ParamGroup> groups = optimizer().paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup group = groups.get(gi);
            double startStep = 0;
            double lr = Double.NaN;
            double momentum = Double.NaN;
            for (int i = 0; i < phases.length; i++) {
                Phase phase = phases[i];
                double endStep = phase.endStep;
                if (stepNum <= endStep || i == phases.length - 1) {
                    double pct = (stepNum - startStep) / (endStep - startStep);
                    lr = annealValue(group.getDouble(phase.startLr), group.getDouble(phase.endLr), pct);
                    if (cycleMomentum) {
                        momentum = annealValue(group.getDouble(phase.startMomentum), group.getDouble(phase.endMomentum), pct);
                    }
                    break;
                }
                startStep = phase.endStep;
            }
            lrs[gi] = lr;
            if (cycleMomentum) {
                if (useBeta1) {
                    List<?> betas = (List<?>) group.get("betas");
                    group.set("betas", List.of(momentum, (Double) betas.get(1)));
                } else {
                    group.set("momentum", momentum);
                }
            }
        }
        return lrs;
    }

    /** Builds a {@link OneCycleLR}; every option defaults to PyTorch's default. */
    public static final class Builder {
        private final Optimizer optimizer;
        private final double[] maxLrs;
        private Integer totalSteps;
        private Integer epochs;
        private Integer stepsPerEpoch;
        private double pctStart = 0.3;
        private AnnealStrategy anneal = AnnealStrategy.COS;
        private boolean cycleMomentum = true;
        private double[] baseMomentums = {0.85};
        private double[] maxMomentums = {0.95};
        private double divFactor = 25.0;
        private double finalDivFactor = 1e4;
        private boolean threePhase;
        private int lastEpoch = -1;

        private Builder(Optimizer optimizer, double[] maxLrs) {
            this.optimizer = optimizer;
            this.maxLrs = maxLrs == null ? null : maxLrs.clone();
        }

        /**
         * The number of steps in the cycle (or use {@link #epochs} and {@link #stepsPerEpoch}).
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder totalSteps(int value) {
            this.totalSteps = value;
            return this;
        }

        /**
         * The number of epochs, with {@link #stepsPerEpoch}: total steps = epochs * stepsPerEpoch.
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        /**
         * The number of steps per epoch, with {@link #epochs}.
         *
         * @param value a positive count
         * @return this builder
         */
        public Builder stepsPerEpoch(int value) {
            this.stepsPerEpoch = value;
            return this;
        }

        /**
         * The fraction of the cycle spent increasing the rate (default 0.3).
         *
         * @param value in [0, 1]
         * @return this builder
         */
        public Builder pctStart(double value) {
            this.pctStart = value;
            return this;
        }

        /**
         * Cosine or linear annealing (default cosine).
         *
         * @param value the strategy
         * @return this builder
         */
        public Builder annealStrategy(AnnealStrategy value) {
            this.anneal = value;
            return this;
        }

        /**
         * Cycle the momentum (or beta1) inversely to the rate (default true).
         *
         * @param value whether to cycle it
         * @return this builder
         */
        public Builder cycleMomentum(boolean value) {
            this.cycleMomentum = value;
            return this;
        }

        /**
         * The lowest momentum of the cycle (default 0.85).
         *
         * @param values the momentum at the peak learning rate: one for every group, or one per group
         * @return this builder
         */
        public Builder baseMomentum(double... values) {
            this.baseMomentums = values == null ? null : values.clone();
            return this;
        }

        /**
         * The highest momentum of the cycle (default 0.95).
         *
         * @param values the momentum at the lowest learning rates: one for every group, or one per group
         * @return this builder
         */
        public Builder maxMomentum(double... values) {
            this.maxMomentums = values == null ? null : values.clone();
            return this;
        }

        /**
         * Resumes after batch {@code value}, PyTorch's {@code last_epoch} (default -1: start). The groups must then
         * have {@code initial_lr}, {@code max_lr}, {@code min_lr} (and the momentum entries) already, from the saved
         * optimizer's state dict; they are not rewritten.
         *
         * @param value the index of the last batch
         * @return this builder
         */
        public Builder lastEpoch(int value) {
            this.lastEpoch = value;
            return this;
        }

        /**
         * The initial rate is {@code max_lr / divFactor} (default 25).
         *
         * @param value the divisor
         * @return this builder
         */
        public Builder divFactor(double value) {
            this.divFactor = value;
            return this;
        }

        /**
         * The final rate is {@code initial_lr / finalDivFactor} (default 1e4).
         *
         * @param value the divisor
         * @return this builder
         */
        public Builder finalDivFactor(double value) {
            this.finalDivFactor = value;
            return this;
        }

        /**
         * Three phases: up, back down to the initial rate, then down to the minimum (default false).
         *
         * @param value whether to use three phases
         * @return this builder
         */
        public Builder threePhase(boolean value) {
            this.threePhase = value;
            return this;
        }

        /**
         * The scheduler, which sets the groups' epoch-0 values at once.
         *
         * @return a new scheduler
         * @throws IllegalArgumentException if the options are inconsistent (PyTorch's checks)
         */
        public OneCycleLR build() {
            if (optimizer == null) {
                throw new IllegalArgumentException("OneCycleLR: expected an optimizer, got null");
            }
            int groups = optimizer.paramGroups().size();
            int total;
            if (totalSteps == null && (epochs == null || stepsPerEpoch == null)) {
                throw new IllegalArgumentException("OneCycleLR: You must define either total_steps OR (epochs AND "
                        + "steps_per_epoch)");
            } else if (totalSteps != null) {
                check(totalSteps > 0, "OneCycleLR: Expected positive integer total_steps, but got " + totalSteps);
                total = totalSteps;
            } else {
                check(epochs > 0, "OneCycleLR: Expected positive integer epochs, but got " + epochs);
                check(stepsPerEpoch > 0, "OneCycleLR: Expected positive integer steps_per_epoch, but got " + stepsPerEpoch);
                total = Math.multiplyExact(epochs, stepsPerEpoch);
            }
            check(pctStart >= 0 && pctStart <= 1, "OneCycleLR: Expected float between 0 and 1 pct_start, but got "
                    + pctStart);
            check(anneal != null, "OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got null");
            checkPerGroup("OneCycleLR", "max_lr", maxLrs, groups);
            boolean beta1 = false;
            if (cycleMomentum) {
                boolean momentum = optimizer.defaults().containsKey("momentum");
                beta1 = optimizer.defaults().containsKey("betas");
                check(momentum || beta1, "OneCycleLR: optimizer must support momentum with `cycle_momentum` option "
                        + "enabled (it has neither momentum nor betas); use cycleMomentum(false)");
                checkPerGroup("OneCycleLR", "max_momentum", maxMomentums, groups);
                checkPerGroup("OneCycleLR", "base_momentum", baseMomentums, groups);
            }
            if (lastEpoch != -1) {
                for (int i = 0; i < groups; i++) {
                    ParamGroup g = optimizer.paramGroups().get(i);
                    for (String key : cycleMomentum ? List.of("initial_lr", "max_lr", "min_lr", "max_momentum",
                            "base_momentum") : List.of("initial_lr", "max_lr", "min_lr")) {
                        check(g.has(key), "OneCycleLR: KeyError: \"param '" + key + "' is not specified in "
                                + "param_groups[" + i + "] when resuming an optimizer\"");
                    }
                }
            }
            return new OneCycleLR(this, total, beta1);
        }
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("total_steps", totalSteps);
        List<Map<String, Object>> ph = new java.util.ArrayList<>();
        for (int i = 0; i < phases.length; i++) {
            Phase p = phases[i];
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            // PyTorch: the last phase ends at the int total_steps - 1, the others at a float
            m.put("end_step", i == phases.length - 1 ? (Object) (totalSteps - 1) : (Object) p.endStep());
            m.put("start_lr", p.startLr());
            m.put("end_lr", p.endLr());
            m.put("start_momentum", p.startMomentum());
            m.put("end_momentum", p.endMomentum());
            ph.add(m);
        }
        out.put("_schedule_phases", ph);
        out.put("anneal_func", anneal == AnnealStrategy.COS ? "cos" : "linear");   // PyTorch: the bound method
        out.put("cycle_momentum", cycleMomentum);
        out.put("use_beta1", useBeta1);
    }
}
