package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.Strided;

/**
 * gather, index_select, scatter, scatter_add, where and masked_fill: PyTorch's checks and errors, the
 * backend's {@code gather}/{@code scatter}/{@code where} primitives, and PyTorch's gradients and grad_fn names.
 * index_select is a gather whose index is expanded (stride 0) over the other dimensions, so both share one
 * kernel; the backward of either is a scatter-add of the gradient.
 */
final class Indexing {
    private Indexing() {
    }

    static void nonNull(String op, Object... args) {
        for (Object a : args) {
            if (a == null) {
                throw new IllegalArgumentException(op + ": expected a tensor, got null");
            }
        }
    }

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": expected all tensors to be on the same device, but found "
                    + a.device() + " and " + b.device());
        }
    }

    private static void checkLong(String op, Tensor index, String expected) {
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + "(): Expected dtype " + expected + " for index, got "
                    + index.dtype.torchName().replace("torch.", ""));
        }
    }

    /** Refuses any index outside {@code [0, size)}, naming the op, the index value, the dim and its size. */
    static void checkRange(String op, Tensor index, int dim, int size, int[] selfShape) {
        if (index.numel() == 0) {
            return;
        }
        int inRange = index.backend().fused().allInRange(index.shape, index.strided(), size);
        if (inRange == 1) {
            return;
        }
        long max;
        long min;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            max = PrimitiveReductions.maxAll(index).itemLong();
            // min(x) = -1 - max(-1 - x): exact for every int64 (negating would miss Long.MIN_VALUE)
            min = -1 - PrimitiveReductions.maxAll(PrimitiveReductions.reversed(index)).itemLong();
        }
        long bad = min < 0 ? min : max >= size ? max : -1;
        if (min < 0 || max >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + bad + " is out of bounds for dimension " + dim
                    + " with size " + size + " (self shape " + Shapes.str(selfShape) + ")");
        }
    }

    private static int[] shape1(Tensor t) {
        return t.shape.length == 0 ? new int[] {1} : t.shape;
    }

    /** {@code t} with stride 0 at {@code dim}, for the kernels; a 0-d tensor counts as [1]. */
    private static Strided zeroAt(Tensor t, int dim) {
        int[] st = t.strides.length == 0 ? new int[] {0} : t.strides.clone();
        st[dim] = 0;
        return new Strided(t.buffer(), t.offset, st);
    }

    private static Strided as1(Tensor t) {
        return new Strided(t.buffer(), t.offset, t.strides.length == 0 ? new int[] {0} : t.strides);
    }

    private static int dimStride(Tensor t, int dim) {
        return t.strides.length == 0 ? 0 : t.strides[dim];
    }

    /** The kernel call: out has index's shape. */
    static Tensor gatherRaw(Tensor x, int d, Tensor index) {
        Tensor out = Tensor.empty(index.shape, x.dtype, x.backend());
        if (out.numel() > 0) {
            x.backend().gather(shape1(index), zeroAt(x, d), dimStride(x, d), as1(index), as1(out));
        }
        return out;
    }

    /**
     * {@link #checkRange} then {@link #gatherRaw}, in one backend pass where the backend fuses them: an
     * index out of range then leaves the fresh output unused (released) and takes the unfused check, which
     * throws PyTorch's error. {@code checked}: the index to word the error from (index_select's 1-d index;
     * {@code index} visits each of its values at least once when the output is not empty).
     */
    private static Tensor gatherChecked(String op, Tensor x, int d, Tensor index, Tensor checked) {
        int size = shape1(x)[d];
        Tensor out = null;
        if (index.numel() > 0) {
            out = Tensor.empty(index.shape, x.dtype, x.backend());
            int inRange = x.backend().fused().gatherInRange(shape1(index), zeroAt(x, d), dimStride(x, d), as1(index),
                    as1(out), size);
            if (inRange == 1) {
                return out;
            }
            if (inRange == 0) {
                out.storage.release();
                out = null;
            }
        }
        checkRange(op, checked, d, size, x.shape);
        if (out == null) {
            return gatherRaw(x, d, index);
        }
        x.backend().gather(shape1(index), zeroAt(x, d), dimStride(x, d), as1(index), as1(out));
        return out;
    }

    /** A copy of {@code base} with {@code src} scattered (or added) into it along {@code d}. */
    static Tensor scatterRaw(Tensor base, int d, Tensor index, Tensor src, boolean accumulate) {
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = Views.copy(base, base.dtype, "CloneBackward0").detach();   // row-major, for the scatter kernel
        }
        scatterInto(out, d, index, src, accumulate);
        return out;
    }

    /**
     * Writes (or adds) {@code src} into {@code target} at {@code index} along {@code d}, in place, unchecked and
     * unrecorded: for gradient formulas that own a fresh {@code target} and whose index was checked in forward
     * (one write pass fewer than {@code scatter}'s clone).
     */
    static void scatterInto(Tensor target, int d, Tensor index, Tensor src, boolean accumulate) {
        if (index.numel() > 0) {
            target.backend().scatter(shape1(index), as1(src), as1(index), zeroAt(target, d), dimStride(target, d),
                    accumulate);
        }
    }

    private static void checkGatherShapes(String op, Tensor x, int d, Tensor index) {
        if (Math.max(index.dim(), 1) != Math.max(x.dim(), 1)) {
            throw new IllegalArgumentException(op + ": Index tensor must have the same number of dimensions as input "
                    + "tensor (index shape " + Shapes.str(index.shape) + ", input shape " + Shapes.str(x.shape) + ")");
        }
        int[] is = shape1(index);
        int[] xs = shape1(x);
        for (int k = 0; k < is.length; k++) {
            if (k != d && is[k] > xs[k]) {
                throw new IllegalArgumentException(op + ": Size does not match at dimension " + k + " expected index "
                        + Shapes.str(index.shape) + " to be smaller than self " + Shapes.str(x.shape)
                        + " apart from dimension " + d);
            }
        }
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        nonNull("gather", x, index);
        sameDevice("gather", x, index);
        int d = Shapes.dim("gather", dim, x.dim());
        checkLong("gather", index, "int64");
        checkGatherShapes("gather", x, d, index);
        if (index.numel() == 0) {
            Tensor out = Tensor.empty(index.shape, x.dtype, x.backend());
            return Tensor.needsGrad(x) ? Tensor.record(out, new GatherNode(x, d, index, "GatherBackward0")) : out;
        }
        Tensor out = gatherChecked("gather", x, d, index, index);
        return Tensor.needsGrad(x) ? Tensor.record(out, new GatherNode(x, d, index, "GatherBackward0")) : out;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (index != null && index.dtype == DType.INT32) {
            index = index.to(DType.INT64);   // PyTorch takes int32 indices here (and only here among gather/scatter)
        }
        nonNull("index_select", x, index);
        sameDevice("index_select", x, index);
        int d = Shapes.dim("index_select", dim, x.dim());
        if (index.dim() > 1) {
            throw new IndexOutOfBoundsException("index_select(): Index is supposed to be a vector, got shape "
                    + Shapes.str(index.shape));
        }
        checkLong("index_select", index, "int32 or int64");
        int k = index.numel();
        if (x.dim() == 0 && k != 1) {
            // PyTorch 1.13 keeps a 0-d input's rank and writes k elements into its 0-d result (past it for k > 1)
            throw new IllegalArgumentException("index_select(): a 0-d input takes an index of one element, got shape "
                    + Shapes.str(index.shape));
        }
        int[] outShape = x.dim() == 0 ? Shapes.SCALAR : x.shape.clone();
        if (x.dim() > 0) {
            outShape[d] = k;
        }
        try {
            Shapes.checkIndexable("index_select", outShape);
        } catch (RuntimeException e) {
            checkRange("index_select", index, d, shape1(x)[d], x.shape);   // PyTorch's order: the indices first
            throw e;
        }
        int[] viewShape = new int[Math.max(x.dim(), 1)];
        Arrays.fill(viewShape, 1);
        viewShape[d] = k;
        int[] iterShape = x.dim() == 0 ? new int[] {k} : outShape;
        Tensor expanded = index.reshape(viewShape).expand(iterShape);
        Tensor out = gatherChecked("index_select", x, d, expanded, index).reshape(outShape);
        return Tensor.needsGrad(x) ? Tensor.record(out, new GatherNode(x, d, expanded, "IndexSelectBackward0")) : out;
    }

    private static void checkScatterShapes(String op, Tensor self, int d, Tensor index, Tensor src) {
        if (Math.max(index.dim(), 1) != Math.max(self.dim(), 1)
                || (src != null && Math.max(src.dim(), 1) != Math.max(self.dim(), 1))) {
            throw new IllegalArgumentException(op + ": Index tensor must have the same number of dimensions as self "
                    + "tensor (index shape " + Shapes.str(index.shape) + ", self shape " + Shapes.str(self.shape)
                    + (src != null ? ", src shape " + Shapes.str(src.shape) : "") + ")");
        }
        int[] is = shape1(index);
        int[] xs = shape1(self);
        int[] ss = src == null ? null : shape1(src);
        for (int k = 0; k < is.length; k++) {
            if ((k != d && is[k] > xs[k]) || (ss != null && is[k] > ss[k])) {
                throw new IllegalArgumentException(op + ": Expected index " + Shapes.str(index.shape)
                        + " to be smaller than self " + Shapes.str(self.shape) + " apart from dimension " + d
                        + (src != null ? " and to be smaller size than src " + Shapes.str(src.shape) : ""));
            }
        }
    }

    /** scatter / scatter_add with a tensor source. */
    static Tensor scatter(Tensor self, int dim, Tensor index, Tensor src, boolean accumulate) {
        String op = accumulate ? "scatter_add" : "scatter";
        nonNull(op, self, index, src);
        sameDevice(op, self, index);
        sameDevice(op, self, src);
        int d = Shapes.dim(op, dim, self.dim());
        checkLong(op, index, "int64");
        if (self.dtype != src.dtype) {
            throw new IllegalArgumentException(op + "(): Expected self.dtype to be equal to src.dtype (self "
                    + self.dtype.torchName() + ", src " + src.dtype.torchName() + ")");
        }
        checkScatterShapes(op, self, d, index, src);
        checkRange(op, index, d, shape1(self)[d], self.shape);
        // Only the part of src that index covers is read: the kernel walks index's shape over src's strides.
        Tensor out = scatterRaw(self, d, index, src, accumulate);
        if (Tensor.needsGrad(self, src)) {
            Tensor.record(out, new ScatterNode(self, src, d, index, accumulate));
        }
        return out;
    }

    /** scatter with a scalar value (ScatterBackward1). */
    static Tensor scatter(Tensor self, int dim, Tensor index, double value) {
        nonNull("scatter", self, index);
        sameDevice("scatter", self, index);
        int d = Shapes.dim("scatter", dim, self.dim());
        checkLong("scatter", index, "int64");
        checkScatterShapes("scatter", self, d, index, null);
        checkRange("scatter", index, d, shape1(self)[d], self.shape);
        Tensor src = Tensor.full(index.shape, value, self.dtype, self.device());
        Tensor out = scatterRaw(self, d, index, src, false);
        if (Tensor.needsGrad(self)) {
            Tensor.record(out, new ScatterNode(self, null, d, index, false));
        }
        return out;
    }

    // ------------------------------------------------------------ where, masked_fill

    /** A bool condition; PyTorch 1.13 still takes a uint8 one (deprecated), as non-zero. */
    private static Tensor boolCondition(String op, Tensor cond) {
        if (cond.dtype == DType.UINT8) {
            return cond.ne(0L);
        }
        if (cond.dtype != DType.BOOL) {
            throw new IllegalArgumentException(op + " expected condition to be a boolean tensor, but got a tensor with "
                    + "dtype " + typeName(cond.dtype));
        }
        return cond;
    }

    static String typeName(DType t) {
        return DTypes.typeName(t);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        nonNull("where", cond, a, b);
        sameDevice("where", cond, a);
        sameDevice("where", cond, b);
        cond = boolCondition("where", cond);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        DType dt = DTypes.resultType(a, b);
        Tensor x = Views.promote(a, dt);
        Tensor y = Views.promote(b, dt);
        Tensor out = Tensor.empty(shape, dt, x.backend());
        if (out.numel() > 0) {
            x.backend().where(shape, cond.stridedAs(shape), x.stridedAs(shape), y.stridedAs(shape), out.strided());
        }
        if (dt.isFloatingPoint() && Tensor.needsGrad(x, y)) {
            Tensor.record(out, new WhereNode(cond, x, y));
        }
        return out;
    }

    /** PyTorch 1.13 reads an integer mask as bool and refuses values other than 0 and 1. */
    private static Tensor integerMask(String op, Tensor mask) {
        Tensor m = mask.ne(0.0);
        if (!mask.dtype.isFloatingPoint()) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                if (m.logicalAnd(mask.ne(1.0)).any().item() != 0) {
                    throw new IllegalArgumentException(op + ": Mask tensor can take 0 and 1 values only (a "
                            + mask.dtype.torchName() + " mask of shape " + Shapes.str(mask.shape) + ")");
                }
            }
        }
        return m;
    }

    static Tensor maskedFill(Tensor self, Tensor mask, Tensor value, boolean scalar) {
        nonNull("masked_fill", self, mask, value);
        sameDevice("masked_fill", self, mask);
        Tensor m = mask.dtype == DType.BOOL ? mask : integerMask("masked_fill", mask);
        // Out of place, PyTorch broadcasts self and mask both ways (masked_fill_ would refuse a larger mask).
        int[] shape = Shapes.broadcast("masked_fill", self.shape, m.shape);
        if (!scalar && value.dim() != 0) {
            throw new IllegalArgumentException("masked_fill_ only supports a 0-dimensional value tensor, but got tensor "
                    + "with " + value.dim() + " dimension(s).");
        }
        if (!scalar && !self.dtype.isFloatingPoint()) {
            // PyTorch reads the 0-d value as a number and converts it with its overflow check.
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                if (value.dtype.isFloatingPoint()) {
                    DTypes.checkFits("masked_fill", value.item(), self.dtype, self);
                } else {
                    DTypes.checkFits("masked_fill", value.itemLong(), self.dtype, self);
                }
            }
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor v = value.to(self.dtype);
            if (!v.device().equals(self.device())) {
                v = v.to(self.device());
            }
            out = Tensor.empty(shape, self.dtype, self.backend());
            if (out.numel() > 0) {
                self.backend().where(shape, m.stridedAs(shape), v.stridedAs(shape), self.stridedAs(shape),
                        out.strided());
            }
        }
        boolean grads = self.dtype.isFloatingPoint() && (Tensor.needsGrad(self) || (!scalar && Tensor.needsGrad(value)));
        return grads ? Tensor.record(out, new MaskedFillNode(self, m, scalar ? null : value)) : out;
    }

    /**
     * {@code zeros(shape)} with {@code g} added along {@code d} at the positions of the 1-D {@code index}
     * ({@code index_add}): the gradient of {@code indexSelect(d, index)}, itself differentiable in {@code g}.
     */
    static Tensor indexAdd(int[] shape, int d, Tensor index, Tensor g) {
        int[] viewShape = new int[Math.max(shape.length, 1)];
        Arrays.fill(viewShape, 1);
        viewShape[d] = index.numel();
        int[] gShape = shape.length == 0 ? new int[] {index.numel()} : g.shape;
        Tensor expanded = index.reshape(viewShape).expand(gShape);
        return scatterAddInto(shape, d, expanded, g.reshape(gShape));
    }

    /** {@code zeros(shape).scatter_add(d, index, g)}, recorded when {@code g} needs grad. */
    static Tensor scatterAddInto(int[] shape, int d, Tensor index, Tensor g) {
        Tensor z = Tensor.zeroed("scatter_add", shape, g.dtype, g.backend());
        if (index.numel() == 0) {
            return z;
        }
        Tensor gg = g.reshape(index.shape);
        Tensor out = scatterRaw(z, d, index, gg, true);
        if (Tensor.needsGrad(gg)) {
            Tensor.record(out, new ScatterNode(z, gg, d, index, true));
        }
        return out;
    }

    // ------------------------------------------------------------ gradients

    /** A node whose gradient rule is a function of the output gradient (ops composed from other ops). */
    static final class FnNode extends NamedNode {
        interface Rule {
            Tensor[] apply(Tensor g);
        }

        private final Rule rule;

        FnNode(String name, Rule rule, Tensor... inputs) {
            super(name, inputs);
            this.rule = rule;
        }

        @Override
        Tensor[] backward(Tensor g) {
            return rule.apply(g);
        }
    }

    /** gather / index_select: the gradient scatter-added into zeros of the input's shape. */
    static final class GatherNode extends NamedNode {
        private final int[] inShape;
        private final int dim;

        GatherNode(Tensor in, int dim, Tensor index, String name) {
            super(name, in);
            this.inShape = in.shape;
            this.dim = dim;
            save(index);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor gx = scatterAddInto(inShape, dim, saved(0), g);
            if (gx.gradFn() instanceof ScatterNode s && name().equals("IndexSelectBackward0")) {
                s.alias = "IndexAddBackward0";   // index_select_backward is zeros.index_add_(dim, index, grad)
            }
            return new Tensor[] {gx};
        }
    }

    /** scatter_add: self's gradient passes, src's is gathered; scatter: overwritten positions get none in self. */
    static final class ScatterNode extends Node {
        private final int dim;
        private final boolean accumulate;
        private final boolean hasSrc;
        private final int[] srcShape;

        /** PyTorch's name when the op is another one's gradient written as a scatter-add (index_add), else null. */
        private String alias;

        ScatterNode(Tensor self, Tensor src, int dim, Tensor index, boolean accumulate) {
            super(self, src);
            this.dim = dim;
            this.accumulate = accumulate;
            this.hasSrc = src != null;
            this.srcShape = src == null ? null : src.shape;
            save(index);
        }

        @Override
        public String name() {
            return alias != null ? alias : accumulate ? "ScatterAddBackward0" : hasSrc ? "ScatterBackward0"
                    : "ScatterBackward1";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor index = saved(0);
            Tensor gSelf = accumulate ? g : Indexing.scatter(g, dim, index, 0.0);
            Tensor gSrc = null;
            if (hasSrc) {
                gSrc = index.numel() == 0 ? Tensor.zeroed("scatter backward", index.shape, g.dtype, g.backend())
                        : Indexing.gather(g, dim, index);
                if (!Arrays.equals(srcShape, index.shape)) {
                    // src may be larger than index: only the covered part was read.
                    gSrc = Views.intoZeros("SliceBackward0", srcShape, gSrc, z -> {
                        Tensor region = z;
                        for (int k = 0; k < index.shape.length; k++) {
                            region = region.narrow(k, 0, index.shape[k]);
                        }
                        return region;
                    });
                }
            }
            return new Tensor[] {gSelf, gSrc};
        }
    }

    /** where: the gradient goes to the chosen branch, summed back over broadcast dims. */
    static final class WhereNode extends Node {
        private final int[] aShape;
        private final int[] bShape;

        WhereNode(Tensor cond, Tensor a, Tensor b) {
            super(a, b);
            this.aShape = a.shape;
            this.bShape = b.shape;
            save(cond);
        }

        @Override
        public String name() {
            return "WhereBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor cond = saved(0);
            Tensor zero = Tensor.full(Shapes.SCALAR, 0.0, g.dtype, g.device());
            Tensor ga = next[0] == null ? null : PrimitiveReductions.sumTo(where(cond, g, zero), aShape);
            Tensor gb = next[1] == null ? null : PrimitiveReductions.sumTo(where(cond, zero, g), bShape);
            return new Tensor[] {ga, gb};
        }
    }

    /** masked_fill: no gradient where filled; a tensor value gets the sum of the gradient over the mask. */
    static final class MaskedFillNode extends Node {
        private final boolean tensorValue;

        private final int[] selfShape;
        private final DType valueDtype;

        MaskedFillNode(Tensor self, Tensor mask, Tensor value) {
            super(self, value);
            this.selfShape = self.shape;
            this.tensorValue = value != null;
            this.valueDtype = value == null ? null : value.dtype;
            save(mask);
        }

        @Override
        public String name() {
            return tensorValue ? "MaskedFillBackward1" : "MaskedFillBackward0";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor mask = saved(0);
            Tensor zero = Tensor.full(Shapes.SCALAR, 0.0, g.dtype, g.device());
            Tensor gs = next[0] == null ? null : PrimitiveReductions.sumTo(where(mask, zero, g), selfShape);
            // PyTorch's grad.masked_select(mask).sum(): summed in self's dtype over the selected elements only (the
            // cascade's order), then cast to the value's dtype as PyTorch's engine casts to the input's
            Tensor gv = !tensorValue || next[1] == null ? null : Joining.maskedSelect(g, mask).sum();
            if (gv != null && gv.dtype != valueDtype) {
                gv = gv.to(valueDtype);
            }
            return new Tensor[] {gs, gv};
        }
    }
}
