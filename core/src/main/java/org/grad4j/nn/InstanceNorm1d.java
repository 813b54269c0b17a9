package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * PyTorch's {@code nn.InstanceNorm1d(num_features, eps=1e-5, momentum=0.1, affine=False,
 * track_running_stats=False)}: each (sample, channel) normalised over its positions; with {@code affine} a
 * {@code weight} (ones) and {@code bias} (zeros); with {@code track_running_stats} running statistics (used in
 * evaluation) and {@code num_batches_tracked}, as PyTorch's buffers.
 */
public final class InstanceNorm1d extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final boolean affine;
    private final boolean track;

    /**
     * {@code InstanceNorm1d(num_features)}.
     *
     * @param numFeatures the input's channels
     */
    public InstanceNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, false, false, Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * Every option.
     *
     * @param numFeatures the input's channels
     * @param eps added to the variance
     * @param momentum the running statistics' update weight
     * @param affine whether the layer has a learnable weight and bias
     * @param trackRunningStats whether the layer keeps running statistics
     * @param dtype the parameters' and buffers' floating dtype
     * @param device their device
     */
    public InstanceNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats, DType dtype,
            Device device) {
        if (numFeatures < 1 || dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("InstanceNorm1d: expected a positive num_features, a floating dtype and a device, "
                    + "got " + numFeatures + ", " + dtype + ", " + device);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.track = trackRunningStats;
        if (affine) {
            registerParameter("weight", Tensor.full(new int[] {numFeatures}, 1.0, dtype, device));
            registerParameter("bias", Tensor.full(new int[] {numFeatures}, 0.0, dtype, device));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.full(new int[] {numFeatures}, 0.0, dtype, device));
            registerBuffer("running_var", Tensor.full(new int[] {numFeatures}, 1.0, dtype, device));
            registerCounter("num_batches_tracked", Tensor.full(new int[0], 0L).to(device));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("InstanceNorm1d.forward: expected an input tensor, got null");
        }
        if (input.dim() != 3 - 1 && input.dim() != 3) {
            throw new IllegalArgumentException("InstanceNorm1d.forward: expected " + (3 - 1) + "D or " + 3 + "D input (got "
                    + input.dim() + "D input)");
        }
        boolean unbatched = input.dim() == 3 - 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor out = Functional.instanceNorm(x, track ? getBuffer("running_mean") : null,
                track ? getBuffer("running_var") : null, affine ? getParameter("weight") : null,
                affine ? getParameter("bias") : null, isTraining() || !track, momentum, eps);
        return unbatched ? out.squeeze(0) : out;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + PythonFloat.repr(eps) + ", momentum=" + PythonFloat.repr(momentum) + ", affine="
                + (affine ? "True" : "False") + ", track_running_stats=" + (track ? "True" : "False");
    }
}
