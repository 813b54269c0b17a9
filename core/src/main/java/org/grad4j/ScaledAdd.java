package org.grad4j;

import org.grad4j.spi.Backend;
import org.grad4j.spi.UnaryOp;

/**
 * {@code torch.add(a, b, alpha=alpha)} and {@code torch.sub(a, b, alpha=alpha)} out of place. PyTorch's CPU kernel
 * computes {@code fma(alpha, b, a)}, one rounding (alpha rounded to the dtype first), not {@code a + alpha * b}: the
 * two differ in the last bit for about one element in ten. One exception grad4j does not copy: where {@code b} is a
 * broadcast scalar along PyTorch's innermost loop (a 0-d {@code b}, a row added to a column-major matrix), the last
 * elements of each row (those past its vectorised loop's multiple of 16 float32 / 8 float64) round twice there.
 * Integer results take an integral alpha only, as PyTorch refuses a Python float there; bool results are
 * {@code a || (alpha != 0 && b)}.
 */
final class ScaledAdd {
    private ScaledAdd() {
    }

    /** {@code a + alpha * b} ({@code name} "add") or {@code a - alpha * b} ("sub"), broadcast and promoted. */
    static Tensor apply(String name, Tensor a, Tensor b, double alpha) {
        Pointwise.checkSameDevice(name, a, b);
        boolean sub = name.equals("sub");
        if (sub && (a.dtype == DType.BOOL || b.dtype == DType.BOOL)) {
            return a.sub(b);   // PyTorch's refusal of bool subtraction, worded by sub
        }
        DType dt = DTypes.resultType(a, b);
        double scale = sub ? -alpha : alpha;
        if (!dt.isFloatingPoint()) {
            return integral(name, a, b, dt, alpha, scale);
        }
        int[] shape = Shapes.broadcast(name, a.shape, b.shape);
        Backend backend = a.storage.backend;
        Tensor out = Tensor.empty(shape, dt, backend);
        backend.unary(UnaryOp.COPY, shape, a.stridedAs(shape), out.strided());
        Tensor y = b.dtype == dt ? b : b.detach().to(dt);
        backend.axpy(shape, scale, y.stridedAs(shape), out.strided());
        if (Tensor.needsGrad(a, b)) {
            Tensor x = Views.promote(a, dt);
            Tensor z = Views.promote(b, dt);
            Tensor.record(out, new ScaledAddNode(sub ? "SubBackward0" : "AddBackward0", x, z, scale));
        }
        return out;
    }

    private static Tensor integral(String name, Tensor a, Tensor b, DType dt, double alpha, double scale) {
        if (dt == DType.BOOL) {
            Tensor other = b.logicalAnd(Tensor.fullLike(b, alpha != 0 ? 1 : 0, DType.BOOL));
            return a.logicalOr(other);
        }
        if (alpha != Math.rint(alpha) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException(name + ": for integral input tensors, argument alpha must not be a "
                    + "floating point number (got alpha=" + alpha + " for dtypes " + a.dtype.torchName() + " and "
                    + b.dtype.torchName() + ")");
        }
        return a.to(dt).add(b.to(dt).mul((long) scale));
    }

    /** The gradient: {@code g} to {@code a}, {@code scale * g} to {@code b}, each summed to its input's shape. */
    static final class ScaledAddNode extends NamedNode {
        private final int[] aShape;
        private final int[] bShape;
        private final double scale;

        ScaledAddNode(String name, Tensor a, Tensor b, double scale) {
            super(name, a, b);
            this.aShape = a.shape;
            this.bShape = b.shape;
            this.scale = scale;
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {
                next[0] != null ? PrimitiveReductions.sumTo(g, aShape) : null,
                next[1] != null ? PrimitiveReductions.sumTo(scale == 1.0 ? g : g.mul(scale), bShape) : null
            };
        }
    }
}
