package org.grad4j.optim.lrscheduler;

import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.grad4j.optim.Optimizer;

/**
 * Multiplies each group's learning rate by a function of the epoch at every step, PyTorch's
 * {@code MultiplicativeLR}: {@code lr = lr * lambda(epoch)} from epoch 1 on (epoch 0 keeps the rate).
 *
 * <pre>{@code
 * MultiplicativeLR sched = new MultiplicativeLR(opt, epoch -> 0.95);
 * }</pre>
 */
public final class MultiplicativeLR extends LRScheduler {
    private final List<IntToDoubleFunction> lambdas;

    /**
     * One function for every group, like {@code MultiplicativeLR(optimizer, lr_lambda)}.
     *
     * @param optimizer the optimizer
     * @param lrLambda the factor applied to the current rate, given the epoch
     * @throws IllegalArgumentException if {@code lrLambda} is null
     */
    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, lrLambda, -1);
    }

    /**
     * Like {@code MultiplicativeLR(optimizer, lr_lambda, last_epoch)}: resumes after epoch {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param lrLambda the factor applied to the current rate, given the epoch
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if {@code lrLambda} is null, or resuming without {@code "initial_lr"}
     */
    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lrLambda, int lastEpoch) {
        this(optimizer, Lambdas.one(optimizer, lrLambda, "MultiplicativeLR"), lastEpoch);
    }

    /**
     * One function per group, like {@code MultiplicativeLR(optimizer, [f0, f1, ...])}.
     *
     * @param optimizer the optimizer
     * @param lrLambdas one factor function per parameter group
     * @throws IllegalArgumentException if the count differs from the number of groups or one is null
     */
    public MultiplicativeLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
        this(optimizer, lrLambdas, -1);
    }

    /**
     * Like {@code MultiplicativeLR(optimizer, [f0, f1, ...], last_epoch)}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param lrLambdas one factor function per parameter group
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if the count differs from the number of groups, one is null, or resuming
     *         without {@code "initial_lr"}
     */
    public MultiplicativeLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas, int lastEpoch) {
        super(Lambdas.check(optimizer, lrLambdas, "MultiplicativeLR"), lastEpoch);
        this.lambdas = List.copyOf(lrLambdas);
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = groupLrs();
        if (lastEpoch() > 0) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] = lrs[i] * lambdas.get(i).applyAsDouble(lastEpoch());
            }
        }
        return lrs;
    }

    @Override
    void putTrailing(Map<String, Object> out) {
        out.put("lr_lambdas", Lambdas.states(lambdas));
    }
}
