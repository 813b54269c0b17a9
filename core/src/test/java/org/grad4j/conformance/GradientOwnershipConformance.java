package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.grad4j.AutogradFunction;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.GradientOwnershipPolicyConformance;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.junit.jupiter.api.Test;

/**
 * A leaf's first gradient is adopted without a copy only when nobody else can hold it: never the
 * caller's gradient, never one tensor for two leaves, never what a user-written backward returned.
 * Inherits the unit tests of the policy itself ({@link GradientOwnershipPolicyConformance}).
 */
public abstract class GradientOwnershipConformance extends GradientOwnershipPolicyConformance {
    private static Tensor leaf(double... v) {
        return Tensor.of(v, DType.FLOAT64, dev(), v.length).requiresGrad_(true);
    }

    @Test
    void theCallersGradientIsNeverAdoptedNorSharedBetweenLeaves() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        Tensor g = Tensor.of(new double[] {10, 20}, DType.FLOAT64, dev(), 2);
        Tensor c = a.add(b);
        c.backward(g, true);
        assertNotSame(g, a.grad());
        assertNotSame(a.grad(), b.grad());
        c.backward(g);   // accumulates in place into both grads
        assertArrayEquals(new double[] {20, 40}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {20, 40}, b.grad().toDoubleArray());
        assertArrayEquals(new double[] {10, 20}, g.toDoubleArray(), "the caller's gradient was written into");
    }

    @Test
    void aFreshGradientPassedThroughToTwoLeavesIsAdoptedAtMostOnce() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        Tensor x = leaf(5, 6);
        // mul's backward makes a fresh tensor; add passes that same tensor to a and b.
        Tensor loss = a.add(b).mul(x).sum();
        loss.backward(Tensor.of(new double[] {1}, DType.FLOAT64, dev()), true);
        assertNotSame(a.grad(), b.grad());
        loss.backward(Tensor.of(new double[] {1}, DType.FLOAT64, dev()));
        assertArrayEquals(new double[] {10, 12}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {10, 12}, b.grad().toDoubleArray());
    }

    /** A hand-written backward that returns a tensor it keeps. */
    static final class KeepsItsGradient extends AutogradFunction {
        final Tensor kept = Tensor.of(new double[] {7, 7}, DType.FLOAT64, dev(), 2);

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return in[0].mul(1.0);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[] {kept};
        }
    }

    @Test
    void whatAUserWrittenBackwardReturnsIsCopied() {
        Tensor a = leaf(1, 2);
        KeepsItsGradient fn = new KeepsItsGradient();
        fn.apply(a).sum().backward();
        assertNotSame(fn.kept, a.grad());
        fn.apply(a).sum().backward();
        assertArrayEquals(new double[] {14, 14}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {7, 7}, fn.kept.toDoubleArray(), "the function's own tensor was written into");
    }

    /** Passes its gradient through; when {@code nested}, first runs a backward pass of its own over x * x. */
    static final class Reentrant extends AutogradFunction {
        final Tensor x;
        final boolean nested;

        Reentrant(Tensor x, boolean nested) {
            this.x = x;
            this.nested = nested;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return in[0].mul(1.0);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            if (nested) {
                try (GradMode.Scope ignored = GradMode.enableGrad()) {
                    x.mul(x).sum().backward();
                }
            }
            return new Tensor[] {g};
        }
    }

    @Test
    void aBackwardPassInsideABackwardPassSharesLeavesWithIt() {
        // The inner pass reaches x's sink, which the outer pass is still routing gradients to.
        Tensor w = leaf(3, -4);
        Tensor x = leaf(1, 2);
        x.mul(x).sum().backward();
        Tensor innerAlone = x.grad().clone();
        x.clearGrad();
        new Reentrant(x, false).apply(x).sum().add(x.mul(w).sum()).backward();
        Tensor outerAlone = x.grad().clone();
        x.clearGrad();
        w.clearGrad();
        new Reentrant(x, true).apply(x).sum().add(x.mul(w).sum()).backward();
        assertArrayEquals(innerAlone.add(outerAlone).toDoubleArray(), x.grad().toDoubleArray());
        assertArrayEquals(x.detach().toDoubleArray(), w.grad().toDoubleArray());
    }
}
