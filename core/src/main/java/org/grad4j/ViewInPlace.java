package org.grad4j;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.UnaryOp;

/**
 * In-place ops recorded by autograd, PyTorch's way, also through views. An in-place op computes its result out of
 * place (with its own node), then copies it into {@code self}:
 * <ul>
 *   <li>{@code self} not a view: {@code self} takes the result's history;</li>
 *   <li>{@code self} a view of {@code base}: {@code base} takes a {@code CopySlices} node (its old history outside
 *       the view's elements, the result's inside), and the view an {@code AsStridedBackward0} node on it.</li>
 * </ul>
 * Other views of a changed base notice it (their base's grad_fn is not the one they were made from) and take an
 * {@code AsStridedBackward0} node on the base's new history the next time autograd asks for theirs, as PyTorch
 * regenerates them: a view read after an in-place change of its base gets the change's gradient.
 * Only contiguous bases are handled (every base grad4j makes is one); another raises, as before.
 */
final class ViewInPlace {
    private ViewInPlace() {
    }

    /** Writes {@code result} into {@code self} and records the change; nothing is changed when it throws. */
    static Tensor rebase(String op, Tensor self, Tensor result) {
        Tensor base = self.viewBase();
        if (base == null) {   // not a view, or a detached one (PyTorch: not a differentiable view)
            copy(self, result);
            self.rebase(result);
            return self.bumpVersion();
        }
        if (!base.isContiguous()) {
            throw new UnsupportedOperationException(op + ": in-place operations on this view in autograd are not "
                    + "supported (its base is not a contiguous tensor); clone() the view first (shape "
                    + Shapes.str(self.shape) + ")");
        }
        if (base.requiresGrad() && base.isLeaf()) {
            throw new IllegalStateException(op + ": a view of a leaf Variable that requires grad (base shape "
                    + Shapes.str(base.shape) + ", view shape " + Shapes.str(self.shape) + ") is being used in an "
                    + "in-place operation; wrap it in GradMode.noGrad() or clone() the leaf");
        }
        Tensor positions = positions(self, base);
        Node slices = new CopySlicesNode(base, result, positions, self.shape);
        copy(self, result);
        base.rebaseTo(slices);
        self.regenerate(new AsStridedNode(base, positions, self.shape));
        return self.bumpVersion();
    }

    /** {@code self.fill_(value)} under autograd: a constant whose node gives the old values a zero gradient. */
    static Tensor fill(String op, Tensor self, double value, String gradFn) {
        Tensor constant = Tensor.full(self.shape, value, self.dtype, self.device());
        Tensor.record(constant, new Indexing.FnNode(gradFn, g -> new Tensor[] {Tensor.zerosLike(g)}, self));
        return rebase(op, self, constant);
    }

    private static void copy(Tensor self, Tensor result) {
        self.storage.backend.unary(UnaryOp.COPY, self.shape, result.stridedAs(self.shape), self.strided());
    }

    /** The node of a view of {@code base} whose history an in-place change of the base replaced. */
    static Node viewNode(Tensor base, Tensor view) {
        return new AsStridedNode(base, positions(view, base), view.shape);
    }

    /** Where each element of {@code view} (row-major) lies in the contiguous {@code base}, as an int64 tensor. */
    private static Tensor positions(Tensor view, Tensor base) {
        int n = view.numel();
        long[] pos = new long[n];
        int r = view.shape.length;
        int[] idx = new int[r];
        long at = view.offset - (long) base.offset;
        for (int i = 0; i < n; i++) {
            pos[i] = at;
            for (int d = r - 1; d >= 0; d--) {
                if (++idx[d] < view.shape[d]) {
                    at += view.strides[d];
                    break;
                }
                at -= (long) view.strides[d] * (view.shape[d] - 1);
                idx[d] = 0;
            }
        }
        return ShapeOps.longs(pos, base);
    }

    /** {@code base.as_strided(view)}'s gradient: the view's gradient added into zeros of the base's shape. */
    static final class AsStridedNode extends NamedNode {
        private final int[] baseShape;
        private final Tensor positions;

        AsStridedNode(Tensor base, Tensor positions, int[] viewShape) {
            super("AsStridedBackward0", base);
            this.baseShape = base.shape;
            this.positions = positions;
        }

        @Override
        Tensor[] backward(Tensor g) {
            int n = Shapes.numel(baseShape);
            return new Tensor[] {Indexing.indexAdd(new int[] {n}, 0, positions, g.reshape(-1)).reshape(baseShape)};
        }
    }

    /**
     * PyTorch's {@code CopySlices}: the base's new history. Its gradient goes to the base's old history with the
     * view's elements zeroed (they were overwritten) and, at the view's elements, to the in-place op's result.
     */
    static final class CopySlicesNode extends NamedNode {
        private final int[] baseShape;
        private final int[] viewShape;
        private final int[] resultShape;
        private final Tensor positions;

        CopySlicesNode(Tensor base, Tensor result, Tensor positions, int[] viewShape) {
            super("CopySlices", base, result);
            this.baseShape = base.shape;
            this.viewShape = viewShape;
            this.resultShape = result.shape;
            this.positions = positions;
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor flat = g.reshape(-1);
            Tensor old = null;
            if (next[0] != null) {
                Tensor overwritten;
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    int n = Shapes.numel(baseShape);
                    overwritten = Tensor.zeroed("CopySlices backward", new int[] {n}, DType.BOOL, g.backend())
                            .scatter(0, positions, 1.0).reshape(baseShape);
                }
                old = g.maskedFill(overwritten, 0.0);
            }
            Tensor slice = next[1] != null
                    ? PrimitiveReductions.sumTo(flat.indexSelect(0, positions).reshape(viewShape), resultShape) : null;
            return new Tensor[] {old, slice};
        }
    }
}
