package org.grad4j;

import org.grad4j.autograd.GradMode;

/**
 * {@code torch.div(a, b, rounding_mode=...)}: {@code "trunc"} rounds the quotient toward zero, {@code "floor"}
 * toward negative infinity (PyTorch's {@code floor_divide}), {@code null} is true division. Floating quotients
 * round as PyTorch's CPU kernels: {@code trunc(a / b)}, and floor_divide's own formula. Integer operands stay
 * integers: trunc is the floor quotient plus one where the remainder is not zero and the signs differ (exact),
 * division by zero raises PyTorch's {@code ZeroDivisionError}. Rounded quotients have a zero gradient, as in
 * PyTorch ({@code DivBackward2}, also for a number divisor).
 */
final class RoundingDivision {
    private RoundingDivision() {
    }

    static Tensor div(Tensor a, Tensor b, String mode) {
        if (mode == null) {
            return a.div(b);
        }
        Indexing.nonNull("div", a, b);
        boolean trunc = isTrunc(mode);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (!trunc) {
                out = a.floorDivide(b);
            } else if (a.dtype().isFloatingPoint() || b.dtype().isFloatingPoint()) {
                out = a.div(b).trunc();
            } else {
                out = truncInts(a.floorDivide(b), a.remainder(b), a.lt(0L), b.lt(0L));
            }
        }
        return zeroGradient(out, "DivBackward2", a, b);
    }

    static Tensor div(Tensor a, double value, String mode) {
        if (mode == null) {
            return a.div(value);
        }
        Indexing.nonNull("div", a);
        boolean trunc = isTrunc(mode);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = trunc ? a.div(value).trunc() : a.floorDivide(value);
        }
        return zeroGradient(out, "DivBackward2", a);
    }

    static Tensor div(Tensor a, long value, String mode) {
        if (mode == null) {
            return a.div(value);
        }
        Indexing.nonNull("div", a);
        boolean trunc = isTrunc(mode);
        if (!a.dtype().isFloatingPoint()) {
            // a Python int divisor takes the tensor's integer dtype (wrapping: -3 divides a uint8 tensor as 253);
            // a bool tensor's quotient is int64
            DType dtype = a.dtype() == DType.BOOL ? DType.INT64 : a.dtype();
            return div(a, Tensor.full(new int[0], value, dtype, a.device()), mode);
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = trunc ? a.div((double) value).trunc() : a.floorDivide(value);
        }
        return zeroGradient(out, "DivBackward2", a);
    }

    private static boolean isTrunc(String mode) {
        if (!"trunc".equals(mode) && !"floor".equals(mode)) {
            throw new IllegalArgumentException("div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                    + "but found '" + mode + "'");
        }
        return mode.equals("trunc");
    }

    /** Integer trunc division from the floor quotient: one more where the division was inexact and signs differ. */
    private static Tensor truncInts(Tensor floor, Tensor remainder, Tensor aNegative, Tensor bNegative) {
        Tensor inexact = remainder.ne(0L).logicalAnd(aNegative.ne(bNegative));
        return Tensor.where(inexact, floor.add(1L), floor);
    }

    private static Tensor zeroGradient(Tensor out, String name, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (Tensor.needsGrad(t)) {
                return Tensor.record(out, new Indexing.FnNode(name, g -> zeros(g, inputs), inputs));
            }
        }
        return out;
    }

    private static Tensor[] zeros(Tensor g, Tensor[] inputs) {
        Tensor[] grads = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            grads[i] = t.requiresGrad() ? Tensor.full(t.shape(), 0.0, t.dtype(), t.device()) : null;
        }
        return grads;
    }
}
