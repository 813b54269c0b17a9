package org.grad4j.optim.lrscheduler;

import java.util.Map;
import java.util.Set;

import org.grad4j.optim.Optimizer;

/**
 * Cosine annealing with warm restarts (SGDR), PyTorch's {@code CosineAnnealingWarmRestarts}:
 * {@code lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2}, where {@code T_cur} counts the
 * epochs since the last restart and the period {@code T_i} starts at {@code T_0} and is multiplied by
 * {@code T_mult} at each restart. It may be stepped per batch with fractional epochs,
 * {@link #step(double) step(epoch + batch / batches)}.
 *
 * <pre>{@code
 * CosineAnnealingWarmRestarts sched = new CosineAnnealingWarmRestarts(opt, 10, 2, 1e-5);
 * for (int epoch = 0; epoch < 70; epoch++) {
 *     for (int b = 0; b < batches; b++) {
 *         train(batch(b));
 *         sched.step(epoch + (double) b / batches);
 *     }
 * }
 * }</pre>
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
    private final int t0;
    private final int tMult;
    private final double etaMin;
    private long tI;
    private double tCur;
    /** Whether Python's {@code T_cur} is a float (after a fractional epoch or a restart with T_mult > 1). */
    private boolean tCurFloat;

    /**
     * Restarts every {@code t0} epochs and anneals to 0, like {@code CosineAnnealingWarmRestarts(optimizer, T_0)}.
     *
     * @param optimizer the optimizer
     * @param t0 the number of epochs before the first restart (positive)
     */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
        this(optimizer, t0, 1, 0.0);
    }

    /**
     * Like {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult, eta_min)}.
     *
     * @param optimizer the optimizer
     * @param t0 the number of epochs before the first restart (positive)
     * @param tMult the factor of the period after each restart (at least 1)
     * @param etaMin the minimum learning rate
     * @throws IllegalArgumentException if {@code t0} or {@code tMult} is out of range (PyTorch's messages)
     */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
        this(optimizer, t0, tMult, etaMin, -1);
    }

    /**
     * Like {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult, eta_min, last_epoch)}: resumes after epoch
     * {@code lastEpoch} ({@code T_cur} starts there and wraps around at most once, as PyTorch's).
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param t0 the number of epochs before the first restart (positive)
     * @param tMult the factor of the period after each restart (at least 1)
     * @param etaMin the minimum learning rate
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if {@code t0} or {@code tMult} is out of range (PyTorch's messages), or
     *         resuming without {@code "initial_lr"}
     */
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin, int lastEpoch) {
        super(checked(optimizer, t0, tMult), lastEpoch);
        this.t0 = t0;
        this.tI = t0;
        this.tMult = tMult;
        this.etaMin = etaMin;
        this.tCur = lastEpoch;
        // PyTorch's _initial_step: _step_count = 0, then step(); this class's step never counts
        initialStep();
    }

    private static Optimizer checked(Optimizer optimizer, int t0, int tMult) {
        check(t0 > 0, "CosineAnnealingWarmRestarts: Expected positive integer T_0, but got " + t0);
        check(tMult >= 1, "CosineAnnealingWarmRestarts: Expected integer T_mult >= 1, but got " + tMult);
        return optimizer;
    }

    @Override
    protected double[] getLr() {
        double[] lrs = new double[groupLrs().length];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = etaMin + (baseLr(i) - etaMin) * (1 + PyMath.cos(Math.PI * tCur / tI)) / 2;
        }
        return lrs;
    }

    /**
     * Advances one epoch: {@code T_cur + 1}, restarting when it reaches {@code T_i}. The first call (from the
     * constructor, or after a negative {@code lastEpoch}) goes to epoch 0.
     */
    @Override
    public void step() {
        checkGroups();
        if (lastEpoch() < 0) {
            jump(0, false);
            return;
        }
        int epoch = lastEpoch() + 1;
        tCur = tCur + 1;
        if (tCur >= tI) {
            tCur = tCur - tI;
            tI = tI * tMult;
        }
        setLastEpoch(epoch);
        apply(getLr());
    }

    /**
     * Moves to epoch {@code epoch}, PyTorch's {@code step(epoch)} (here not deprecated).
     *
     * @param epoch a non-negative epoch
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    @Override
    public void step(int epoch) {
        jump(epoch, false);
    }

    /**
     * Moves to a fractional epoch, e.g. {@code step(epoch + batch / (double) batches)} after each batch, PyTorch's
     * {@code step(epoch)} with a float: {@code T_cur} and {@code T_i} follow from it, {@link #lastEpoch()} is its
     * floor.
     *
     * @param epoch a non-negative epoch
     * @throws IllegalArgumentException if {@code epoch} is negative or not finite
     */
    public void step(double epoch) {
        jump(epoch, true);
    }

    private void jump(double epoch, boolean isFloat) {
        checkGroups();
        String shown = isFloat ? Double.toString(epoch) : Long.toString((long) epoch);
        check(!(epoch < 0), "CosineAnnealingWarmRestarts.step: Expected non-negative epoch, but got " + shown);
        check(epoch < Integer.MAX_VALUE, "CosineAnnealingWarmRestarts.step: expected a finite epoch below 2^31 - 1, "
                + "got " + shown);
        if (epoch >= t0) {
            if (tMult == 1) {
                tCur = epoch % t0;
                tCurFloat = isFloat;
            } else {
                int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
                long power = Math.round(PyMath.pow(tMult, n));   // Python's exact int T_mult ** n
                tCur = epoch - t0 * (power - 1) / (double) (tMult - 1);
                tCurFloat = true;
                tI = t0 * power;
            }
        } else {
            tI = t0;
            tCur = epoch;
            tCurFloat = isFloat;
        }
        setLastEpoch((int) Math.floor(epoch));
        apply(getLr());
    }

    @Override
    void putArguments(Map<String, Object> out) {
        out.put("T_0", t0);
        out.put("T_i", tI == (int) tI ? (Object) (int) tI : (Object) tI);
        out.put("T_mult", tMult);
        out.put("eta_min", etaMin);
        out.put("T_cur", tCurFloat ? (Object) tCur : (Object) (long) tCur);
    }

    @Override
    Set<String> stateKeys() {
        return Set.of("T_i", "T_cur");
    }

    @Override
    Runnable loadOwnState(String name, Map<String, ?> state) {
        long i = integer(name, state, "T_i");
        double cur = number(name, state, "T_cur");
        boolean isFloat = state.get("T_cur") instanceof Double || state.get("T_cur") instanceof Float;
        return () -> {
            tI = i;
            tCur = cur;
            tCurFloat = isFloat;
        };
    }
}
