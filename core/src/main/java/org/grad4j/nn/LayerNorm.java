package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;

/**
 * Normalizes over the last dimensions, PyTorch's {@code nn.LayerNorm}:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}, with the mean and the biased variance taken over
 * the trailing {@code normalizedShape} dimensions of each sample; {@code weight} (ones) and {@code bias} (zeros)
 * have shape {@code normalizedShape} when {@code elementwiseAffine}.
 *
 * <p>Composed from tensor ops ({@code mean}, {@code sub}, {@code mul}, {@code sqrt}, {@code div}), so autograd
 * and every device work unchanged. PyTorch's CPU kernel computes the moments in one fused pass and applies
 * {@code x * rstd - rstd * mean}; the results agree to rounding, not bit for bit (the golden test's tolerance
 * says how closely).
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    /**
     * {@code LayerNorm(normalized_shape)} over the last dimension, eps 1e-5, with affine parameters.
     *
     * @param normalizedShape the size of the last dimension
     */
    public LayerNorm(int normalizedShape) {
        this(new int[] {normalizedShape}, 1e-5, true);
    }

    /**
     * A layer in the default dtype on the default device.
     *
     * @param normalizedShape the trailing shape to normalize over
     * @param eps added to the variance for numerical stability
     * @param elementwiseAffine whether to learn {@code weight} and {@code bias}
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        this(normalizedShape, eps, elementwiseAffine, Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer with parameters in {@code dtype} on {@code device}.
     *
     * @param normalizedShape the trailing shape to normalize over
     * @param eps added to the variance for numerical stability
     * @param elementwiseAffine whether to learn {@code weight} and {@code bias}
     * @param dtype the parameters' dtype
     * @param device the parameters' device
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, DType dtype, Device device) {
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape must have at least one dimension, got "
                    + Arrays.toString(normalizedShape));
        }
        for (int s : normalizedShape) {
            if (s <= 0) {
                throw new IllegalArgumentException("LayerNorm: normalized_shape must be positive, got " + Arrays.toString(normalizedShape));
            }
        }
        if (dtype == null || device == null) {
            throw new IllegalArgumentException("LayerNorm: dtype and device must not be null");
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            registerParameter("weight", Tensor.full(this.normalizedShape, 1.0, dtype, device));
            registerParameter("bias", Tensor.full(this.normalizedShape, 0.0, dtype, device));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("LayerNorm: expected an input tensor, got null");
        }
        int[] shape = input.shape();
        int k = normalizedShape.length;
        boolean ok = shape.length >= k;
        for (int i = 0; ok && i < k; i++) {
            ok = shape[shape.length - k + i] == normalizedShape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("LayerNorm: Given normalized_shape=" + Arrays.toString(normalizedShape)
                    + ", expected input with shape [*, " + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "")
                    + "], but got input of size" + Arrays.toString(shape));
        }
        return Functional.layerNorm(input, normalizedShape, weight(), bias(), eps);
    }

    /**
     * The scale, shape {@code normalizedShape}, or null without affine parameters.
     *
     * @return the weight parameter itself, or null
     */
    public Tensor weight() {
        return elementwiseAffine ? getParameter("weight") : null;
    }

    /**
     * The shift, shape {@code normalizedShape}, or null without affine parameters.
     *
     * @return the bias parameter itself, or null
     */
    public Tensor bias() {
        return elementwiseAffine ? getParameter("bias") : null;
    }

    @Override
    protected String extraRepr() {
        return pythonTuple(normalizedShape) + ", eps=" + PythonFloat.repr(eps) + ", elementwise_affine="
                + (elementwiseAffine ? "True" : "False");
    }

    /** Python's repr of a tuple of ints: {@code (4,)}, {@code (2, 3)}. */
    static String pythonTuple(int[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
    }
}
