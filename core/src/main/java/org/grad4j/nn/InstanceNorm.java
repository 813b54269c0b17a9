package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * What {@link InstanceNorm1d} and {@link InstanceNorm2d} share, as PyTorch's {@code _InstanceNorm}: the parameters,
 * buffers, forward and repr; a subclass only names itself and the input's dimensions.
 */
abstract class InstanceNorm extends Module {
    private final String name;
    /** The batched input's dimensions ({@code 3} for 1d, {@code 4} for 2d); one fewer is an unbatched input. */
    private final int inputDim;
    int numFeatures;   // set by the Lazy* twin on its first forward
    private final double eps;
    private final double momentum;
    private final boolean affine;
    private final boolean track;

    InstanceNorm(String name, int inputDim, int numFeatures, double eps, double momentum, boolean affine,
                 boolean trackRunningStats, DType dtype, Device device) {
        this.name = name;
        this.inputDim = inputDim;
        if (numFeatures < 1 || dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expected a positive num_features, a floating dtype and a device, "
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
            throw new IllegalArgumentException(name + ".forward: expected an input tensor, got null");
        }
        if (input.dim() != inputDim - 1 && input.dim() != inputDim) {
            throw new IllegalArgumentException(name + ".forward: expected " + (inputDim - 1) + "D or " + inputDim + "D input (got "
                    + input.dim() + "D input)");
        }
        boolean unbatched = input.dim() == inputDim - 1;
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
