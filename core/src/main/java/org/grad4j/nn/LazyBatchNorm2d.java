package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.LazyBatchNorm2d}: a {@link BatchNorm2d} whose {@code num_features} is the first input's dimension 1
 * (PyTorch 1.13's rule, for an unbatched input too). Until then {@code weight}, {@code bias}, {@code running_mean}
 * and {@code running_var} are empty placeholders (PyTorch's {@code UninitializedParameter} and
 * {@code UninitializedBuffer}); the first {@link #forward} materialises them in place (ones, zeros, zeros, ones)
 * and the module prints and behaves as a {@code BatchNorm2d} afterwards. 
 */
public class LazyBatchNorm2d extends BatchNorm2d implements LazyModule {
    private final LazyInit lazy;
    private final LazyInit.Fresh fresh;

    /**
     * {@code nn.LazyBatchNorm2d()}: eps 1e-5, momentum 0.1, affine, tracking running statistics, in the default dtype on the
     * default device.
     */
    public LazyBatchNorm2d() {
        this(1e-5, 0.1, true, true);
    }

    /**
     * {@code nn.LazyBatchNorm2d(eps, momentum, affine, track_running_stats)} in the default dtype on the default device.
     *
     * @param eps added to the variance for numerical stability
     * @param momentum the weight of the batch statistic in the running average, or null for a cumulative average
     * @param affine whether to learn {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats whether to keep running statistics for evaluation mode
     */
    public LazyBatchNorm2d(double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this(eps, momentum, affine, trackRunningStats, Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option.
     *
     * @param eps added to the variance for numerical stability
     * @param momentum the weight of the batch statistic in the running average, or null for a cumulative average
     * @param affine whether to learn {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats whether to keep running statistics for evaluation mode
     * @param dtype the dtype of the parameters and running statistics
     * @param device their device
     */
    public LazyBatchNorm2d(double eps, Double momentum, boolean affine, boolean trackRunningStats, DType dtype, Device device) {
        super(1, eps, momentum, affine, trackRunningStats, dtype, device);   // one throwaway feature, emptied below
        this.fresh = (n, dt, dev) -> new BatchNorm2d(n, eps, momentum, affine, trackRunningStats, dt, dev);
        this.lazy = new LazyInit(this, "LazyBatchNorm2d", "weight", "bias", "running_mean", "running_var");
        this.numFeatures = 0;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (lazy.initialized()) {
            return super.forward(input);
        }
        int n = lazy.numFeatures(input);
        Module made = fresh.make(n, lazy.dtype(this), lazy.device(this));
        return lazy.materializeAndRun(this, made, set -> numFeatures = set && lazy.hasPlaceholders(this) ? n : 0, () -> super.forward(input));
    }

    /**
     * Whether the parameters and buffers are still placeholders, PyTorch's {@code has_uninitialized_params()}.
     *
     * @return true until the first forward
     */
    public boolean hasUninitializedParams() {
        return !lazy.initialized();
    }

    /**
     * The scale, once materialised, or null without affine parameters.
     *
     * @return the weight parameter itself, or null
     * @throws IllegalStateException before the first forward, with affine parameters
     */
    @Override
    public Tensor weight() {
        return materialised(super.weight(), "weight");
    }

    /**
     * The shift, once materialised, or null without affine parameters.
     *
     * @return the bias parameter itself, or null
     * @throws IllegalStateException before the first forward, with affine parameters
     */
    @Override
    public Tensor bias() {
        return materialised(super.bias(), "bias");
    }

    /**
     * The running mean, once materialised, or null without running statistics.
     *
     * @return the buffer itself, or null
     * @throws IllegalStateException before the first forward, with running statistics
     */
    @Override
    public Tensor runningMean() {
        return materialised(super.runningMean(), "runningMean");
    }

    /**
     * The running variance, once materialised, or null without running statistics.
     *
     * @return the buffer itself, or null
     * @throws IllegalStateException before the first forward, with running statistics
     */
    @Override
    public Tensor runningVar() {
        return materialised(super.runningVar(), "runningVar");
    }

    private Tensor materialised(Tensor t, String accessor) {
        if (t != null && !lazy.initialized()) {
            throw lazy.uninitialized(accessor);
        }
        return t;
    }

    @Override
    public String toString() {
        return lazy.repr(super.toString());
    }
}
