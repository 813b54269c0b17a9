package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.LazyLinear}: a {@link Linear} whose {@code in_features} is inferred from the last dimension
 * of the first input. Until then {@code weight} and {@code bias} are empty placeholders (PyTorch's
 * {@code UninitializedParameter}); the first {@link #forward} materialises them in place with the draws
 * {@code new Linear(in, out)} would make at that moment, so {@code Tensor.manualSeed(s)} then the first forward gives
 * PyTorch's weights. Afterwards it prints and behaves as a {@code Linear}.
 *
 * <pre>{@code
 * LazyLinear fc = new LazyLinear(10);      // LazyLinear(in_features=0, out_features=10, bias=True)
 * Tensor y = fc.call(Tensor.randn(4, 3));  // now Linear(in_features=3, out_features=10, bias=True)
 * }</pre>
 */
public class LazyLinear extends Linear implements LazyModule {
    private final LazyInit lazy;
    private final Generator generator;

    /**
     * {@code nn.LazyLinear(out_features)}, with a bias, in the default dtype on the default device.
     *
     * @param outFeatures the size of each output sample
     */
    public LazyLinear(int outFeatures) {
        this(outFeatures, true);
    }

    /**
     * {@code nn.LazyLinear(out_features, bias)}.
     *
     * @param outFeatures the size of each output sample
     * @param bias whether the layer adds a learnable bias
     */
    public LazyLinear(int outFeatures, boolean bias) {
        this(outFeatures, bias, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option.
     *
     * @param outFeatures the size of each output sample
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values, drawn at the first forward
     * @param dtype the parameters' dtype
     * @param device the parameters' device
     */
    public LazyLinear(int outFeatures, boolean bias, Generator generator, DType dtype, Device device) {
        super(1, outFeatures, bias, new Generator(0), dtype, device);   // throwaway draws, emptied below
        LazyInit.notNull("LazyLinear", generator);
        this.generator = generator;
        this.lazy = new LazyInit(this, "LazyLinear", "weight", "bias");
        this.inFeatures = 0;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (lazy.initialized()) {
            return super.forward(input);
        }
        if (input == null || input.dim() == 0) {
            throw new IllegalArgumentException("LazyLinear: expected an input of at least one dimension to infer "
                    + "in_features from, got " + (input == null ? "null" : "a 0-d tensor"));
        }
        int in = input.size(-1);
        Linear fresh = new Linear(in, outFeatures(), super.bias() != null, generator, lazy.dtype(this), lazy.device(this));
        return lazy.materializeAndRun(this, fresh, set -> inFeatures = set ? in : 0, () -> super.forward(input));
    }

    /**
     * Whether the parameters are still placeholders, PyTorch's {@code has_uninitialized_params()}.
     *
     * @return true until the first forward
     */
    public boolean hasUninitializedParams() {
        return !lazy.initialized();
    }

    /**
     * The weight, once materialised.
     *
     * @return the weight parameter itself
     * @throws IllegalStateException before the first forward
     */
    @Override
    public Tensor weight() {
        if (!lazy.initialized()) {
            throw lazy.uninitialized("weight");
        }
        return super.weight();
    }

    /**
     * The bias, once materialised, or null.
     *
     * @return the bias parameter itself, or null
     * @throws IllegalStateException before the first forward, when the layer has a bias
     */
    @Override
    public Tensor bias() {
        if (!lazy.initialized() && super.bias() != null) {
            throw lazy.uninitialized("bias");
        }
        return super.bias();
    }

    @Override
    public String toString() {
        return lazy.repr(super.toString());
    }
}
