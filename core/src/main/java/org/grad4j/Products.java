package org.grad4j;

import java.util.Arrays;

import org.grad4j.spi.Gemm;
import org.grad4j.spi.UnaryOp;

/** Matrix products: PyTorch's matmul rules composed over one batched GEMM primitive, and their gradients. */
final class Products {
    private Products() {
    }

    static void checkOperands(String op, Tensor a, Tensor b) {
        Pointwise.checkSameDevice(op, a, b);
        if (a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": expected both operands to have the same dtype, but got "
                    + a.dtype + " (shape " + Shapes.str(a.shape) + ") and " + b.dtype + " (shape " + Shapes.str(b.shape)
                    + "); convert one with to(DType)");
        }
        if (!a.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": products of " + a.dtype.torchName() + " tensors are not supported "
                    + "yet (shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape) + "); convert both with toDouble()");
        }
    }

    private static IllegalArgumentException cannotMultiply(String op, Tensor a, Tensor b, int k1, int k2) {
        return new IllegalArgumentException(op + ": shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape)
                + " cannot be multiplied (" + k1 + " != " + k2 + ")");
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a != null && b != null && a.dtype == b.dtype && DTypes.isInteger(a.dtype)) {
            return DTypes.integerMatmul(a, b);
        }
        checkOperands("matmul", a, b);
        int ra = a.shape.length;
        int rb = b.shape.length;
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: both arguments need to be at least 1-D, but they have shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
        }
        int ka = a.shape[ra - 1];
        int kb = rb == 1 ? b.shape[0] : b.shape[rb - 2];
        if (ka != kb) {
            throw cannotMultiply("matmul", a, b, ka, kb);
        }
        if (ra <= 2 && rb <= 2) {
            Tensor a2 = ra == 1 ? a.unsqueeze(0) : a;
            Tensor b2 = rb == 1 ? b.unsqueeze(1) : b;
            Tensor out = mm(a2, b2);
            // composed of mm and squeezes; the last node prints as PyTorch's op for the form (dot, mv, squeeze_)
            if (ra == 1 && rb == 1) {
                return Views.squeeze(out.squeeze(-1), 0, false, "DotBackward0");
            }
            if (rb == 1) {
                return Views.squeeze(out, -1, false, "MvBackward0");
            }
            return ra == 1 ? Views.squeeze(out, 0, false, "SqueezeBackward3") : out;
        }
        Tensor a2 = ra == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = rb == 1 ? b.unsqueeze(1) : b;
        int[] batchA = Arrays.copyOf(a2.shape, a2.shape.length - 2);
        int[] batchB = Arrays.copyOf(b2.shape, b2.shape.length - 2);
        if (Shapes.broadcastOrNull(batchA, batchB) == null) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(a.shape) + " and " + Arrays.toString(b.shape)
                    + " cannot be multiplied: batch dimensions " + Arrays.toString(batchA) + " and "
                    + Arrays.toString(batchB) + " cannot be broadcast");
        }
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int m = a2.shape[a2.shape.length - 2];
        int n = b2.shape[b2.shape.length - 1];
        int count = Shapes.numel(batch);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Shapes.checkIndexable("matmul", outShape);
        Tensor a3 = flattenBatch(a2, batch, count, m, ka);
        Tensor b3 = flattenBatch(b2, batch, count, ka, n);
        Tensor out = mm(a3, b3);
        out = Views.reshape(out, outShape, "UnsafeViewBackward0");
        if (rb == 1) {
            out = out.squeeze(-1);
        }
        return ra == 1 ? out.squeeze(-2) : out;
    }

    /** Views a [..., r, c] operand as [count, r, c]: a stride-0 batch when it is a single matrix, else expanded and reshaped. */
    private static Tensor flattenBatch(Tensor t, int[] batch, int count, int r, int c) {
        if (t.shape.length == 2) {
            Shapes.checkIndexable("matmul", new int[] {count, r, c});
            return t.unsqueeze(0).expand(count, r, c);
        }
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = r;
        full[batch.length + 1] = c;
        Shapes.checkIndexable("matmul", full);
        return t.expand(full).reshape(count, r, c);
    }

    /** {@code a @ b} for 2-D operands or 3-D operands with equal batch. */
    static Tensor mm(Tensor a, Tensor b) {
        int r = a.shape.length;
        int m = a.shape[r - 2];
        int k = a.shape[r - 1];
        int n = b.shape[r - 1];
        int[] outShape = a.shape.clone();
        outShape[r - 1] = n;
        Shapes.checkIndexable("matmul", outShape);
        Tensor out = Tensor.empty(outShape, a.dtype, a.storage.backend);
        gemm(a, b, out, 0.0, m, n, k);
        if (Tensor.needsGrad(a, b)) {
            Tensor.record(out, new MmNode(a, b, r == 3 ? "BmmBackward0" : "MmBackward0"));
        }
        return out;
    }

    /**
     * {@code bias + x @ weight^T} for 2-D x and weight {@code [out, in]}, as PyTorch's {@code addmm}
     * computes {@code Linear}: one GEMM into a copy of the broadcast bias.
     */
    static Tensor addmm(Tensor bias, Tensor x, Tensor weight) {
        int m = x.shape[0];
        int k = x.shape[1];
        int n = weight.shape[0];
        int[] outShape = Shapes.checkIndexable("linear", new int[] {m, n});
        Tensor out = Tensor.empty(outShape, x.dtype, x.storage.backend);
        out.storage.backend.unary(UnaryOp.COPY, outShape, bias.stridedAs(outShape), out.strided());
        gemm(x, transposedLayout(weight), out, 1.0, m, n, k);
        if (Tensor.needsGrad(bias, x, weight)) {
            Tensor.record(out, new AddmmNode(bias, x, weight));
        }
        return out;
    }

    /**
     * {@code t.detach().t()} of a 2-D {@code t}, made directly for a GEMM operand (it reads only the
     * layout): no dim checks, no view bookkeeping, no graph.
     */
    private static Tensor transposedLayout(Tensor t) {
        int rows = t.shape[0];
        int cols = t.shape[1];
        return new Tensor(t.storage, new int[] {cols, rows}, new int[] {t.strides[1], t.strides[0]},
                rows == 0 || cols == 0 ? 0 : t.offset, t.dtype);
    }

    /** Issues one GEMM for 2-D or batched 3-D operands; operands whose strides BLAS cannot express are copied first. */
    private static void gemm(Tensor a, Tensor b, Tensor out, double beta, int m, int n, int k) {
        Tensor ga = blasLayout(a);
        Tensor gb = blasLayout(b);
        boolean batched = a.shape.length == 3;
        int count = batched ? out.shape[0] : 1;
        boolean transA = isTransposed(ga);
        boolean transB = isTransposed(gb);
        out.storage.backend.gemm(new Gemm(transA, transB, m, n, k, count, 1.0,
                ga.buffer(), ga.offset, leading(ga, transA), batchStride(ga),
                gb.buffer(), gb.offset, leading(gb, transB), batchStride(gb),
                beta, out.storage.buffer, out.offset, Math.max(n, 1), batched ? m * n : 0));
    }

    private static int rows(Tensor t) {
        return t.shape[t.shape.length - 2];
    }

    private static int cols(Tensor t) {
        return t.shape[t.shape.length - 1];
    }

    private static int rowStride(Tensor t) {
        return t.strides[t.strides.length - 2];
    }

    private static int colStride(Tensor t) {
        return t.strides[t.strides.length - 1];
    }

    private static boolean rowMajor(Tensor t) {
        return (colStride(t) == 1 || cols(t) <= 1) && (rows(t) <= 1 || rowStride(t) >= Math.max(cols(t), 1));
    }

    private static boolean colMajor(Tensor t) {
        return (rowStride(t) == 1 || rows(t) <= 1) && (cols(t) <= 1 || colStride(t) >= Math.max(rows(t), 1));
    }

    private static Tensor blasLayout(Tensor t) {
        return rowMajor(t) || colMajor(t) ? t : Views.copy(t, t.dtype, "CloneBackward0").detach();
    }

    private static boolean isTransposed(Tensor t) {
        return !rowMajor(t);
    }

    private static int leading(Tensor t, boolean transposed) {
        if (transposed) {
            return cols(t) <= 1 ? Math.max(rows(t), 1) : colStride(t);
        }
        return rows(t) <= 1 ? Math.max(cols(t), 1) : rowStride(t);
    }

    private static int batchStride(Tensor t) {
        return t.shape.length == 3 && t.shape[0] > 1 ? t.strides[0] : 0;
    }

    /** Gradient of mm/bmm: {@code dA = g @ B^T}, {@code dB = A^T @ g}. */
    static final class MmNode extends NamedNode {
        MmNode(Tensor a, Tensor b, String name) {
            super(name, a, b);
            save(a, b);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor a = next[1] != null ? saved(0) : null;
            Tensor b = next[0] != null ? saved(1) : null;
            int r = g.shape.length;
            return new Tensor[] {
                b == null ? null : mm(g, b.transpose(r - 2, r - 1)),
                a == null ? null : mm(a.transpose(r - 2, r - 1), g)
            };
        }
    }

    /**
     * Gradient of addmm: bias gets the column sums of g, x gets {@code g @ W}, and W gets
     * {@code g^T @ x} directly in its own {@code [out, in]} layout (the same products PyTorch sums for
     * {@code (x^T g)^T}), so the weight's gradient needs no transposing copy.
     */
    static final class AddmmNode extends Node {
        private final int[] biasShape;

        AddmmNode(Tensor bias, Tensor x, Tensor weight) {
            super(bias, x, weight);
            this.biasShape = bias.shape;
            save(x, weight);
        }

        @Override
        public String name() {
            return "AddmmBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor gBias = next[0] == null ? null : PrimitiveReductions.sumTo(g, biasShape);
            Tensor gx = next[1] == null ? null : mm(g, saved(1));
            Tensor gw = next[2] == null ? null : mm(transposedLayout(g), saved(0));
            return new Tensor[] {gBias, gx, gw};
        }
    }
}
