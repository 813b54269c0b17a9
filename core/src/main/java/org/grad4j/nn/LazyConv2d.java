package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.LazyConv2d}: a {@link Conv2d} whose {@code in_channels} is inferred from the first input's
 * dimension 1 (dimension 0 when unbatched). Until then {@code weight} and {@code bias} are empty placeholders
 * (PyTorch's {@code UninitializedParameter}); the first {@link #forward} materialises them in place with the draws
 * {@code new Conv2d(in, ...)} would make at that moment, so {@code Tensor.manualSeed(s)} then the first forward
 * gives PyTorch's weights. Afterwards it prints and behaves as a {@code Conv2d}.
 *
 * <pre>{@code
 * LazyConv2d conv = new LazyConv2d(8, 3);   // LazyConv2d(0, 8, ...)
 * conv.call(x);                       // Conv2d(C, 8, ...), C = x.size(1)
 * }</pre>
 */
public class LazyConv2d extends Conv2d implements LazyModule {
    private final LazyInit lazy;
    private final int groups;
    private final LazyInit.Fresh fresh;

    /**
     * {@code nn.LazyConv2d(out_channels, kernel_size)}: stride 1, no padding, a bias, in the default dtype on the default device,
     * initialised from {@link Generator#defaultGenerator()} at the first forward.
     *
     * @param outChannels the output's channels
     * @param kernelSize the window's size in every dimension
     */
    public LazyConv2d(int outChannels, int kernelSize) {
        this(outChannels, new int[] {kernelSize}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option of {@code nn.LazyConv2d} (as {@link Conv2d}'s, less {@code in_channels}).
     *
     * @param kernelSize the window, one int or one per dimension
     * @param stride one int or one per dimension
     * @param padding one int or one per dimension
     * @param dilation one int or one per dimension
     * @param groups channel groups, dividing out_channels and the inferred in_channels
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values, drawn at the first forward
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public LazyConv2d(int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation, int groups, boolean bias, Generator generator, DType dtype, Device device) {
        // a throwaway module of in_channels = groups (the smallest valid), its draws from a throwaway generator
        super(LazyInit.positive("LazyConv2d", "groups", groups), outChannels, kernelSize, stride, padding, dilation, groups, bias, new Generator(0), dtype, device);
        LazyInit.notNull("LazyConv2d", generator);
        this.groups = groups;
        this.fresh = (in, dt, dev) -> new Conv2d(in, outChannels, kernelSize, stride, padding, dilation, groups, bias, generator, dt, dev);
        this.lazy = new LazyInit(this, "LazyConv2d", "weight", "bias");
        this.inChannels = 0;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (lazy.initialized()) {
            return super.forward(input);
        }
        int in = lazy.inChannels(input, 2, groups);
        Module made = fresh.make(in, lazy.dtype(this), lazy.device(this));
        return lazy.materializeAndRun(this, made, set -> inChannels = set ? in : 0, () -> super.forward(input));
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
