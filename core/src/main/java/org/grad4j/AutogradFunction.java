package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * A differentiable operation with a hand-written gradient, PyTorch's {@code torch.autograd.Function}.
 * {@link #forward} runs without recording; {@link #backward} returns one gradient per input (null
 * where an input needs none). Check a hand-written backward with
 * {@link org.grad4j.autograd.GradCheck#gradcheck}.
 *
 * <pre>{@code
 * class Square extends AutogradFunction {
 *     protected Tensor forward(Context ctx, Tensor... in) { ctx.saveForBackward(in[0]); return in[0].mul(in[0]); }
 *     protected Tensor[] backward(Context ctx, Tensor g) { return new Tensor[] {g.mul(ctx.saved(0)).mul(2.0)}; }
 * }
 * Tensor y = new Square().apply(x);
 * }</pre>
 */
public abstract class AutogradFunction {
    /** For subclasses. */
    protected AutogradFunction() {
    }

    /**
     * Computes the output from the inputs; grad mode is off while it runs.
     *
     * @param ctx the per-call context, for {@link Context#saveForBackward} and extra state
     * @param inputs the inputs given to {@link #apply}
     * @return the output tensor
     */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /**
     * The gradients of the inputs, given the gradient of the output; grad mode is off while it runs.
     *
     * @param ctx the context that {@link #forward} filled
     * @param gradOutput the gradient of the output, of the output's shape
     * @return one gradient per input, in order, each of its input's shape; null for an input that gets none
     */
    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /**
     * Runs {@link #forward} and records this function in the graph when an input requires grad.
     *
     * @param inputs the inputs, passed to {@link #forward}
     * @return the output of {@link #forward}, with this function as its {@code gradFn} when recorded
     */
    public final Tensor apply(Tensor... inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".apply: inputs must not be null");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".apply: input " + i + " is null");
            }
        }
        Context ctx = new Context();
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = forward(ctx, inputs.clone());
        }
        if (out == null) {
            throw new IllegalStateException(getClass().getSimpleName() + ".forward returned null");
        }
        out = out.detach();
        boolean any = false;
        for (Tensor t : inputs) {
            any |= t.requiresGrad();
        }
        if (any && GradMode.isEnabled()) {
            Tensor.record(out, new CustomNode(this, ctx, inputs));
        }
        return out;
    }

    /** What forward leaves for backward. */
    public static final class Context {
        private Tensor[] saved = new Tensor[0];
        private int[] versions = new int[0];

        private Context() {
        }

        /**
         * Keeps tensors for {@link #backward}.
         *
         * @param tensors the tensors to keep, retrieved by position with {@link #saved(int)}
         */
        public void saveForBackward(Tensor... tensors) {
            if (tensors == null) {
                throw new IllegalArgumentException("Context.saveForBackward: expected tensors (null elements allowed), "
                        + "got a null array");
            }
            saved = tensors.clone();
            // As PyTorch: a saved tensor changed in place before backward makes backward fail, not lie.
            versions = new int[saved.length];
            for (int i = 0; i < saved.length; i++) {
                versions[i] = saved[i] == null ? 0 : saved[i].version();
            }
        }

        /**
         * A tensor saved in forward.
         *
         * @param index the position in the last {@link #saveForBackward} call, from 0
         * @return the saved tensor
         */
        public Tensor saved(int index) {
            if (index < 0 || index >= saved.length) {
                throw new IndexOutOfBoundsException("Context.saved: index " + index + ", but " + saved.length
                        + " tensor(s) were saved");
            }
            Tensor t = saved[index];
            if (t != null && t.version() != versions[index]) {
                throw new IllegalStateException("one of the variables needed for gradient computation has been modified "
                        + "by an inplace operation: [" + t.typeName() + " " + Arrays.toString(t.shape()) + "]"
                        + (t.gradFn() != null ? ", which is output 0 of " + t.gradFn().name() + "," : "")
                        + " is at version " + t.version() + "; expected version " + versions[index]
                        + " instead (saved by saveForBackward, position " + index + ")");
            }
            return t;
        }
    }

    private static final class CustomNode extends Node {
        private final AutogradFunction fn;
        private final Context ctx;
        private final int[][] inputShapes;
        private final DType[] inputTypes;
        private final org.grad4j.spi.Backend[] devices;

        CustomNode(AutogradFunction fn, Context ctx, Tensor[] inputs) {
            super(inputs);
            this.fn = fn;
            this.ctx = ctx;
            this.inputShapes = new int[inputs.length][];
            this.inputTypes = new DType[inputs.length];
            this.devices = new org.grad4j.spi.Backend[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                inputShapes[i] = inputs[i].shape;
                inputTypes[i] = inputs[i].dtype;
                devices[i] = inputs[i].storage.backend;
            }
        }

        @Override
        public String name() {
            return fn.getClass().getSimpleName() + "Backward";
        }

        @Override
        boolean returnsOwnGradients() {
            return false;   // user code may return tensors it also keeps
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor[] grads = fn.backward(ctx, g);
            if (grads == null || grads.length != inputShapes.length) {
                throw new IllegalStateException("function " + name() + " returned an incorrect number of gradients (expected "
                        + inputShapes.length + ", got " + (grads == null ? "null" : grads.length) + ")");
            }
            for (int i = 0; i < grads.length; i++) {
                if (grads[i] != null && next[i] != null && !Arrays.equals(grads[i].shape, inputShapes[i])
                        && Arrays.equals(Shapes.broadcastOrNull(inputShapes[i], grads[i].shape), grads[i].shape)) {
                    // PyTorch sums a gradient of a shape the input broadcasts to down to the input's shape
                    grads[i] = PrimitiveReductions.sumTo(grads[i], inputShapes[i]);
                }
                if (grads[i] != null && next[i] != null && !Arrays.equals(grads[i].shape, inputShapes[i])) {
                    throw new IllegalStateException("function " + name() + " returned an invalid gradient at index " + i
                            + " - got " + Shapes.str(grads[i].shape) + " but expected shape compatible with "
                            + Shapes.str(inputShapes[i]));
                }
                if (grads[i] != null && next[i] != null && grads[i].storage.backend != devices[i]) {
                    throw new IllegalStateException("function " + name() + " returned an invalid gradient at index " + i
                            + " - expected device " + devices[i].device() + " but got " + grads[i].device());
                }
                if (grads[i] != null && next[i] != null && grads[i].dtype != inputTypes[i]) {
                    grads[i] = grads[i].detach().to(inputTypes[i]);   // PyTorch 1.13 casts to the input's dtype
                }
            }
            return grads;
        }
    }
}
