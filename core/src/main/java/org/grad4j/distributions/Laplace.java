package org.grad4j.distributions;

import java.util.List;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The Laplace distribution with location {@code loc} and scale {@code scale}, PyTorch 1.13's
 * {@code torch.distributions.Laplace}: reparameterizable (inverse cdf of {@code uniform_(eps - 1, 1)}, PyTorch's
 * draws), with cdf and icdf.
 */
public final class Laplace extends Distribution {
    private final Tensor loc;
    private final Tensor scale;

    /**
     * A batch of Laplace distributions with arguments validated.
     *
     * @param loc the locations (floating point)
     * @param scale the scales, positive; broadcast with {@code loc}
     */
    public Laplace(Tensor loc, Tensor scale) {
        this(loc, scale, true);
    }

    /**
     * A batch of Laplace distributions.
     *
     * @param loc the locations (floating point)
     * @param scale the scales, positive; broadcast with {@code loc}
     * @param validateArgs whether to check the parameters and the values given to logProb / cdf
     */
    public Laplace(Tensor loc, Tensor scale, boolean validateArgs) {
        this(broadcast(loc, scale), validateArgs, true);
    }

    private Laplace(List<Tensor> params, boolean validateArgs, boolean checkParams) {
        super(params.get(0).shape(), new int[0], validateArgs);
        this.loc = params.get(0);
        this.scale = params.get(1);
        if (checkParams) {
            checkParam("loc", loc, Constraint.REAL);
            checkParam("scale", scale, Constraint.POSITIVE);
        }
    }

    private static List<Tensor> broadcast(Tensor loc, Tensor scale) {
        requireTensor("Laplace", "loc", loc);
        requireTensor("Laplace", "scale", scale);
        try {
            return Tensor.broadcastTensors(loc, scale);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Laplace: " + e.getMessage(), e);
        }
    }

    /**
     * One Laplace distribution with 0-d parameters in the default dtype.
     *
     * @param loc the location
     * @param scale the scale, positive
     * @return the distribution
     */
    public static Laplace of(double loc, double scale) {
        return new Laplace(Tensor.scalar(loc), Tensor.scalar(scale));
    }

    /**
     * The locations.
     *
     * @return loc, broadcast to the batch shape
     */
    public Tensor loc() {
        return loc;
    }

    /**
     * The scales.
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
        Tensor u = Tensor.empty(shape, loc.dtype()).uniform_(eps(loc.dtype()) - 1, 1.0, generator).to(loc.device());
        return loc.sub(scale.mul(u.sign()).mul(u.abs().neg().log1p()));
    }

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, Constraint.REAL);
        return scale.mul(2.0).log().neg().sub(value.sub(loc).abs().div(scale));
    }

    @Override
    public Tensor cdf(Tensor value) {
        validateSample(value, Constraint.REAL);
        Tensor d = value.sub(loc);
        return d.sign().mul(0.5).mul(d.abs().neg().div(scale).expm1()).rsub(0.5);
    }

    @Override
    public Tensor icdf(Tensor value) {
        Distribution.nonNull(value, "Laplace.icdf: value is null");
        Tensor term = value.sub(0.5);
        return loc.sub(scale.mul(term.sign()).mul(term.abs().mul(-2.0).log1p()));
    }

    @Override
    public Tensor entropy() {
        return scale.mul(2.0).log().add(1.0);
    }

    @Override
    public Tensor mean() {
        return loc;
    }

    @Override
    public Tensor stddev() {
        return scale.mul(Math.sqrt(2.0));
    }

    @Override
    public Tensor variance() {
        return scale.pow(2L).mul(2.0);
    }

    @Override
    public Laplace expand(int... batchShape) {
        int[] shape = Shape.checkExpand("Laplace", batchShape(), batchShape);
        return new Laplace(List.of(loc.expand(shape), scale.expand(shape)), validateArgs, false);
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
