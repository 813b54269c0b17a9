package org.grad4j.optim.lrscheduler;

import java.util.Arrays;
import java.util.List;

import org.grad4j.optim.Optimizer;
import org.grad4j.optim.ParamGroup;

/**
 * PyTorch's {@code torch.optim.swa_utils.SWALR}: anneals each group's learning rate to its {@code swa_lr} over
 * {@code anneal_epochs} steps (cosine or linear), then holds it, for stochastic weight averaging. Each group gets
 * an {@code swa_lr} entry, as PyTorch's.
 *
 * <pre>{@code
 * SWALR swa = new SWALR(opt, 0.05);            // anneal_epochs 10, "cos"
 * for (int epoch = ...) { train(); if (epoch >= swaStart) { averaged.updateParameters(model); swa.step(); } }
 * }</pre>
 */
public final class SWALR extends LRScheduler {
    private final int annealEpochs;
    private final boolean cosine;

    /**
     * {@code SWALR(optimizer, swa_lr)}: 10 annealing epochs, cosine.
     *
     * @param optimizer the optimizer
     * @param swaLr every group's final learning rate
     */
    public SWALR(Optimizer optimizer, double swaLr) {
        this(optimizer, new double[] {swaLr}, 10, "cos", -1);
    }

    /**
     * Every option.
     *
     * @param optimizer the optimizer
     * @param swaLr one learning rate for every group, or one per group
     * @param annealEpochs the number of steps of the annealing, at least 0
     * @param annealStrategy {@code "cos"} or {@code "linear"}
     * @param lastEpoch -1 to start, as PyTorch's
     */
    public SWALR(Optimizer optimizer, double[] swaLr, int annealEpochs, String annealStrategy, int lastEpoch) {
        super(checked(optimizer, swaLr, annealEpochs, annealStrategy), lastEpoch);
        this.annealEpochs = annealEpochs;
        this.cosine = annealStrategy.equals("cos");
        initialStep();
    }

    /** Validates, then writes each group's swa_lr (PyTorch writes them before its own checks; nothing is left half-done here). */
    private static Optimizer checked(Optimizer optimizer, double[] swaLr, int annealEpochs, String strategy) {
        check(optimizer != null, "SWALR: expected an optimizer, got null");
        check(swaLr != null && swaLr.length > 0, "SWALR: expected swa_lr, got " + Arrays.toString(swaLr));
        List<ParamGroup> groups = optimizer.paramGroups();
        check(swaLr.length == 1 || swaLr.length == groups.size(), "SWALR: swa_lr must have the same length as "
                + "optimizer.param_groups: swa_lr has " + swaLr.length + ", optimizer.param_groups has " + groups.size());
        check("cos".equals(strategy) || "linear".equals(strategy), "SWALR: anneal_strategy must by one of 'cos' or "
                + "'linear', instead got " + strategy);
        check(annealEpochs >= 0, "SWALR: anneal_epochs must be equal or greater than 0, got " + annealEpochs);
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).set("swa_lr", swaLr.length == 1 ? swaLr[0] : swaLr[i]);
        }
        return optimizer;
    }

    private double anneal(double t) {
        return cosine ? (1 - PyMath.cos(Math.PI * t)) / 2 : t;
    }

    @Override
    protected double[] getLr() {
        int step = stepCount() - 1;
        if (annealEpochs == 0) {
            step = Math.max(1, step);
        }
        double prevT = Math.max(0, Math.min(1, (step - 1) / (double) Math.max(1, annealEpochs)));
        double prevAlpha = anneal(prevT);
        double t = Math.max(0, Math.min(1, step / (double) Math.max(1, annealEpochs)));
        double alpha = anneal(t);
        List<ParamGroup> groups = optimizer().paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            ParamGroup g = groups.get(i);
            double swaLr = g.getDouble("swa_lr");
            // the learning rate before the annealing, recovered from the current one (PyTorch's _get_initial_lr)
            double prevLr = prevAlpha == 1 ? swaLr : (g.lr() - prevAlpha * swaLr) / (1 - prevAlpha);
            lrs[i] = swaLr * alpha + prevLr * (1 - alpha);
        }
        return lrs;
    }
}
