package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * PyTorch's {@code addmm}, {@code baddbmm} and {@code addmv}: {@code beta * input + alpha * product}, computed as
 * PyTorch's CPU kernels compute them (one GEMM with BLAS's alpha and beta into a copy of the broadcast input, the
 * input ignored when beta is 0), with their grad_fn names and derivatives.yaml's gradients.
 */
final class ScaledProducts {
    private ScaledProducts() {
    }

    private static void check(String op, Tensor input, Tensor a, Tensor b, int rankA, int rankB, String nameA,
                              String nameB) {
        if (input == null || a == null || b == null) {
            throw new IllegalArgumentException(op + ": expected tensors for self, " + nameA + " and " + nameB + ", got null");
        }
        Pointwise.checkSameDevice(op, input, a);
        Pointwise.checkSameDevice(op, a, b);
        if (a.dim() != rankA || b.dim() != rankB) {
            boolean first = a.dim() != rankA;
            throw new IllegalArgumentException(op + ": " + (first ? nameA : nameB) + " must be a " + (first ? rankA : rankB)
                    + "-D tensor, got a " + (first ? a.dim() : b.dim()) + "-D one (shapes " + Shapes.str(a.shape) + " and "
                    + Shapes.str(b.shape) + ")");
        }
        if (input.dtype != a.dtype || a.dtype != b.dtype) {
            throw new IllegalArgumentException(op + ": expected self, " + nameA + " and " + nameB + " to have the same "
                    + "dtype, but got " + input.dtype.torchName() + ", " + a.dtype.torchName() + " and " + b.dtype.torchName());
        }
        Products.checkOperands(op, a, b);
    }

    private static void checkInput(String op, Tensor input, int[] outShape) {
        int[] shape = Shapes.broadcastOrNull(input.shape, outShape);
        if (shape == null || !Arrays.equals(shape, outShape)) {
            throw new IllegalArgumentException(op + ": self of shape " + Shapes.str(input.shape)
                    + " cannot be broadcast to the product's shape " + Shapes.str(outShape));
        }
    }

    /** Up to this many multiply-adds, {@link #referenceOrder}; above, one GEMM (within a few ulps of PyTorch). */
    private static final long REFERENCE_MAX_FMAS = 64L * 64 * 64;

    /**
     * {@code beta * input + alpha * (a @ b)} bit for bit as PyTorch's CPU addmm and baddbmm with the reference BLAS
     * ({@code dgemm} 'N','N' on the column-major view): C starts as the input (scaled by beta unless beta is 1,
     * zeros when beta is 0, so that a NaN input is ignored), then {@code C += (alpha * a[:, l]) * b[l, :]} for
     * l = 0, 1, ... in order, each product and sum rounded. A GEMM adds the input after the dot product instead,
     * so for small products (the tests' and most layers' sizes of these ops) this composition replaces it. When the
     * second operand is column-major (a transposed matrix), PyTorch's BLAS call is 'T' for it, whose order is the dot
     * product first, then {@code alpha * dot + beta * C}: the GEMM's.
     */
    private static Tensor product(String op, Tensor input, Tensor a, Tensor b, double beta, double alpha) {
        int r = a.dim();
        int m = a.shape[r - 2];
        int k = a.shape[r - 1];
        int n = b.shape[r - 1];
        long batch = r == 3 ? a.shape[0] : 1;
        boolean columnMajor = b.strides[r - 1] != 1 && b.strides[r - 2] == 1;
        if ((long) m * n * k * batch > REFERENCE_MAX_FMAS || columnMajor) {
            return Products.addProduct(op, input, a, b, beta, alpha);
        }
        int[] outShape = a.shape.clone();
        outShape[r - 1] = n;
        Tensor c = beta == 0 ? Tensor.full(outShape, 0.0, a.dtype, a.device())
                : (beta == 1 ? input : input.mul(beta)).expand(outShape).contiguous();
        Tensor scaledA = alpha == 1 ? a : a.mul(alpha);
        for (int l = 0; l < k; l++) {
            c = c.add(scaledA.narrow(r - 1, l, 1).mul(b.narrow(r - 2, l, 1)));
        }
        return c;
    }

    /** {@code t * s}, or t itself for s = 1 (PyTorch's maybe_multiply). */
    private static Tensor scaled(Tensor t, double s) {
        return s == 1.0 ? t : t.mul(s);
    }

    static Tensor addmm(Tensor input, Tensor m1, Tensor m2, double beta, double alpha) {
        check("addmm", input, m1, m2, 2, 2, "mat1", "mat2");
        if (m1.shape[1] != m2.shape[0]) {
            throw new IllegalArgumentException("addmm: mat1 and mat2 shapes cannot be multiplied (" + m1.shape[0] + "x"
                    + m1.shape[1] + " and " + m2.shape[0] + "x" + m2.shape[1] + ")");
        }
        checkInput("addmm", input, new int[] {m1.shape[0], m2.shape[1]});
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = product("addmm", input, m1, m2, beta, alpha);
        }
        if (Tensor.needsGrad(input, m1, m2)) {
            int[] inShape = input.shape;
            Tensor.record(out, new Node3("AddmmBackward0", input, m1, m2, (g, n) -> new Tensor[] {
                n.needs(0) ? PrimitiveReductions.sumTo(scaled(g, beta), inShape) : null,
                n.needs(1) ? scaled(g.mm(n.saved(2).t()), alpha) : null,
                n.needs(2) ? scaled(n.saved(1).t().mm(g), alpha) : null}));
        }
        return out;
    }

    static Tensor baddbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) {
        check("baddbmm", input, b1, b2, 3, 3, "batch1", "batch2");
        if (b1.shape[0] != b2.shape[0] || b1.shape[2] != b2.shape[1]) {
            throw new IllegalArgumentException("baddbmm: expected size for first two dimensions of batch2 tensor to be: ["
                    + b1.shape[0] + ", " + b1.shape[2] + "] but got: [" + b2.shape[0] + ", " + b2.shape[1] + "] (shapes "
                    + Shapes.str(b1.shape) + " and " + Shapes.str(b2.shape) + ")");
        }
        checkInput("baddbmm", input, new int[] {b1.shape[0], b1.shape[1], b2.shape[2]});
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = product("baddbmm", input, b1, b2, beta, alpha);
        }
        if (Tensor.needsGrad(input, b1, b2)) {
            int[] inShape = input.shape;
            Tensor.record(out, new Node3("BaddbmmBackward0", input, b1, b2, (g, n) -> new Tensor[] {
                n.needs(0) ? PrimitiveReductions.sumTo(scaled(g, beta), inShape) : null,
                n.needs(1) ? scaled(g.bmm(n.saved(2).transpose(1, 2)), alpha) : null,
                n.needs(2) ? scaled(n.saved(1).transpose(1, 2).bmm(g), alpha) : null}));
        }
        return out;
    }

    static Tensor addmv(Tensor input, Tensor mat, Tensor vec, double beta, double alpha) {
        check("addmv", input, mat, vec, 2, 1, "mat", "vec");
        if (mat.shape[1] != vec.shape[0]) {
            throw new IllegalArgumentException("addmv: size mismatch, got matrix " + mat.shape[0] + "x" + mat.shape[1]
                    + " and vector of " + vec.shape[0] + " elements");
        }
        checkInput("addmv", input, new int[] {mat.shape[0]});
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor column = input.dim() == 0 ? input : input.unsqueeze(-1);
            out = Products.addProduct("addmv", column, mat, vec.unsqueeze(1), beta, alpha).squeeze(1);
        }
        if (Tensor.needsGrad(input, mat, vec)) {
            int[] inShape = input.shape;
            Tensor.record(out, new Node3("AddmvBackward0", input, mat, vec, (g, n) -> new Tensor[] {
                n.needs(0) ? PrimitiveReductions.sumTo(scaled(g, beta), inShape) : null,
                n.needs(1) ? scaled(g.outer(n.saved(2)), alpha) : null,
                n.needs(2) ? scaled(n.saved(1).t().mv(g), alpha) : null}));
        }
        return out;
    }

    /** A node of three inputs that saves them all (version-checked) and computes their gradients by a rule. */
    private static final class Node3 extends NamedNode {
        interface Rule {
            Tensor[] apply(Tensor g, Node3 node);
        }

        private final Rule rule;

        Node3(String name, Tensor a, Tensor b, Tensor c, Rule rule) {
            super(name, a, b, c);
            this.rule = rule;
            save(a, b, c);
        }

        boolean needs(int i) {
            return next[i] != null;
        }

        @Override
        Tensor[] backward(Tensor g) {
            return rule.apply(g, this);
        }
    }
}
