package org.grad4j.distributions;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The log-normal distribution, PyTorch 1.13's {@code torch.distributions.LogNormal}: {@code exp(X)} for
 * {@code X ~ Normal(loc, scale)}, computed as PyTorch's TransformedDistribution with an ExpTransform does.
 */
public final class LogNormal extends Distribution {
    private final Normal base;

    /**
     * A batch of log-normal distributions with arguments validated.
     *
     * @param loc the means of the logarithm (floating point)
     * @param scale the standard deviations of the logarithm, positive; broadcast with {@code loc}
     */
    public LogNormal(Tensor loc, Tensor scale) {
        this(loc, scale, true);
    }

    /**
     * A batch of log-normal distributions.
     *
     * @param loc the means of the logarithm (floating point)
     * @param scale the standard deviations of the logarithm, positive; broadcast with {@code loc}
     * @param validateArgs whether to check the parameters and the values given to logProb / cdf
     */
    public LogNormal(Tensor loc, Tensor scale, boolean validateArgs) {
        this(base(loc, scale, validateArgs), validateArgs);
    }

    private LogNormal(Normal base, boolean validateArgs) {
        super(base.batchShape(), new int[0], validateArgs);
        this.base = base;
    }

    private static Normal base(Tensor loc, Tensor scale, boolean validateArgs) {
        try {
            return new Normal(loc, scale, validateArgs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LogNormal: " + e.getMessage(), e);
        }
    }

    /**
     * One log-normal distribution with 0-d parameters in the default dtype.
     *
     * @param loc the mean of the logarithm
     * @param scale the standard deviation of the logarithm, positive
     * @return the distribution
     */
    public static LogNormal of(double loc, double scale) {
        return new LogNormal(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /**
     * The means of the logarithm.
     *
     * @return loc
     */
    public Tensor loc() {
        return base.loc();
    }

    /**
     * The standard deviations of the logarithm.
     *
     * @return scale
     */
    public Tensor scale() {
        return base.scale();
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        return base.draw(generator, shape).exp();
    }

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, Constraint.POSITIVE);
        Tensor x = value.log();
        return x.rsub(0.0).add(base.logProb(x));
    }

    @Override
    public Tensor cdf(Tensor value) {
        Distribution.nonNull(value, "LogNormal.cdf: value is null");
        return base.cdf(value.log());
    }

    @Override
    public Tensor icdf(Tensor value) {
        return base.icdf(value).exp();
    }

    @Override
    public Tensor entropy() {
        return base.entropy().add(base.loc());
    }

    @Override
    public Tensor mean() {
        return base.loc().add(base.scale().pow(2L).div(2.0)).exp();
    }

    @Override
    public Tensor variance() {
        // two pow nodes as PyTorch's formula has: the gradient reaches scale as their sum, in PyTorch's order
        return base.scale().pow(2L).exp().sub(1.0).mul(base.loc().mul(2.0).add(base.scale().pow(2L)).exp());
    }

    @Override
    public LogNormal expand(int... batchShape) {
        return new LogNormal(base.expand(batchShape), validateArgs);
    }

    @Override
    String[] paramNames() {
        return new String[0];
    }

    @Override
    Tensor param(String name) {
        throw new IllegalStateException("LogNormal has no parameter in its repr");
    }
}
