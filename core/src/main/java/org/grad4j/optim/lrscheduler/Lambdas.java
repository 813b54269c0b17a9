package org.grad4j.optim.lrscheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import org.grad4j.optim.Optimizer;

/** The lr_lambda arguments of LambdaLR and MultiplicativeLR: PyTorch's checks and state-dict entry. */
final class Lambdas {
    private Lambdas() {
    }

    /** One function for every group (PyTorch's {@code [lr_lambda] * len(param_groups)}). */
    static List<IntToDoubleFunction> one(Optimizer optimizer, IntToDoubleFunction lrLambda, String name) {
        LRScheduler.check(optimizer != null, name + ": expected an optimizer, got null");
        LRScheduler.check(lrLambda != null, name + ": lr_lambda must not be null");
        return Collections.nCopies(optimizer.paramGroups().size(), lrLambda);
    }

    /** PyTorch's "Expected n lr_lambdas" check, before the base constructor touches the groups. */
    static Optimizer check(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas, String name) {
        LRScheduler.check(optimizer != null, name + ": expected an optimizer, got null");
        int groups = optimizer.paramGroups().size();
        LRScheduler.check(lrLambdas != null && lrLambdas.size() == groups, name + ": Expected " + groups
                + " lr_lambdas, but got " + (lrLambdas == null ? "null" : lrLambdas.size()));
        for (Object f : (List<?>) lrLambdas) {   // Object: a raw list may hold anything; not contains(null): List.of's throws
            LRScheduler.check(f instanceof IntToDoubleFunction, name + ": expected functions in lr_lambda, got "
                    + (f == null ? "null" : f.getClass().getSimpleName()));
        }
        return optimizer;
    }

    /** PyTorch keeps a callable object's {@code __dict__}, a plain function as None; a Java lambda is the latter. */
    static List<Object> states(List<IntToDoubleFunction> lambdas) {
        return new ArrayList<>(Collections.nCopies(lambdas.size(), null));
    }
}
