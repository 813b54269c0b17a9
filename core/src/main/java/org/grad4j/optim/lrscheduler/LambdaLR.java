package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.Collections;
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
        this(optimizer, Collections.nCopies(optimizer == null ? 0 : optimizer.paramGroups().size(), lrLambda));
    }

    /**
     * One function per group, like {@code LambdaLR(optimizer, [f0, f1, ...])}.
     *
     * @param optimizer the optimizer
     * @param lrLambdas one factor function per parameter group
     * @throws IllegalArgumentException if the count differs from the number of groups or one is null
     */
    public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
        super(optimizer);
        check(lrLambdas != null && lrLambdas.size() == optimizer.paramGroups().size(), "LambdaLR: Expected "
                + optimizer.paramGroups().size() + " lr_lambdas, but got " + (lrLambdas == null ? "null" : lrLambdas.size()));
        check(!lrLambdas.contains(null), "LambdaLR: lr_lambda must not be null");
        this.lambdas = new ArrayList<>(lrLambdas);
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
        out.put("lr_lambdas", Collections.nCopies(lambdas.size(), null));   // PyTorch keeps only callable objects' state
    }
}
