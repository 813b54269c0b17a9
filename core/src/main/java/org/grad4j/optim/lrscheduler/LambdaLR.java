package org.grad4j.optim.lrscheduler;

import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.grad4j.optim.Optimizer;

/**
 * Sets each group's learning rate to its base rate times a function of the epoch, PyTorch's
 * {@code LambdaLR}: {@code lr = base_lr * lambda(epoch)}.
 *
 * <pre>{@code
 * LambdaLR warmup = new LambdaLR(opt, epoch -> Math.min(1.0, (epoch + 1) / 5.0));
 * }</pre>
 */
public final class LambdaLR extends LRScheduler {
    private final List<IntToDoubleFunction> lambdas;

    /**
     * One function for every group, like {@code LambdaLR(optimizer, lr_lambda)}.
     *
     * @param optimizer the optimizer
     * @param lrLambda the factor of the base learning rate, given the epoch
     */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, lrLambda, -1);
    }

    /**
     * Like {@code LambdaLR(optimizer, lr_lambda, last_epoch)}: resumes after epoch {@code lastEpoch}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param lrLambda the factor of the base learning rate, given the epoch
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if {@code lrLambda} is null, or resuming without {@code "initial_lr"}
     */
    public LambdaLR(Optimizer optimizer, IntToDoubleFunction lrLambda, int lastEpoch) {
        this(optimizer, Lambdas.one(optimizer, lrLambda, "LambdaLR"), lastEpoch);
    }

    /**
     * One function per group, like {@code LambdaLR(optimizer, [f0, f1, ...])}.
     *
     * @param optimizer the optimizer
     * @param lrLambdas one factor function per parameter group
     * @throws IllegalArgumentException if the count differs from the number of groups or one is null
     */
    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
        this(optimizer, lrLambdas, -1);
    }

    /**
     * Like {@code LambdaLR(optimizer, [f0, f1, ...], last_epoch)}.
     *
     * @param optimizer the optimizer; resuming, each group must have {@code "initial_lr"}
     * @param lrLambdas one factor function per parameter group
     * @param lastEpoch the index of the last epoch, -1 to start
     * @throws IllegalArgumentException if the count differs from the number of groups, one is null, or resuming
     *         without {@code "initial_lr"}
     */
    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas, int lastEpoch) {
        super(Lambdas.check(optimizer, lrLambdas, "LambdaLR"), lastEpoch);
        this.lambdas = List.copyOf(lrLambdas);
        initialStep();
    }

    @Override
    protected double[] getLr() {
        double[] lrs = new double[lambdas.size()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * lambdas.get(i).applyAsDouble(lastEpoch());
        }
        return lrs;
    }

    @Override
    void putTrailing(Map<String, Object> out) {
        out.put("lr_lambdas", Lambdas.states(lambdas));
    }
}
