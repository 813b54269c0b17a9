package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

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

    /** matmul's shape rules for every dtype: both operands at least 1-D, a's last size equal to b's contracted one. */
    static void checkMatmulShapes(Tensor a, Tensor b) {
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
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a != null && b != null && a.dtype == b.dtype && DTypes.isInteger(a.dtype)) {
            return DTypes.integerMatmul(a, b);
        }
        checkOperands("matmul", a, b);
        checkMatmulShapes(a, b);
        int ra = a.shape.length;
        int rb = b.shape.length;
        int ka = a.shape[ra - 1];
        if (ra <= 2 && rb <= 2) {
            Tensor a2 = ra == 1 ? a.unsqueeze(0) : a;
            Tensor b2 = rb == 1 ? b.unsqueeze(1) : b;
            if (rb == 1) {
                // dot and mv: their own node, whose gradients multiply as PyTorch's (grad * other, grad.ger(vec))
                Tensor out;
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    out = ra == 1 ? mm(a2, b2).reshape() : mm(a2, b2).reshape(a.shape[0]);
                }
                return Tensor.needsGrad(a, b) ? Tensor.record(out, new VectorProductNode(a, b)) : out;
            }
            Tensor out = mm(a2, b2);
            // composed of mm and squeezes; the last node prints as PyTorch's op for the form (squeeze_)
            return ra == 1 ? Views.squeeze(out, 0, false, "SqueezeBackward3") : out;
        }
        if (ra >= 3 && rb <= 2 && Tensor.needsGrad(b) || rb >= 3 && ra <= 2 && Tensor.needsGrad(a)) {
            return folded(a, b, rb > ra);
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

    /**
     * PyTorch 1.13's matmul of a 3-D or larger operand and a 1-D or 2-D one that requires grad (ATen's should_fold):
     * the larger one's batch folded into its rows, one mm (or mv), with the larger one on the right through
     * transposes. The values are the batched product's; the smaller operand's gradient is one product over the whole
     * folded batch, not a sum of per-batch products (whose rounding differs).
     */
    private static Tensor folded(Tensor a, Tensor b, boolean transpose) {
        Tensor t1 = transpose ? b.mT() : a;
        Tensor t2 = !transpose ? b : a.dim() == 2 ? a.t() : a;
        int[] s1 = t1.shape;
        int[] batchRows = Arrays.copyOf(s1, s1.length - 1);
        int[] outShape = batchRows;
        if (t2.dim() == 2) {
            outShape = Arrays.copyOf(batchRows, batchRows.length + 1);
            outShape[batchRows.length] = t2.shape[1];
        }
        Shapes.checkIndexable("matmul", outShape);
        Tensor rows = t1.reshape(Shapes.numel(batchRows), s1[s1.length - 1]);
        Tensor out = Views.reshape(t2.dim() == 2 ? mm(rows, t2) : matmul(rows, t2), outShape, "UnsafeViewBackward0");
        return transpose && t2.dim() == 2 ? out.mT().contiguous() : out;
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
        gemm(a, false, b, false, out, 0.0, m, n, k);
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
        // shapes are never mutated: x's own [m, n] serves when in == out (Linear(1, 1), square layers)
        int[] outShape = k == n ? x.shape : Shapes.checkIndexable("linear", new int[] {m, n});
        Tensor out = Tensor.empty(outShape, x.dtype, x.storage.backend);
        out.storage.backend.unary(UnaryOp.COPY, outShape, bias.stridedAs(outShape), out.strided());
        gemm(x, false, weight, true, out, 1.0, m, n, k);
        if (Tensor.needsGrad(bias, x, weight)) {
            Tensor.record(out, new AddmmNode(bias, x, weight));
        }
        return out;
    }

    /**
     * Issues one GEMM for 2-D or batched 3-D operands, {@code op(a) @ op(b)} where {@code op} reads the
     * operand's last two dims swapped when its flag is set (a transpose without a view: GEMM reads only
     * the layout); operands whose strides BLAS cannot express are copied first.
     */
    private static void gemm(Tensor a, boolean aT, Tensor b, boolean bT, Tensor out, double beta, int m, int n, int k) {
        gemm(a, aT, b, bT, out, 1.0, beta, m, n, k);
    }

    /**
     * {@code beta * input + alpha * (a @ b)} for 2-D operands, or 3-D ones with equal batch, as PyTorch's addmm and
     * baddbmm compute it: one GEMM into a copy of the broadcast input (ignored when beta is 0). No graph.
     */
    static Tensor addProduct(String op, Tensor input, Tensor a, Tensor b, double beta, double alpha) {
        int r = a.shape.length;
        int m = a.shape[r - 2];
        int k = a.shape[r - 1];
        int n = b.shape[r - 1];
        int[] outShape = a.shape.clone();
        outShape[r - 1] = n;
        Shapes.checkIndexable(op, outShape);
        Tensor out = Tensor.empty(outShape, a.dtype, a.storage.backend);
        if (beta != 0) {
            out.storage.backend.unary(UnaryOp.COPY, outShape, input.stridedAs(outShape), out.strided());
        }
        gemm(a, false, b, false, out, alpha, beta, m, n, k);
        return out;
    }

    private static void gemm(Tensor a, boolean aT, Tensor b, boolean bT, Tensor out, double alpha, double beta,
                             int m, int n, int k) {
        Tensor ga = blasLayout(a, aT);
        Tensor gb = blasLayout(b, bT);
        boolean batched = a.shape.length == 3;
        int count = batched ? out.shape[0] : 1;
        boolean transA = !rowMajor(ga, aT);
        boolean transB = !rowMajor(gb, bT);
        out.storage.backend.gemm(new Gemm(transA, transB, m, n, k, count, alpha,
                ga.buffer(), ga.offset, leading(ga, aT, transA), batchStride(ga),
                gb.buffer(), gb.offset, leading(gb, bT, transB), batchStride(gb),
                beta, out.storage.buffer, out.offset, Math.max(n, 1), batched ? m * n : 0));
    }

    // The operand's matrix as the GEMM reads it: dims r-2 and r-1, swapped when `t` (transposed).

    private static int rows(Tensor a, boolean t) {
        return a.shape[a.shape.length - (t ? 1 : 2)];
    }

    private static int cols(Tensor a, boolean t) {
        return a.shape[a.shape.length - (t ? 2 : 1)];
    }

    private static int rowStride(Tensor a, boolean t) {
        return a.strides[a.strides.length - (t ? 1 : 2)];
    }

    private static int colStride(Tensor a, boolean t) {
        return a.strides[a.strides.length - (t ? 2 : 1)];
    }

    private static boolean rowMajor(Tensor a, boolean t) {
        return (colStride(a, t) == 1 || cols(a, t) <= 1) && (rows(a, t) <= 1 || rowStride(a, t) >= Math.max(cols(a, t), 1));
    }

    private static boolean colMajor(Tensor a, boolean t) {
        return (rowStride(a, t) == 1 || rows(a, t) <= 1) && (cols(a, t) <= 1 || colStride(a, t) >= Math.max(rows(a, t), 1));
    }

    /** {@code a} itself, or a row-major copy where neither its matrix nor its transpose has a BLAS layout. */
    private static Tensor blasLayout(Tensor a, boolean t) {
        return rowMajor(a, t) || colMajor(a, t) ? a : Views.copy(a, a.dtype, "CloneBackward0").detach();
    }

    private static int leading(Tensor a, boolean t, boolean transposed) {
        if (transposed) {
            return cols(a, t) <= 1 ? Math.max(rows(a, t), 1) : colStride(a, t);
        }
        return rows(a, t) <= 1 ? Math.max(cols(a, t), 1) : rowStride(a, t);
    }

    private static int batchStride(Tensor t) {
        return t.shape.length == 3 && t.shape[0] > 1 ? t.strides[0] : 0;
    }

    /**
     * {@code a^T @ b} for 2-D operands, reading {@code a} transposed in place: the weight gradient of
     * addmm, computed without a graph (the engine runs backward formulas with grad mode off), into a new
     * tensor of {@code shape} (the weight's own, {@code [a.shape[1], b.shape[1]]}).
     */
    private static Tensor mmTransposedA(Tensor a, Tensor b, int[] shape) {
        int m = a.shape[1];
        int k = a.shape[0];
        int n = b.shape[1];
        int[] outShape = shape;
        Tensor out = Tensor.empty(outShape, a.dtype, a.storage.backend);
        gemm(a, true, b, false, out, 0.0, m, n, k);
        return out;
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
                b == null ? null : mm(g, r == 2 ? b.t() : b.transpose(r - 2, r - 1)),
                a == null ? null : mm(r == 2 ? a.t() : a.transpose(r - 2, r - 1), g)
            };
        }
    }

    /**
     * dot ({@code DotBackward0}: {@code grad * other}, {@code grad * self}) and mv ({@code MvBackward0}:
     * {@code grad.ger(vec)}, {@code self.t().mv(grad)}), as derivatives.yaml: elementwise products, where a matrix
     * product's sum from +0.0 would lose the sign of a zero.
     */
    static final class VectorProductNode extends NamedNode {
        VectorProductNode(Tensor a, Tensor v) {
            super(a.shape.length == 1 ? "DotBackward0" : "MvBackward0", a, v);
            save(a, v);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor a = saved(0);
            Tensor v = saved(1);
            if (a.shape.length == 1) {
                return new Tensor[] {next[0] == null ? null : g.mul(v), next[1] == null ? null : g.mul(a)};
            }
            return new Tensor[] {next[0] == null ? null : g.unsqueeze(1).mul(v),
                next[1] == null ? null : matmul(a.t(), g)};
        }
    }

    /**
     * PyTorch's {@code TBackward0} between a Linear's {@code AddmmBackward0} and its weight (PyTorch computes
     * {@code addmm(b, x, w.t())}), shown by {@link AddmmNode#shownNext()} so that {@code next_functions} read as
     * PyTorch's. The engine never runs it: {@link AddmmNode} gives the weight's gradient in the weight's own layout,
     * so a pass-through node per Linear call would only cost time.
     */
    static final class WeightTNode extends Node {
        WeightTNode(Tensor weight) {
            super(weight);
        }

        @Override
        public String name() {
            return "TBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }
    }

    /**
     * Gradient of addmm: bias gets the column sums of g, x gets {@code g @ W}, and W gets
     * {@code g^T @ x} directly in its own {@code [out, in]} layout (the same products PyTorch sums for
     * {@code (x^T g)^T}), so the weight's gradient needs no transposing copy.
     */
    static final class AddmmNode extends Node {
        private final int[] biasShape;
        private final int[] weightShape;
        /** The weight when it needs a gradient, for {@link #shownNext()}; the engine reads {@code saved(1)}. */
        private final Tensor weight;
        private Node weightT;

        AddmmNode(Tensor bias, Tensor x, Tensor weight) {
            super(bias, x, weight);
            this.biasShape = bias.shape;
            this.weightShape = weight.shape;
            save(x, weight);
            this.weight = next[2] == null ? null : weight;
        }

        /** The weight's edge shown through PyTorch's {@code TBackward0}, made once, on the first look. */
        @Override
        Node[] shownNext() {
            Node[] shown = next.clone();
            if (weight != null) {
                if (weightT == null) {
                    weightT = new WeightTNode(weight);
                }
                shown[2] = weightT;
            }
            return shown;
        }

        @Override
        public String name() {
            return "AddmmBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor gBias = next[0] == null ? null : PrimitiveReductions.sumTo(g, biasShape);
            Tensor gx = next[1] == null ? null : mm(g, saved(1));
            Tensor gw = next[2] == null ? null : mmTransposedA(g, saved(0), weightShape);
            return new Tensor[] {gBias, gx, gw};
        }

        /** With a graph (create_graph): the weight's gradient by recorded ops, PyTorch's {@code (x^T g)^T}. */
        @Override
        Tensor[] backwardWithGraph(Tensor g) {
            Tensor gBias = next[0] == null ? null : PrimitiveReductions.sumTo(g, biasShape);
            Tensor gx = next[1] == null ? null : mm(g, saved(1));
            Tensor gw = next[2] == null ? null : mm(saved(0).t(), g).t();
            return new Tensor[] {gBias, gx, gw};
        }
    }
}
