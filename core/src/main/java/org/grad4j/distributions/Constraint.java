package org.grad4j.distributions;

import java.util.function.UnaryOperator;

import org.grad4j.Tensor;

/** A parameter's or a support's constraint: PyTorch's repr and its elementwise check (a bool tensor). */
final class Constraint {
    static final Constraint REAL = new Constraint("Real()", x -> x.eq(x));
    static final Constraint POSITIVE = new Constraint("GreaterThan(lower_bound=0.0)", x -> x.gt(0.0));
    static final Constraint NONNEGATIVE = new Constraint("GreaterThanEq(lower_bound=0.0)", x -> x.ge(0.0));
    static final Constraint UNIT_INTERVAL = new Constraint("Interval(lower_bound=0.0, upper_bound=1.0)",
            x -> x.ge(0.0).logicalAnd(x.le(1.0)));
    static final Constraint BOOLEAN = new Constraint("Boolean()", x -> x.eq(0.0).logicalOr(x.eq(1.0)));
    /** The last dimension sums to 1 (within 1e-6) with no negative entry. */
    static final Constraint SIMPLEX = new Constraint("Simplex()",
            x -> x.ge(0.0).all(-1, false).logicalAnd(x.sum(-1).sub(1.0).abs().lt(1e-6)));
    /** Categorical's logits: real along the last dimension. */
    static final Constraint REAL_VECTOR = new Constraint("IndependentConstraint(Real(), 1)",
            x -> x.eq(x).all(-1, false));

    private final String repr;
    private final UnaryOperator<Tensor> check;

    Constraint(String repr, UnaryOperator<Tensor> check) {
        this.repr = repr;
        this.check = check;
    }

    /** integer_interval(lower, upper): whole numbers in [lower, upper]. */
    static Constraint integerInterval(long lower, long upper) {
        return new Constraint("IntegerInterval(lower_bound=" + lower + ", upper_bound=" + upper + ")",
                x -> x.remainder(1.0).eq(0.0).logicalAnd(x.ge((double) lower)).logicalAnd(x.le((double) upper)));
    }

    /** interval(lower, upper) with tensor bounds (Uniform's support). */
    static Constraint interval(Tensor lower, Tensor upper) {
        return new Constraint("Interval(lower_bound=" + lower + ", upper_bound=" + upper + ")",
                x -> lower.le(x).logicalAnd(x.le(upper)));
    }

    /** Whether every element of {@code value} satisfies the constraint. */
    boolean holds(Tensor value) {
        return check.apply(value).all().item() != 0;
    }

    @Override
    public String toString() {
        return repr;
    }
}
