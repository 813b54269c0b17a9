package org.grad4j;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * Scalar comparisons composed from the primitive ones (EQ, GT, LT), in the tensor's dtype: the
 * two terms of {@code le = lt + eq} and {@code ge = gt + eq} never both hold, and both are 0 for
 * NaN, as PyTorch's {@code <=} and {@code >=}; {@code ne = 1 - eq} is 1 for NaN.
 */
final class Comparisons {
    private Comparisons() {
    }

    static Tensor le(Tensor t, double value) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return t.lt(value).add(Pointwise.scalar(BinaryOp.EQ, "le", t, value, false));
        }
    }

    static Tensor ge(Tensor t, double value) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return t.gt(value).add(Pointwise.scalar(BinaryOp.EQ, "ge", t, value, false));
        }
    }

    static Tensor ne(Tensor t, double value) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return Pointwise.scalar(BinaryOp.SUB, "ne", Pointwise.scalar(BinaryOp.EQ, "ne", t, value, false), 1.0, true);
        }
    }
}
