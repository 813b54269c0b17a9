package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.format.PythonFloat;
import org.grad4j.internal.Internals;

/**
 * Zeroes each element with probability {@code p} in training mode and scales the rest by {@code 1/(1-p)},
 * PyTorch's {@code nn.Dropout}; in evaluation mode ({@link Module#eval()}) it returns its input.
 *
 * <p>The mask is PyTorch 1.13's CPU mask for the same generator state: {@code noise.bernoulli_(1 - p)} on a
 * tensor shaped like the input (one float64 uniform per element in row-major order, see
 * {@link Generator#bernoulli(double[], double)}; drawn into a float array for float32), {@code noise.div_(1 - p)} in the input's dtype, and
 * {@code input * noise}, whose gradient is {@code grad * noise} ({@code MulBackward0}). On a GPU device the
 * mask is drawn the same way on the host (PyTorch's CUDA kernel uses another generator).
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Linear(64, 128, true), new ReLU(), new Dropout(0.2), new Linear(128, 10, true));
 * net.eval();   // dropout off
 * }</pre>
 */
public class Dropout extends Module {
    private final double p;
    private final boolean inplace;
    private final Generator generator;

    /** {@code Dropout(p=0.5)}. */
    public Dropout() {
        this(0.5);
    }

    /**
     * Dropout drawing from {@link Generator#defaultGenerator()}.
     *
     * @param p the probability of zeroing an element, in [0, 1]
     */
    public Dropout(double p) {
        this(p, false);
    }

    /**
     * Dropout drawing from {@link Generator#defaultGenerator()}.
     *
     * @param p the probability of zeroing an element, in [0, 1]
     * @param inplace whether to scale the input in place (it must not be a leaf that requires grad)
     */
    public Dropout(double p, boolean inplace) {
        this(p, inplace, Generator.defaultGenerator());
    }

    /**
     * Dropout drawing its masks from {@code generator}.
     *
     * @param p the probability of zeroing an element, in [0, 1]
     * @param inplace whether to scale the input in place
     * @param generator the source of the masks; it advances once per element per training forward
     */
    public Dropout(double p, boolean inplace, Generator generator) {
        checkP(p);
        if (generator == null) {
            throw new IllegalArgumentException("Dropout: expected a Generator, got null");
        }
        this.p = p;
        this.inplace = inplace;
        this.generator = generator;
    }

    static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return dropout(input, p, isTraining(), inplace, generator);
    }

    /**
     * PyTorch's {@code torch.nn.functional.dropout(input, p, training, inplace)} with an explicit generator.
     *
     * @param input the input
     * @param p the probability of zeroing an element, in [0, 1]
     * @param training whether to drop; when false (or {@code p == 0}) the input itself is returned
     * @param inplace whether to scale {@code input} in place
     * @param generator the source of the mask
     * @return the result (the input itself when not training, when {@code p == 0}, or when {@code inplace})
     */
    public static Tensor dropout(Tensor input, double p, boolean training, boolean inplace, Generator generator) {
        checkP(p);
        if (input == null || generator == null) {
            throw new IllegalArgumentException("dropout: expected an input tensor and a Generator, got null");
        }
        if (p == 0 || !training || input.numel() == 0) {
            return input;
        }
        Tensor noise;
        if (p == 1) {
            // PyTorch multiplies by a zero scalar: NaN and inf inputs stay NaN, as there.
            noise = Tensor.full(new int[0], 0.0, input.dtype(), input.device());
        } else if (input.dtype() == DType.FLOAT32) {
            // The mask in the input's dtype, drawn into an array the backend lends (on the CPU a released
            // buffer's) and handed to the tensor without a copy; it is saved for backward.
            float[] mask = Internals.tensors().backend(input).scratchFloats(input.numel());
            generator.bernoulli(mask, 1 - p);
            // noise.div_(1 - p): the divisor is rounded to the tensor's dtype, then 1 / divisor is rounded
            float scale = 1.0f / (float) (1 - p);
            for (int i = 0; i < mask.length; i++) {
                mask[i] *= scale;
            }
            noise = Internals.tensors().adopt(mask, DType.FLOAT32, input.device(), input.shape());
        } else if (!input.dtype().isFloatingPoint()) {
            // PyTorch draws the mask into an integer noise tensor, then noise.div_(1 - p) refuses the float
            // result: the generator has advanced by then, as here.
            generator.bernoulli(new double[input.numel()], 1 - p);
            String aten = switch (input.dtype()) {
                case INT64 -> "Long";
                case INT32 -> "Int";
                case UINT8 -> "Byte";
                default -> "Bool";
            };
            throw new IllegalArgumentException("dropout: result type Float can't be cast to the desired output type "
                    + aten + " (the input is a " + input.dtype().torchName() + " tensor of shape "
                    + java.util.Arrays.toString(input.shape()) + "; dropout with 0 < p < 1 needs a floating point input)");
        } else {
            double[] mask = input.dtype() == DType.FLOAT64 ? Internals.tensors().backend(input).scratchDoubles(input.numel())
                    : new double[input.numel()];
            generator.bernoulli(mask, 1 - p);
            double scale = 1.0 / (1 - p);
            for (int i = 0; i < mask.length; i++) {
                mask[i] *= scale;
            }
            noise = input.dtype() == DType.FLOAT64
                    ? Internals.tensors().adopt(mask, DType.FLOAT64, input.device(), input.shape())
                    : Tensor.of(mask, input.dtype(), input.device(), input.shape());
        }
        // The mask is this call's alone: MulBackward0 frees it with the graph after backward.
        return inplace ? input.mul_(noise) : Internals.tensors().mulTemporary(input, noise);
    }

    /**
     * The drop probability.
     *
     * @return p
     */
    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + PythonFloat.repr(p) + ", inplace=" + (inplace ? "True" : "False");
    }
}
