package org.grad4j.distributions;

import java.util.Arrays;
import java.util.StringJoiner;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * A probability distribution, PyTorch 1.13's {@code torch.distributions.Distribution}: a batch of independent
 * distributions ({@link #batchShape()}) over events of {@link #eventShape()}. Samples have the shape
 * {@code sampleShape + batchShape + eventShape}.
 *
 * <p>What a distribution does not define throws {@link UnsupportedOperationException} (PyTorch's
 * {@code NotImplementedError}); bad parameters and values outside the support throw
 * {@link IllegalArgumentException} with PyTorch's message when arguments are validated (the default).
 */
public abstract class Distribution {
    private final int[] batchShape;
    private final int[] eventShape;
    final boolean validateArgs;

    Distribution(int[] batchShape, int[] eventShape, boolean validateArgs) {
        this.batchShape = batchShape.clone();
        this.eventShape = eventShape.clone();
        this.validateArgs = validateArgs;
    }

    /** The name in messages and reprs, PyTorch's class name. */
    String name() {
        return getClass().getSimpleName();
    }

    /**
     * The shape over which parameters are batched.
     *
     * @return a copy of the batch shape
     */
    public int[] batchShape() {
        return batchShape.clone();
    }

    /**
     * The shape of a single sample (without batching).
     *
     * @return a copy of the event shape
     */
    public int[] eventShape() {
        return eventShape.clone();
    }

    /**
     * Whether {@link #rsample(int...)} is implemented (PyTorch's {@code has_rsample}).
     *
     * @return true for reparameterizable distributions
     */
    public boolean hasRsample() {
        return false;
    }

    /**
     * Whether {@link #enumerateSupport(boolean)} is implemented (PyTorch's {@code has_enumerate_support}).
     *
     * @return true for discrete distributions with a finite support
     */
    public boolean hasEnumerateSupport() {
        return false;
    }

    /**
     * Samples of shape {@code sampleShape + batchShape + eventShape} from the default generator, without a graph.
     *
     * @param sampleShape the leading sample dimensions (none for one sample per batch element)
     * @return the samples
     */
    public Tensor sample(int... sampleShape) {
        return sample(Generator.defaultGenerator(), sampleShape);
    }

    /**
     * {@link #sample(int...)} drawing from {@code generator}, consuming it as PyTorch's sample does.
     *
     * @param generator the source of randomness; it advances
     * @param sampleShape the leading sample dimensions
     * @return the samples
     */
    public Tensor sample(Generator generator, int... sampleShape) {
        int[] shape = extendedShape("sample", generator, sampleShape);
        try (GradMode.Scope scope = GradMode.noGrad()) {
            return draw(generator, shape);
        }
    }

    /**
     * Reparameterized samples from the default generator: differentiable with respect to the parameters.
     *
     * @param sampleShape the leading sample dimensions
     * @return the samples
     * @throws UnsupportedOperationException if the distribution is not reparameterizable
     */
    public Tensor rsample(int... sampleShape) {
        return rsample(Generator.defaultGenerator(), sampleShape);
    }

    /**
     * {@link #rsample(int...)} drawing from {@code generator}.
     *
     * @param generator the source of randomness; it advances
     * @param sampleShape the leading sample dimensions
     * @return the samples
     * @throws UnsupportedOperationException if the distribution is not reparameterizable
     */
    public Tensor rsample(Generator generator, int... sampleShape) {
        if (!hasRsample()) {
            throw new UnsupportedOperationException(name() + ".rsample: " + name() + " is not reparameterizable");
        }
        return draw(generator, extendedShape("rsample", generator, sampleShape));
    }

    /** Draws samples of the full shape; differentiable where the distribution is reparameterizable. */
    abstract Tensor draw(Generator generator, int[] shape);

    /**
     * The log of the probability density / mass at {@code value}.
     *
     * @param value a tensor broadcastable with {@code batchShape + eventShape}
     * @return the log probabilities, of the broadcast batch shape
     */
    public abstract Tensor logProb(Tensor value);

    /**
     * The cumulative distribution function at {@code value}.
     *
     * @param value a tensor broadcastable with the batch shape
     * @return the probabilities
     * @throws UnsupportedOperationException where PyTorch 1.13 has none
     */
    public Tensor cdf(Tensor value) {
        throw new UnsupportedOperationException(name() + ".cdf: not implemented in PyTorch 1.13");
    }

    /**
     * The inverse cumulative distribution function at {@code value}.
     *
     * @param value probabilities, broadcastable with the batch shape
     * @return the quantiles
     * @throws UnsupportedOperationException where PyTorch 1.13 has none
     */
    public Tensor icdf(Tensor value) {
        throw new UnsupportedOperationException(name() + ".icdf: not implemented in PyTorch 1.13");
    }

    /**
     * The entropy of each batch element.
     *
     * @return a tensor of the batch shape
     */
    public abstract Tensor entropy();

    /**
     * The mean.
     *
     * @return a tensor of shape {@code batchShape + eventShape}
     */
    public abstract Tensor mean();

    /**
     * The variance.
     *
     * @return a tensor of shape {@code batchShape + eventShape}
     */
    public abstract Tensor variance();

    /**
     * The standard deviation: {@code variance().sqrt()} unless the distribution defines it.
     *
     * @return a tensor of shape {@code batchShape + eventShape}
     */
    public Tensor stddev() {
        return variance().sqrt();
    }

    /**
     * Every value of the support along a new leading dimension, PyTorch's {@code enumerate_support}.
     *
     * @param expand whether to expand the values over the batch shape
     * @return the values
     * @throws UnsupportedOperationException for a distribution without a finite support
     */
    public Tensor enumerateSupport(boolean expand) {
        throw new UnsupportedOperationException(name() + ".enumerateSupport: not implemented in PyTorch 1.13");
    }

    /**
     * This distribution with its parameters expanded to a new batch shape (views, no copy).
     *
     * @param batchShape the new batch shape, to which the current one broadcasts
     * @return a new distribution
     */
    public abstract Distribution expand(int... batchShape);

    /** The parameters shown in toString, PyTorch's repr order. */
    abstract String[] paramNames();

    abstract Tensor param(String name);

    /** PyTorch's repr: each parameter's value when it has one element, else its size. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", name() + "(", ")");
        for (String p : paramNames()) {
            Tensor t = param(p);
            j.add(p + ": " + (t.numel() == 1 ? t.toString() : Shape.torchSize(t.shape())));
        }
        return j.toString();
    }

    // ------------------------------------------------------------------------------------- checks

    /** sampleShape + batchShape + eventShape, after checking the arguments. */
    int[] extendedShape(String method, Generator generator, int[] sampleShape) {
        Distribution.nonNull(generator, name() + "." + method + ": generator is null");
        Distribution.nonNull(sampleShape, name() + "." + method + ": sampleShape is null");
        long n = Shape.numel(batchShape) * Shape.numel(eventShape);
        for (int s : sampleShape) {
            if (s < 0) {
                throw new IllegalArgumentException(name() + "." + method + ": negative dimension " + s + " in sample shape "
                        + Arrays.toString(sampleShape));
            }
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name() + "." + method + ": sample shape " + Arrays.toString(sampleShape)
                        + " with batch shape " + Arrays.toString(batchShape) + " has more than 2^31-1 elements");
            }
        }
        return Shape.concat(sampleShape, batchShape, eventShape);
    }

    /** Checks a parameter against its constraint (PyTorch's __init__ validation). */
    void checkParam(String param, Tensor value, Constraint constraint) {
        if (validateArgs && !constraint.holds(value)) {
            throw new IllegalArgumentException(name() + ": Expected parameter " + param + " (Tensor of shape "
                    + Shape.tuple(value.shape()) + ") of distribution " + this + " to satisfy the constraint " + constraint
                    + ", but found invalid values:\n" + value);
        }
    }

    /** PyTorch's _validate_sample: the value's shape, then its support. */
    void validateSample(Tensor value, Constraint support) {
        Distribution.nonNull(value, name() + ": value is null");
        if (!validateArgs) {
            return;
        }
        int[] actual = value.shape();
        int start = actual.length - eventShape.length;
        if (start < 0 || !Arrays.equals(Arrays.copyOfRange(actual, start, actual.length), eventShape)) {
            throw new IllegalArgumentException(name() + ": The right-most size of value must match event_shape: "
                    + Shape.torchSize(actual) + " vs " + Shape.torchSize(eventShape) + ".");
        }
        int[] expected = Shape.concat(new int[0], batchShape, eventShape);
        for (int i = actual.length - 1, k = expected.length - 1; i >= 0 && k >= 0; i--, k--) {
            if (actual[i] != 1 && expected[k] != 1 && actual[i] != expected[k]) {
                throw new IllegalArgumentException(name() + ": Value is not broadcastable with batch_shape+event_shape: "
                        + Shape.torchSize(actual) + " vs " + Shape.torchSize(expected) + ".");
            }
        }
        if (!support.holds(value)) {
            throw new IllegalArgumentException(name() + ": Expected value argument (Tensor of shape " + Shape.tuple(actual)
                    + ") to be within the support (" + support + ") of the distribution " + this
                    + ", but found invalid values:\n" + value);
        }
    }

    /** A null argument is refused as every other bad argument is: IllegalArgumentException naming the call. */
    static <T> T nonNull(T value, String message) {
        if (value == null) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }

    static Tensor requireTensor(String owner, String param, Tensor t) {
        nonNull(t, owner + ": " + param + " is null");
        if (!t.isFloatingPoint()) {
            throw new IllegalArgumentException(owner + ": " + param + " must be a floating-point tensor, got " + t.dtype());
        }
        return t;
    }

    /** torch.finfo(dtype).eps. */
    static double eps(DType dtype) {
        return dtype == DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
    }

    /** torch.finfo(dtype).min. */
    static double finfoMin(DType dtype) {
        return dtype == DType.FLOAT64 ? -Double.MAX_VALUE : -Float.MAX_VALUE;
    }
}
