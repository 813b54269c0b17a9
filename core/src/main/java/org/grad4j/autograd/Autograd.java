package org.grad4j.autograd;

import java.util.List;

import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * PyTorch's {@code torch.autograd.grad}: gradients of an output with respect to chosen inputs, returned rather
 * than accumulated into any tensor's {@code grad()}. With {@code createGraph} the
 * gradients carry a graph of their own (higher-order gradients).
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * {@code torch.autograd.grad(output, inputs)} for a one-element output; the graph is freed afterwards.
     *
     * @param output a one-element tensor that requires grad
     * @param inputs tensors that require grad and that {@code output} was computed from
     * @return one gradient per input, of its shape
     * @throws IllegalStateException if an input does not require grad or no gradient reaches it, or the output is
     *         not one element
     */
    public static Tensor[] grad(Tensor output, List<Tensor> inputs) {
        return grad(output, inputs, null, false, false);
    }

    /**
     * {@code torch.autograd.grad(output, inputs, grad_outputs, retain_graph, allow_unused=...)}.
     *
     * @param output the tensor differentiated
     * @param inputs tensors that require grad
     * @param gradOutput the gradient of {@code output} (its shape; null for a one-element output: 1)
     * @param retainGraph whether to keep the graph so that another pass can run through it
     * @param allowUnused whether an input no gradient reaches gives null (otherwise an error, as PyTorch's)
     * @return one gradient per input, null for an unused input when {@code allowUnused}
     */
    public static Tensor[] grad(Tensor output, List<Tensor> inputs, Tensor gradOutput, boolean retainGraph,
                                boolean allowUnused) {
        return Internals.tensors().grad(output, gradOutput, inputs, retainGraph, false, allowUnused);
    }

    /**
     * {@code torch.autograd.grad(output, inputs, grad_outputs, retain_graph, create_graph, allow_unused=...)}: with
     * {@code createGraph} the gradients carry the graph of their computation, so they can be differentiated again
     * (Hessian-vector products, gradient penalties). PyTorch's {@code retain_graph} defaults to {@code create_graph}.
     *
     * @param output the tensor differentiated
     * @param inputs tensors that require grad
     * @param gradOutput the gradient of {@code output} (its shape; null for a one-element output: 1); it may itself
     *     require grad when {@code createGraph}
     * @param retainGraph whether to keep the graph so that another pass can run through it
     * @param createGraph whether to record the graph of the gradients
     * @param allowUnused whether an input no gradient reaches gives null (otherwise an error, as PyTorch's)
     * @return one gradient per input, null for an unused input when {@code allowUnused}
     */
    public static Tensor[] grad(Tensor output, List<Tensor> inputs, Tensor gradOutput, boolean retainGraph,
                                boolean createGraph, boolean allowUnused) {
        return Internals.tensors().grad(output, gradOutput, inputs, retainGraph, createGraph, allowUnused);
    }
}
