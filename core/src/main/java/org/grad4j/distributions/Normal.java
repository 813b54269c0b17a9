package org.grad4j.distributions;

import java.util.List;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The normal distribution N(loc, scale^2), PyTorch 1.13's {@code torch.distributions.Normal}: reparameterizable,
 * with cdf and icdf. Samples are {@code loc + eps * scale} with {@code eps} from {@code normal_(0, 1)}, PyTorch's draws.
 */
public final class Normal extends Distribution {
    /** log(sqrt(2 pi)), as Python's math computes it. */
    private static final double LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));
    private static final double SQRT2 = Math.sqrt(2);

    private final Tensor loc;
    private final Tensor scale;

    /**
     * A batch of normal distributions with arguments validated.
     *
     * @param loc the means (floating point)
     * @param scale the standard deviations, positive; broadcast with {@code loc}
     */
    public Normal(Tensor loc, Tensor scale) {
        this(loc, scale, true);
    }

    /**
     * A batch of normal distributions.
     *
     * @param loc the means (floating point)
     * @param scale the standard deviations, positive; broadcast with {@code loc}
     * @param validateArgs whether to check the parameters and the values given to logProb / cdf
     */
    public Normal(Tensor loc, Tensor scale, boolean validateArgs) {
        this(broadcast(loc, scale), validateArgs, true);
    }

    private Normal(List<Tensor> params, boolean validateArgs, boolean checkParams) {
        super(params.get(0).shape(), new int[0], validateArgs);
        this.loc = params.get(0);
        this.scale = params.get(1);
        if (checkParams) {
            checkParam("loc", loc, Constraint.REAL);
            checkParam("scale", scale, Constraint.POSITIVE);
        }
    }

    private static List<Tensor> broadcast(Tensor loc, Tensor scale) {
        requireTensor("Normal", "loc", loc);
        requireTensor("Normal", "scale", scale);
        try {
            return Tensor.broadcastTensors(loc, scale);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Normal: " + e.getMessage(), e);
        }
    }

    /**
     * One normal distribution with 0-d parameters in the default dtype, like {@code Normal(0.0, 1.0)}.
     *
     * @param loc the mean
     * @param scale the standard deviation, positive
     * @return the distribution
     */
    public static Normal of(double loc, double scale) {
        return new Normal(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /**
     * The means.
     *
     * @return loc, broadcast to the batch shape
     */
    public Tensor loc() {
        return loc;
    }

    /**
     * The standard deviations.
     *
     * @return scale, broadcast to the batch shape
     */
    public Tensor scale() {
        return scale;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        Tensor eps = Tensor.empty(shape, loc.dtype()).normal_(0.0, 1.0, generator).to(loc.device());
        return loc.add(eps.mul(scale));
    }

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, Constraint.REAL);
        Tensor var = scale.pow(2L);
        return value.sub(loc).pow(2L).neg().div(var.mul(2.0)).sub(scale.log()).sub(LOG_SQRT_2PI);
    }

    @Override
    public Tensor cdf(Tensor value) {
        validateSample(value, Constraint.REAL);
        return value.sub(loc).mul(scale.reciprocal()).div(SQRT2).erf().add(1.0).mul(0.5);
    }

    @Override
    public Tensor icdf(Tensor value) {
        Distribution.nonNull(value, "Normal.icdf: value is null");
        return loc.add(scale.mul(value.mul(2.0).sub(1.0).erfinv()).mul(SQRT2));
    }

    @Override
    public Tensor entropy() {
        return scale.log().add(0.5 + 0.5 * Math.log(2 * Math.PI));
    }

    @Override
    public Tensor mean() {
        return loc;
    }

    @Override
    public Tensor stddev() {
        return scale;
    }

    @Override
    public Tensor variance() {
        return scale.pow(2L);
    }

    @Override
    public Normal expand(int... batchShape) {
        int[] shape = Shape.checkExpand("Normal", batchShape(), batchShape);
        return new Normal(List.of(loc.expand(shape), scale.expand(shape)), validateArgs, false);
    }

    @Override
    String[] paramNames() {
        return new String[] {"loc", "scale"};
    }

    @Override
    Tensor param(String name) {
        return name.equals("loc") ? loc : scale;
    }
}
