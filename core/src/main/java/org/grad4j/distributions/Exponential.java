package org.grad4j.distributions;


import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The exponential distribution with rate {@code rate}, PyTorch 1.13's {@code torch.distributions.Exponential}:
 * reparameterizable ({@code exponential_() / rate}, PyTorch's draws), with cdf and icdf.
 */
public final class Exponential extends Distribution {
    private final Tensor rate;

    /**
     * A batch of exponential distributions with arguments validated.
     *
     * @param rate the rates, positive (floating point)
     */
    public Exponential(Tensor rate) {
        this(rate, true);
    }

    /**
     * A batch of exponential distributions.
     *
     * @param rate the rates, positive (floating point)
     * @param validateArgs whether to check the rates and the values given to logProb / cdf
     */
    public Exponential(Tensor rate, boolean validateArgs) {
        this(requireTensor("Exponential", "rate", rate), validateArgs, true);
    }

    private Exponential(Tensor rate, boolean validateArgs, boolean checkParams) {
        super(rate.shape(), new int[0], validateArgs);
        this.rate = rate;
        if (checkParams) {
            checkParam("rate", rate, Constraint.POSITIVE);
        }
    }

    /**
     * One exponential distribution with a 0-d rate in the default dtype.
     *
     * @param rate the rate, positive
     * @return the distribution
     */
    public static Exponential of(double rate) {
        return new Exponential(Tensor.scalar(rate));
    }

    /**
     * The rates.
     *
     * @return rate
     */
    public Tensor rate() {
        return rate;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        return Tensor.empty(shape, rate.dtype()).exponential_(1.0, generator).to(rate.device()).div(rate);
    }

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, Constraint.NONNEGATIVE);
        return rate.log().sub(rate.mul(value));
    }

    @Override
    public Tensor cdf(Tensor value) {
        validateSample(value, Constraint.NONNEGATIVE);
        return rate.neg().mul(value).exp().rsub(1.0);
    }

    @Override
    public Tensor icdf(Tensor value) {
        Distribution.nonNull(value, "Exponential.icdf: value is null");
        return value.neg().log1p().neg().div(rate);
    }

    @Override
    public Tensor entropy() {
        return rate.log().rsub(1.0);
    }

    @Override
    public Tensor mean() {
        return rate.reciprocal();
    }

    @Override
    public Tensor stddev() {
        return rate.reciprocal();
    }

    @Override
    public Tensor variance() {
        return rate.pow(-2.0);
    }

    @Override
    public Exponential expand(int... batchShape) {
        int[] shape = Shape.checkExpand("Exponential", batchShape(), batchShape);
        return new Exponential(rate.expand(shape), validateArgs, false);
    }

    @Override
    String[] paramNames() {
        return new String[] {"rate"};
    }

    @Override
    Tensor param(String name) {
        return rate;
    }
}
