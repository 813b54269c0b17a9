package org.grad4j.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.Tensor;

/** Base of optimizers, PyTorch's {@code torch.optim.Optimizer}: a list of parameters updated by {@link #step()}. */
public abstract class Optimizer {
    private final List<Tensor> params;

    /**
     * Validates the parameter list: non-empty, leaves that require grad, none listed twice.
     *
     * @param name the optimizer's name, used in error messages
     * @param params the parameters to update
     * @throws IllegalArgumentException if the list is invalid
     */
    protected Optimizer(String name, List<Tensor> params) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        }
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + ": can't optimize a non-leaf Tensor (parameter " + i
                        + " is the output of " + p.gradFn().name() + ")");
            }
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " does not require grad");
            }
            Integer first = seen.put(p, i);
            if (first != null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " is the same tensor as parameter " + first
                        + "; list each parameter once");
            }
        }
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /**
     * The parameters, in the order given.
     *
     * @return an unmodifiable list of the parameters themselves
     */
    public final List<Tensor> parameters() {
        return params;
    }

    /**
     * Clears the gradients of all parameters (sets them to null, PyTorch 2's default
     * {@code set_to_none=True}) and releases the memory autograd allocated for them; see {@link Tensor#clearGrad()}.
     */
    public final void zeroGrad() {
        for (Tensor p : params) {
            p.clearGrad();
        }
    }

    /** Updates every parameter that has a gradient. Runs without recording a graph. */
    public abstract void step();

    /**
     * Checks, before a step writes anything, that every parameter, gradient and state tensor it will
     * touch is still usable, so that a step is all or nothing: a released bias gradient must not
     * fail the step after the weight was updated.
     *
     * @param op the step's name, for the message (e.g. {@code "SGD.step"})
     * @param state per parameter, the optimizer's state tensors for it (null entries allowed), or null
     * @throws IllegalStateException naming the first released tensor; nothing was updated
     */
    protected final void checkStepInputs(String op, Tensor[] state) {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            String what = p.isReleased() ? "parameter " + i
                    : p.grad() != null && p.grad().isReleased() ? "the gradient of parameter " + i
                    : state != null && state[i] != null && state[i].isReleased() ? "the optimizer state of parameter " + i
                    : null;
            if (what != null) {
                throw new IllegalStateException(op + ": " + what + " (shape " + java.util.Arrays.toString(p.shape())
                        + ") was released (its MemoryScope closed, or a gradient kept from before zeroGrad()); "
                        + "nothing was updated");
            }
        }
    }
}
