package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.Strided;

/**
 * The reductions that are one backend {@code reduce} primitive each ({@link ReduceOp}: sum, max, argmax), with
 * what derives from them directly (mean, min and argmin through an order-reversing map, the sum of a broadcast
 * gradient back to its operand's shape), and their gradients. Reductions composed from several primitives
 * (prod, var, norm, cumsum, ...) are in {@code ComposedReductions}.
 */
final class PrimitiveReductions {
    private PrimitiveReductions() {
    }

    /** Marks the reduced dimensions; an empty list means all of them, as in PyTorch. */
    private static boolean[] reducedMask(String op, int[] dims, int rank) {
        if (dims == null) {
            throw new IllegalArgumentException(op + ": expected dimensions, got null");
        }
        boolean[] reduced = new boolean[rank];
        if (dims.length == 0) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int d : dims) {
            int w = Shapes.dim(op, d, rank);
            if (rank == 0) {
                continue;
            }
            if (reduced[w]) {
                throw new IllegalArgumentException(op + ": dim " + w + " appears multiple times in the list of dims "
                        + Arrays.toString(dims));
            }
            reduced[w] = true;
        }
        return reduced;
    }

    private static int[] keptShape(int[] shape, boolean[] reduced) {
        int[] k = shape.clone();
        for (int i = 0; i < k.length; i++) {
            if (reduced[i]) {
                k[i] = 1;
            }
        }
        return k;
    }

    private static int[] droppedShape(int[] shape, boolean[] reduced) {
        int n = 0;
        for (boolean r : reduced) {
            n += r ? 0 : 1;
        }
        int[] s = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!reduced[i]) {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    /** Runs a reduction into a new contiguous tensor, shaped with or without the reduced dims. */
    private static Tensor reduce(ReduceOp op, Tensor t, boolean[] reduced, boolean keepdim) {
        // the name is only for argmax's error: no lower-cased copy of it per call
        return reduce(op, t, reduced, keepdim, DTypes.reduceType(op, op == ReduceOp.ARGMAX ? "argmax" : op.name(), t));
    }

    /** {@code outType}: PyTorch's result dtype, or the input's floating dtype for the indices gradients use. */
    private static Tensor reduce(ReduceOp op, Tensor t, boolean[] reduced, boolean keepdim, DType outType) {
        if (t.dtype == DType.BOOL) {
            // Backends reduce int64 only: a bool sums (and maxes) as 0/1 in int64, and max converts back.
            Tensor r = reduce(op, t.to(DType.INT64), reduced, keepdim, op == ReduceOp.MAX ? DType.INT64 : outType);
            return op == ReduceOp.MAX ? r.to(DType.BOOL) : r;
        }
        int[] kept = keptShape(t.shape, reduced);
        Tensor out = Tensor.empty(kept, outType, t.storage.backend);
        t.storage.backend.reduce(op, t.shape, t.strided(), reduced, out.storage.buffer);
        if (keepdim) {
            return out;
        }
        int[] dropped = droppedShape(t.shape, reduced);
        return new Tensor(out.storage, dropped, Shapes.contiguousStrides(dropped), 0, outType);
    }

    /** {@code t.sum()}: PyTorch's {@code sum(Tensor)} overload, {@code SumBackward0}; the dim-list overload is 1. */
    static Tensor sumAll(Tensor t) {
        return sum(t, new int[0], false, "SumBackward0");
    }

    static Tensor sum(Tensor t, int[] dims, boolean keepdim) {
        return sum(t, dims, keepdim, "SumBackward1");
    }

    private static Tensor sum(Tensor t, int[] dims, boolean keepdim, String name) {
        boolean[] reduced = reducedMask("sum", dims, t.shape.length);
        Tensor out = reduce(ReduceOp.SUM, t, reduced, keepdim);
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new ExpandBackNode(t, reduced, keepdim, false, name));
        }
        return out;
    }

    /**
     * {@code (t * t).sum()} without autograd, in one backend call where the backend fuses it (the
     * same bits either way).
     */
    static Tensor sumOfSquares(Tensor t) {
        Tensor out = Tensor.empty(Shapes.SCALAR, t.dtype, t.storage.backend);
        if (t.storage.backend.fused().sumOfSquares(t.shape, t.strided(), out.storage.buffer)) {
            return out;
        }
        out.storage.release();
        return t.mul(t).sum();
    }

    /** {@code t.mean()}: {@code MeanBackward0}; the dim-list overload is 1. */
    static Tensor meanAll(Tensor t) {
        return mean(t, new int[0], false, "MeanBackward0");
    }

    static Tensor mean(Tensor t, int[] dims, boolean keepdim) {
        return mean(t, dims, keepdim, "MeanBackward1");
    }

    private static Tensor mean(Tensor t, int[] dims, boolean keepdim, String name) {
        if (!t.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a "
                    + "floating point or complex dtype. Got: " + t.dtype.torchName() + " (shape " + Shapes.str(t.shape)
                    + "); convert with float() first");
        }
        boolean[] reduced = reducedMask("mean", dims, t.shape.length);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = reduce(ReduceOp.SUM, t, reduced, keepdim).div(count(t.shape, reduced));
        }
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new ExpandBackNode(t, reduced, keepdim, true, name));
        }
        return out;
    }

    private static int count(int[] shape, boolean[] reduced) {
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (reduced[i]) {
                n *= shape[i];
            }
        }
        return n;
    }

    static Tensor maxAll(Tensor t) {
        if (t.numel() == 0) {
            throw new IllegalArgumentException("max: expected a non-empty tensor, got shape " + Shapes.str(t.shape)
                    + " (specify a dimension or use a non-empty tensor)");
        }
        boolean[] all = new boolean[t.shape.length];
        Arrays.fill(all, true);
        Tensor out = reduce(ReduceOp.MAX, t, all, false);
        if (Tensor.needsGrad(t)) {
            Tensor.record(out, new MaxAllNode(t, out));
        }
        return out;
    }

    private static boolean[] singleDim(String op, Tensor t, int dim) {
        boolean[] reduced = new boolean[t.shape.length];
        if (t.shape.length > 0) {
            int d = Shapes.dim(op, dim, t.shape.length);
            if (t.shape[d] == 0) {
                throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + d + " to have non-zero size"
                        + ": cannot reduce over dimension " + d
                        + " of size 0 (shape " + Shapes.str(t.shape) + ")");
            }
            reduced[d] = true;
        } else {
            Shapes.dim(op, dim, 0);
        }
        return reduced;
    }

    static ValuesIndices max(Tensor t, int dim, boolean keepdim) {
        boolean[] reduced = singleDim("max", t, dim);
        Tensor values = reduce(ReduceOp.MAX, t, reduced, keepdim);
        if (Tensor.needsGrad(t)) {
            Tensor floatIndices = reduce(ReduceOp.ARGMAX, t, reduced, true, t.dtype);
            Tensor.record(values, new MaxDimNode(t, floatIndices, reduced, keepdim, "MaxBackward0"));
        }
        return new ValuesIndices(values, argmaxOrEmpty(t, reduced, keepdim));
    }

    /** PyTorch's {@code min(dim)}: the max of the order-reversing map {@code -x} (floats) or {@code ~x = -1 - x} (int64). */
    static ValuesIndices min(Tensor t, int dim, boolean keepdim) {
        boolean[] reduced = singleDim("min", t, dim);
        Tensor values;
        Tensor indices;
        Tensor floatIndices = null;
        boolean grad = Tensor.needsGrad(t);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor r = reversed(t);
            values = reversed(reduce(ReduceOp.MAX, r, reduced, keepdim));
            indices = argmaxOrEmpty(r, reduced, keepdim);
            if (grad) {
                floatIndices = reduce(ReduceOp.ARGMAX, r, reduced, true, t.dtype);
            }
        }
        if (grad) {
            Tensor.record(values, new MaxDimNode(t, floatIndices, reduced, keepdim, "MinBackward0"));
        }
        return new ValuesIndices(values, indices);
    }

    /** An order-reversing map: {@code -x} for floats, {@code -1 - x} for int64, {@code !x} for bool. */
    static Tensor reversed(Tensor t) {
        return switch (t.dtype) {
            case FLOAT32, FLOAT64 -> t.neg();
            case INT64, INT32, UINT8 -> t.rsub(-1L);
            case BOOL -> t.eq(0.0);
        };
    }

    private static Tensor argmaxOrEmpty(Tensor t, boolean[] reduced, boolean keepdim) {
        if (t.dtype == DType.BOOL) {
            // PyTorch's max(dim) of bool gives indices although argmax of bool is refused: compare as int64.
            return reduce(ReduceOp.ARGMAX, t.to(DType.INT64), reduced, keepdim);
        }
        return reduce(ReduceOp.ARGMAX, t, reduced, keepdim);
    }

    static Tensor argmax(Tensor t, int dim, boolean keepdim) {
        return reduce(ReduceOp.ARGMAX, t, singleDim("argmax", t, dim), keepdim);
    }

    /** The maximum over {@code dims} (all for none), keepdim layout, without autograd. */
    static Tensor amax(String op, Tensor t, int[] dims) {
        return reduce(ReduceOp.MAX, t, reducedMask(op, dims, t.shape.length), true);
    }

    /** The shape of {@code t} reduced over {@code dims} with keepdim. */
    static int[] keptShape(String op, Tensor t, int[] dims) {
        return keptShape(t.shape, reducedMask(op, dims, t.shape.length));
    }

    /** The shape of {@code t} reduced over {@code dims} without keepdim. */
    static int[] droppedShape(String op, Tensor t, int[] dims) {
        return droppedShape(t.shape, reducedMask(op, dims, t.shape.length));
    }

    static Tensor argmin(Tensor t, int dim, boolean keepdim) {
        boolean[] reduced = singleDim("argmin", t, dim);
        DTypes.reduceType(ReduceOp.ARGMAX, "argmin", t);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return reduce(ReduceOp.ARGMAX, reversed(t), reduced, keepdim);
        }
    }

    /** argmax/argmin over the flattened tensor, like {@code torch.argmax(t)}. */
    static Tensor argAll(Tensor t, boolean min) {
        String name = min ? "argmin" : "argmax";
        if (t.numel() == 0) {
            throw new IndexOutOfBoundsException(name + "(): expected a non-empty tensor, got shape " + Shapes.str(t.shape)
                    + " (specify a dimension or use a non-empty tensor)");
        }
        Tensor flat = t.reshape(-1);
        return min ? argmin(flat, 0, false) : argmax(flat, 0, false);
    }

    /** Sums a broadcast gradient back to the shape of the operand it was broadcast from. */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) {
            return g;
        }
        if (Tensor.needsGrad(g)) {
            // a gradient with history (create_graph): the same sum, recorded as PyTorch's sum_to (SumBackward1)
            Tensor out;
            try (org.grad4j.autograd.GradMode.Scope ignored = org.grad4j.autograd.GradMode.noGrad()) {
                out = sumTo(g, shape);
            }
            int lead = g.shape.length - shape.length;
            if (lead == 0) {
                return Tensor.record(out, new SumToNode(g, shape, "SumBackward1"));
            }
            // ATen's sum_to: sum(dims, keepdim=True), then a view dropping the leading dims
            int[] kept = new int[g.shape.length];
            java.util.Arrays.fill(kept, 1);
            System.arraycopy(shape, 0, kept, lead, shape.length);
            Tensor sum = Tensor.record(new Tensor(out.storage, kept, Shapes.contiguousStrides(kept), 0, out.dtype),
                    new SumToNode(g, kept, "SumBackward1"));
            return Tensor.record(out, new Views.ReshapeNode(sum, "ViewBackward0"));
        }
        int lead = g.shape.length - shape.length;
        if (g.dtype.isFloatingPoint() && onlyUnitDimsReduced(g.shape, shape, lead)) {
            return sumOfOne(g, shape, lead);
        }
        boolean[] reduced = new boolean[g.shape.length];
        for (int i = 0; i < g.shape.length; i++) {
            reduced[i] = i < lead || (shape[i - lead] == 1 && g.shape[i] != 1);
        }
        if (g.dtype == DType.BOOL) {
            Tensor s = reduce(ReduceOp.SUM, g, reduced, true);
            return new Tensor(s.storage, shape, Shapes.contiguousStrides(shape), 0, s.dtype);
        }
        // the reduced output is laid out as `shape` already: allocate it so, no keepdim tensor to rewrap
        Tensor out = Tensor.empty(shape, DTypes.reduceType(ReduceOp.SUM, "SUM", g), g.storage.backend);
        g.storage.backend.reduce(ReduceOp.SUM, g.shape, g.strided(), reduced, out.storage.buffer);
        return out;
    }

    /** Whether every dim {@link #sumTo} reduces has size 1 (leading dims included): each sum has one term. */
    private static boolean onlyUnitDimsReduced(int[] from, int[] to, int lead) {
        if (lead < 0) {
            return false;
        }
        for (int i = 0; i < lead; i++) {
            if (from[i] != 1) {
                return false;
            }
        }
        for (int i = 0; i < to.length; i++) {
            if (from[lead + i] != to[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #sumTo} when each output element is the sum of one input element: {@code 0 + x}, which is
     * {@code x} except that {@code -0.0} becomes {@code +0.0}, as the sum kernel (and PyTorch's) gives it.
     * One elementwise add of a scalar instead of a reduction (a bias gradient of batch 1).
     */
    private static Tensor sumOfOne(Tensor g, int[] shape, int lead) {
        int[] strides = lead == 0 ? g.strides
                : g.isContiguous() ? Shapes.contiguousStrides(shape) : Arrays.copyOfRange(g.strides, lead, g.strides.length);
        Tensor out = Tensor.empty(shape, g.dtype, g.storage.backend);
        g.storage.backend.binaryScalar(BinaryOp.ADD, shape, new Strided(g.buffer(), g.offset, strides), 0.0, false,
                out.strided());
        return out;
    }

    /** Gradient of sum and mean: the output gradient broadcast back over the reduced dims (divided by the count for mean). */
    static final class ExpandBackNode extends NamedNode {
        private final int[] inShape;
        private final boolean[] reduced;
        private final boolean keepdim;
        private final int divisor;

        ExpandBackNode(Tensor in, boolean[] reduced, boolean keepdim, boolean mean, String name) {
            super(name, in);
            this.inShape = in.shape;
            this.reduced = reduced;
            this.keepdim = keepdim;
            this.divisor = mean ? count(in.shape, reduced) : 1;
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor kept = keepdim ? g : g.reshape(keptShape(inShape, reduced));
            Tensor expanded = kept.expand(inShape);
            return new Tensor[] {divisor == 1 ? expanded : divScalar(expanded, divisor)};
        }
    }

    /**
     * {@code t / s} as ATen's {@code div(Tensor, Scalar)} inside a backward formula: recorded as {@code DivBackward1}
     * (a Python number wraps into a tensor, {@code DivBackward0}; C++ formulas such as mean's do not).
     */
    static Tensor divScalar(Tensor t, double s) {
        if (!Tensor.needsGrad(t)) {
            return t.div(s);
        }
        Tensor v;
        try (org.grad4j.autograd.GradMode.Scope ignored = org.grad4j.autograd.GradMode.noGrad()) {
            v = t.div(s);
        }
        return Tensor.record(v, new Losses.DivScalarNode(t, s));
    }

    /** Gradient of {@link #sumTo}: the output gradient expanded back to the summed tensor's shape. */
    static final class SumToNode extends NamedNode {
        private final int[] inShape;

        SumToNode(Tensor in, int[] shape, String name) {
            super(name, in);
            this.inShape = in.shape;
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {g.expand(inShape)};
        }
    }

    /** Gradient of max over all elements: shared evenly among the elements equal to the maximum. */
    static final class MaxAllNode extends Node {
        MaxAllNode(Tensor in, Tensor out) {
            super(in);
            save(in, out.detach());
        }

        @Override
        public String name() {
            return "MaxBackward1";
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor mask = Pointwise.mask(BinaryOp.EQ, saved(0), saved(1));
            // PyTorch's evenly_distribute_backward: a NaN maximum goes to the NaN inputs.
            Tensor nan = Pointwise.mask(BinaryOp.NE, saved(0), saved(0)).mul(Pointwise.mask(BinaryOp.NE, saved(1), saved(1)));
            mask = mask.add(nan);
            // on the CPU PyTorch masked_fills the share into zeros: +0.0 off the maxima
            return new Tensor[] {Pointwise.gradThrough(g.div(mask.sum()), mask)};
        }
    }

    /** Gradient of max over one dim: routed to the index of the first maximum. */
    static final class MaxDimNode extends NamedNode {
        private final int[] inShape;
        private final boolean[] reduced;
        private final boolean keepdim;
        private final Tensor indices;

        MaxDimNode(Tensor in, Tensor indices, boolean[] reduced, boolean keepdim, String name) {
            super(name, in);
            this.inShape = in.shape;
            this.reduced = reduced;
            this.keepdim = keepdim;
            this.indices = indices;
        }

        @Override
        Tensor[] backward(Tensor g) {
            int dim = 0;
            while (dim < reduced.length && !reduced[dim]) {
                dim++;
            }
            Tensor kept = keepdim ? g : g.reshape(keptShape(inShape, reduced));
            if (inShape.length == 0) {
                return new Tensor[] {kept};
            }
            int[] iotaShape = new int[inShape.length];
            Arrays.fill(iotaShape, 1);
            iotaShape[dim] = inShape[dim];
            double[] iota = new double[inShape[dim]];
            for (int i = 0; i < iota.length; i++) {
                iota[i] = i;
            }
            Tensor positions = Tensor.of(iota, g.dtype, g.device(), iotaShape);
            // PyTorch scatters the gradient into zeros: +0.0 off the selected positions
            return new Tensor[] {Pointwise.gradThrough(kept, Pointwise.mask(BinaryOp.EQ, positions, indices))};
        }
    }
}
