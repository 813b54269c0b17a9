package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * {@code y = x @ weight^T + bias}, PyTorch's {@code nn.Linear}: weight {@code [out, in]}, bias {@code [out]},
 * both initialised from U(-1/sqrt(in), 1/sqrt(in)) exactly as PyTorch does, so that the same seed on the
 * same generator gives PyTorch's initial values bit for bit.
 *
 * <pre>{@code
 * Linear fc = new Linear(1, 1, true);
 * Tensor y = fc.forward(Tensor.of(new double[] {2.0}, 1, 1));
 * }</pre>
 */
public class Linear extends Module {
    int inFeatures;   // set by LazyLinear on its first forward
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with a bias, like {@code nn.Linear(in_features, out_features)}, in the default dtype on the default
     * device, initialised from {@link Generator#defaultGenerator()}.
     *
     * @param inFeatures the size of each input sample (the last dimension of the input)
     * @param outFeatures the size of each output sample
     */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /**
     * A layer in the default dtype on the default device, initialised from {@link Generator#defaultGenerator()}.
     *
     * @param inFeatures the size of each input sample (the last dimension of the input)
     * @param outFeatures the size of each output sample
     * @param bias whether the layer adds a learnable bias
     */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A layer initialised from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param inFeatures the size of each input sample (the last dimension of the input)
     * @param outFeatures the size of each output sample
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values; it advances
     * @param dtype the dtype of the parameters
     * @param device the device of the parameters
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator, DType dtype, Device device) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be >= 0, got "
                    + inFeatures + " and " + outFeatures);
        }
        if (generator == null || dtype == null || device == null) {
            throw new IllegalArgumentException("Linear: generator, dtype and device must not be null");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        // in_features 0 (a LazyLinear fed an empty last dimension): an empty weight, nothing drawn, as PyTorch
        double weightBound = inFeatures > 0 ? Generator.kaimingUniformBound(inFeatures) : 0;
        this.weight = registerParameter("weight", uniform(generator, dtype, device, -weightBound, weightBound, outFeatures, inFeatures));
        double biasBound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
        this.bias = bias ? registerParameter("bias", uniform(generator, dtype, device, -biasBound, biasBound, outFeatures)) : null;
    }

    private static Tensor uniform(Generator g, DType dtype, Device device, double from, double to, int... shape) {
        long count = 1;
        for (int s : shape) {
            count *= Math.max(s, 1);   // sizes < 2^31 and count checked each step: no overflow
            if (count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Linear: a parameter of shape " + java.util.Arrays.toString(shape)
                        + " is too large: grad4j indexes at most " + Integer.MAX_VALUE + " (2^31-1) elements per tensor");
            }
        }
        Runtime rt = Runtime.getRuntime();
        long bytes = count * dtype.byteSize();
        try {
            if (count * 12 > rt.maxMemory()) {   // float samples, their double copy: can never fit, do not try
                throw new OutOfMemoryError("more than the maximum heap");
            }
            return uniformSamples(g, dtype, device, from, to, shape);
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("Linear: out of memory for a parameter of shape " + java.util.Arrays.toString(shape)
                    + " (" + dtype + "): it needs " + bytes + " bytes (and about " + (count * 12) + " while it is drawn); "
                    + "the Java heap has about " + (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()))
                    + " bytes available (maximum " + rt.maxMemory() + ", -Xmx)", e);
        }
    }

    private static Tensor uniformSamples(Generator g, DType dtype, Device device, double from, double to, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (dtype == DType.FLOAT32) {
            float[] v = new float[n];
            g.uniform(v, from, to);
            double[] wide = new double[n];
            for (int i = 0; i < n; i++) {
                wide[i] = v[i];
            }
            return Tensor.of(wide, dtype, device, shape);
        }
        double[] v = new double[n];
        g.uniform(v, from, to);
        return Tensor.of(v, dtype, device, shape);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input != null && input.dim() > 0 && input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(in_features=" + inFeatures + ", out_features=" + outFeatures
                    + "): input of shape " + java.util.Arrays.toString(input.shape()) + " has last dimension "
                    + input.size(-1) + ", expected " + inFeatures);
        }
        return Functional.linear(input, slot("weight", weight), slot("bias", bias));
    }

    /**
     * The weight, {@code [out_features, in_features]}.
     *
     * @return the weight parameter itself (not a copy)
     */
    public Tensor weight() {
        return slot("weight", weight);
    }

    /**
     * The bias, {@code [out_features]}, or null.
     *
     * @return the bias parameter itself (not a copy), or null when the layer has none
     */
    public Tensor bias() {
        return slot("bias", bias);
    }

    /**
     * Input width.
     *
     * @return the number of input features
     */
    public int inFeatures() {
        return inFeatures;
    }

    /**
     * Output width.
     *
     * @return the number of output features
     */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias == null ? "False" : "True");
    }
}
