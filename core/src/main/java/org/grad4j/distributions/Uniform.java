package org.grad4j.distributions;

import java.util.List;

import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The continuous uniform distribution on [low, high), PyTorch 1.13's {@code torch.distributions.Uniform}:
 * reparameterizable ({@code low + rand * (high - low)}, with {@code rand} PyTorch's {@code torch.rand} draws).
 */
public final class Uniform extends Distribution {
    private final Tensor low;
    private final Tensor high;

    /**
     * A batch of uniform distributions with arguments validated.
     *
     * @param low the lower bounds (floating point)
     * @param high the upper bounds, above low; broadcast with {@code low}
     */
    public Uniform(Tensor low, Tensor high) {
        this(low, high, true);
    }

    /**
     * A batch of uniform distributions.
     *
     * @param low the lower bounds (floating point)
     * @param high the upper bounds, above low; broadcast with {@code low}
     * @param validateArgs whether to check {@code low < high} and the values given to logProb / cdf
     */
    public Uniform(Tensor low, Tensor high, boolean validateArgs) {
        this(broadcast(low, high), validateArgs, true);
    }

    private Uniform(List<Tensor> params, boolean validateArgs, boolean checkParams) {
        super(params.get(0).shape(), new int[0], validateArgs);
        this.low = params.get(0);
        this.high = params.get(1);
        if (checkParams && validateArgs && low.lt(high).all().item() == 0) {
            throw new IllegalArgumentException("Uniform: Uniform is not defined when low>= high");
        }
    }

    private static List<Tensor> broadcast(Tensor low, Tensor high) {
        requireTensor("Uniform", "low", low);
        requireTensor("Uniform", "high", high);
        try {
            return Tensor.broadcastTensors(low, high);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Uniform: " + e.getMessage(), e);
        }
    }

    /**
     * One uniform distribution with 0-d bounds in the default dtype.
     *
     * @param low the lower bound
     * @param high the upper bound, above low
     * @return the distribution
     */
    public static Uniform of(double low, double high) {
        return new Uniform(Tensor.scalar(low), Tensor.scalar(high));
    }

    /**
     * The lower bounds.
     *
     * @return low, broadcast to the batch shape
     */
    public Tensor low() {
        return low;
    }

    /**
     * The upper bounds.
     *
     * @return high, broadcast to the batch shape
     */
    public Tensor high() {
        return high;
    }

    private Constraint support() {
        return Constraint.interval(low, high);
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    @Override
    Tensor draw(Generator generator, int[] shape) {
        Tensor rand = Tensor.empty(shape, low.dtype()).uniform_(0.0, 1.0, generator).to(low.device());
        return low.add(rand.mul(high.sub(low)));
    }

    @Override
    public Tensor logProb(Tensor value) {
        validateSample(value, support());
        Tensor lb = low.le(value).typeAs(low);
        Tensor ub = high.gt(value).typeAs(low);
        return lb.mul(ub).log().sub(high.sub(low).log());
    }

    @Override
    public Tensor cdf(Tensor value) {
        validateSample(value, support());
        return value.sub(low).div(high.sub(low)).clamp(0.0, 1.0);
    }

    @Override
    public Tensor icdf(Tensor value) {
        Distribution.nonNull(value, "Uniform.icdf: value is null");
        return value.mul(high.sub(low)).add(low);
    }

    @Override
    public Tensor entropy() {
        return high.sub(low).log();
    }

    @Override
    public Tensor mean() {
        return high.add(low).div(2.0);
    }

    @Override
    public Tensor stddev() {
        return high.sub(low).div(Math.sqrt(12.0));
    }

    @Override
    public Tensor variance() {
        return high.sub(low).pow(2L).div(12.0);
    }

    @Override
    public Uniform expand(int... batchShape) {
        int[] shape = Shape.checkExpand("Uniform", batchShape(), batchShape);
        return new Uniform(List.of(low.expand(shape), high.expand(shape)), validateArgs, false);
    }

    @Override
    String[] paramNames() {
        return new String[] {"low", "high"};
    }

    @Override
    Tensor param(String name) {
        return name.equals("low") ? low : high;
    }
}
