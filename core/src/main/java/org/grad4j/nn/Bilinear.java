package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.Bilinear(in1_features, in2_features, out_features, bias=True)}: {@code weight}
 * {@code [out, in1, in2]} and {@code bias} {@code [out]}, both uniform over {@code +-1/sqrt(in1_features)} (drawn in
 * that order, as PyTorch), so a seeded generator gives PyTorch's initial values; see {@link Functional#bilinear}.
 */
public class Bilinear extends Module {
    private final int in1Features;
    private final int in2Features;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with a bias, in the default dtype on the default device, from {@link Generator#defaultGenerator()}.
     *
     * @param in1Features the first input's features
     * @param in2Features the second input's features
     * @param outFeatures the output's features
     */
    public Bilinear(int in1Features, int in2Features, int outFeatures) {
        this(in1Features, in2Features, outFeatures, true, Generator.defaultGenerator(), Tensor.defaultDType(),
                Device.fromSystemProperty());
    }

    /**
     * Every option, initialised from {@code generator}.
     *
     * @param in1Features the first input's features
     * @param in2Features the second input's features
     * @param outFeatures the output's features
     * @param bias whether the layer adds a learnable bias
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias, Generator generator, DType dtype,
            Device device) {
        if (in1Features < 1 || in2Features < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Bilinear: expected positive feature counts, got in1_features="
                    + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures);
        }
        if (generator == null || dtype == null || device == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("Bilinear: expected a generator, a floating dtype and a device");
        }
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        double bound = 1 / Math.sqrt(in1Features);
        Tensor w = Tensor.zeros(new int[] {outFeatures, in1Features, in2Features}, dtype).to(device);
        Init.uniform_(w, -bound, bound, generator);
        this.weight = registerParameter("weight", w);
        if (bias) {
            Tensor b = Tensor.zeros(new int[] {outFeatures}, dtype).to(device);
            Init.uniform_(b, -bound, bound, generator);
            this.bias = registerParameter("bias", b);
        } else {
            this.bias = null;
        }
    }

    /**
     * The layer on two inputs.
     *
     * @param input1 {@code [*, in1_features]}
     * @param input2 {@code [*, in2_features]}
     * @return {@code [*, out_features]}
     */
    public Tensor forward(Tensor input1, Tensor input2) {
        return Functional.bilinear(input1, input2, weight, bias);
    }

    /**
     * Not a one-input layer: PyTorch's Bilinear takes two inputs ({@link #forward(Tensor, Tensor)}).
     *
     * @param input the input
     * @return never
     */
    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("Bilinear: forward takes two inputs, input1 and input2");
    }

    /**
     * The weight, {@code [out, in1, in2]}.
     *
     * @return the weight parameter itself
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * The bias, {@code [out]}, or null.
     *
     * @return the bias parameter itself, or null
     */
    public Tensor bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + (bias != null ? "True" : "False");
    }
}
