package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.format.PythonFloat;

/**
 * Batch normalization over a {@code [N, C]} or {@code [N, C, L]} input, PyTorch's {@code nn.BatchNorm1d}.
 *
 * <p>In training mode each channel is normalized with the batch's mean and biased variance, and the running
 * statistics are updated with the unbiased variance:
 * {@code running = (1 - momentum) * running + momentum * batchStatistic}; with {@code momentum == null} the
 * update is a cumulative average ({@code momentum = 1 / num_batches_tracked}). In evaluation mode the running
 * statistics are used. {@code running_mean}, {@code running_var} and {@code num_batches_tracked} are buffers:
 * they are in the state dict and move with {@link Module#to(Device)}. Without {@code trackRunningStats}
 * there are no buffers and batch statistics are used in both modes.
 *
 * <p>The forward is composed from tensor ops, so autograd and every device work unchanged. PyTorch's CPU
 * kernel sums each channel sequentially and applies {@code x * alpha + beta}; the results agree to rounding,
 * not bit for bit (the golden test's tolerance says how closely). {@code num_batches_tracked} is an int64
 * scalar, as PyTorch's, so PyTorch's checkpoints load (a float64 count saved by earlier grad4j versions too).
 */
public class BatchNorm1d extends Module {
    int numFeatures;   // set by the Lazy* twin on its first forward
    private final double eps;
    private Double momentum;   // PyTorch's public attribute: update_bn sets it to None for a while
    private final boolean affine;
    private final boolean trackRunningStats;

    /**
     * {@code BatchNorm1d(num_features)}: eps 1e-5, momentum 0.1, affine, tracking running statistics.
     *
     * @param numFeatures the number of channels C
     */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /**
     * A layer in the default dtype on the default device.
     *
     * @param numFeatures the number of channels C
     * @param eps added to the variance for numerical stability
     * @param momentum the weight of the batch statistic in the running average, or null for a cumulative average
     * @param affine whether to learn {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats whether to keep running statistics for evaluation mode
     */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, eps, momentum, affine, trackRunningStats, Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer with parameters and buffers in {@code dtype} on {@code device}.
     *
     * @param numFeatures the number of channels C
     * @param eps added to the variance for numerical stability
     * @param momentum the weight of the batch statistic in the running average, or null for a cumulative average
     * @param affine whether to learn {@code weight} (ones) and {@code bias} (zeros)
     * @param trackRunningStats whether to keep running statistics for evaluation mode
     * @param dtype the dtype of the parameters and running statistics
     * @param device their device
     */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats,
            DType dtype, Device device) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("BatchNorm1d: num_features must be positive, got " + numFeatures);
        }
        if (dtype == null || device == null) {
            throw new IllegalArgumentException("BatchNorm1d: dtype and device must not be null");
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        int[] c = {numFeatures};
        if (affine) {
            registerParameter("weight", Tensor.full(c, 1.0, dtype, device));
            registerParameter("bias", Tensor.full(c, 0.0, dtype, device));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.full(c, 0.0, dtype, device));
            registerBuffer("running_var", Tensor.full(c, 1.0, dtype, device));
            registerCounter("num_batches_tracked", Tensor.full(new int[0], 0.0, DType.INT64, device));
        }
    }

    /** The channel count check, worded as PyTorch's ({@code running_mean should contain 5 elements not 3}). */
    final void checkChannels(String layer, int[] shape) {
        if (shape[1] != numFeatures) {
            throw new IllegalArgumentException(layer + "(" + numFeatures + "): running_mean should contain " + shape[1]
                    + " elements not " + numFeatures + " (input of shape " + Arrays.toString(shape) + " has " + shape[1]
                    + " channels in dimension 1, expected " + numFeatures + ")");
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("BatchNorm1d: expected an input tensor, got null");
        }
        int[] shape = input.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected 2D or 3D input (got " + shape.length + "D input of shape "
                    + Arrays.toString(shape) + ")");
        }
        checkChannels("BatchNorm1d", shape);
        return normalize("BatchNorm1d", input);
    }

    /**
     * PyTorch's {@code _BatchNorm.forward} on a checked input: counts the batch and picks the running-average
     * factor (momentum, or 1 / batches for a cumulative average), then {@link Functional#batchNorm}.
     */
    final Tensor normalize(String layer, Tensor input) {
        int[] shape = input.shape();
        if (isTraining() && input.numel() / numFeatures == 1) {
            throw new IllegalArgumentException(layer + ": Expected more than 1 value per channel when training, got "
                    + "input size " + Arrays.toString(shape));
        }
        double factor = 0.0;
        if (isTraining() && trackRunningStats) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                Tensor count = getBuffer("num_batches_tracked");
                count.copy_(count.add(1L));
                factor = momentum == null ? 1.0 / count.itemLong() : momentum;
            }
        }
        boolean useRunning = !isTraining() || trackRunningStats;
        return Functional.batchNorm(input, useRunning ? runningMean() : null, useRunning ? runningVar() : null,
                weight(), bias(), isTraining() || !trackRunningStats, factor, eps);
    }

    /**
     * The scale, {@code [C]}, or null without affine parameters.
     *
     * @return the weight parameter itself, or null
     */
    public Tensor weight() {
        return affine ? getParameter("weight") : null;
    }

    /**
     * The shift, {@code [C]}, or null without affine parameters.
     *
     * @return the bias parameter itself, or null
     */
    public Tensor bias() {
        return affine ? getParameter("bias") : null;
    }

    /**
     * The running mean, {@code [C]}, or null without running statistics.
     *
     * @return the buffer itself, or null
     */
    public Tensor runningMean() {
        return trackRunningStats ? getBuffer("running_mean") : null;
    }

    /**
     * The running (unbiased) variance, {@code [C]}, or null without running statistics.
     *
     * @return the buffer itself, or null
     */
    public Tensor runningVar() {
        return trackRunningStats ? getBuffer("running_var") : null;
    }

    /**
     * The number of training batches seen, or 0 without running statistics.
     *
     * @return {@code num_batches_tracked}
     */
    public long numBatchesTracked() {
        return trackRunningStats ? getBuffer("num_batches_tracked").itemLong() : 0;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + PythonFloat.repr(eps) + ", momentum=" + (momentum == null ? "None" : PythonFloat.repr(momentum))
                + ", affine=" + (affine ? "True" : "False") + ", track_running_stats=" + (trackRunningStats ? "True" : "False");
    }

    // nn5: PyTorch's momentum attribute, which torch.optim.swa_utils.update_bn sets to None and back

    /**
     * The running statistics' momentum, PyTorch's {@code module.momentum}.
     *
     * @return the momentum, or null for a cumulative average
     */
    public Double momentum() {
        return momentum;
    }

    /**
     * Sets the momentum, as PyTorch's {@code module.momentum = value}.
     *
     * @param momentum the weight of the batch statistic in the running average, or null for a cumulative average
     * @throws IllegalArgumentException if it is NaN or infinite
     */
    public void setMomentum(Double momentum) {
        if (momentum != null && !Double.isFinite(momentum)) {
            throw new IllegalArgumentException("BatchNorm: momentum must be finite or null, got " + momentum);
        }
        this.momentum = momentum;
    }
}
