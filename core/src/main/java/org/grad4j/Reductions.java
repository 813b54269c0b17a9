package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.ReduceOp;

/** Sums, means and maxima over dimensions, and their gradients. */
final class Reductions {
    private Reductions() {
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
        int[] kept = keptShape(t.shape, reduced);
        Tensor out = Tensor.empty(kept, t.dtype, t.storage.backend);
        t.storage.backend.reduce(op, t.shape, t.strided(), reduced, out.storage.buffer);
        if (keepdim) {
            return out;
        }
        int[] dropped = droppedShape(t.shape, reduced);
        return new Tensor(out.storage, dropped, Shapes.contiguousStrides(dropped), 0, t.dtype);
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
        if (t.storage.backend.trySumOfSquares(t.shape, t.strided(), out.storage.buffer)) {
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
                throw new IllegalArgumentException(op + ": cannot reduce over dimension " + d
                        + " of size 0 (shape " + Shapes.str(t.shape) + ")");
            }
            reduced[d] = true;
        } else {
            Shapes.dim(op, dim, 0);
        }
        return reduced;
    }

    static Tensor max(Tensor t, int dim, boolean keepdim) {
        boolean[] reduced = singleDim("max", t, dim);
        Tensor values = reduce(ReduceOp.MAX, t, reduced, keepdim);
        if (Tensor.needsGrad(t)) {
            Tensor indices = reduce(ReduceOp.ARGMAX, t, reduced, true);
            Tensor.record(values, new MaxDimNode(t, indices, reduced, keepdim));
        }
        return values;
    }

    static Tensor argmax(Tensor t, int dim, boolean keepdim) {
        return reduce(ReduceOp.ARGMAX, t, singleDim("argmax", t, dim), keepdim);
    }

    /** Sums a broadcast gradient back to the shape of the operand it was broadcast from. */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape, shape)) {
            return g;
        }
        int lead = g.shape.length - shape.length;
        boolean[] reduced = new boolean[g.shape.length];
        for (int i = 0; i < g.shape.length; i++) {
            reduced[i] = i < lead || (shape[i - lead] == 1 && g.shape[i] != 1);
        }
        Tensor s = reduce(ReduceOp.SUM, g, reduced, true);
        return new Tensor(s.storage, shape, Shapes.contiguousStrides(shape), 0, s.dtype);
    }

    /** Gradient of sum and mean: the output gradient broadcast back over the reduced dims (divided by the count for mean). */
    static final class ExpandBackNode extends Node {
        private final int[] inShape;
        private final boolean[] reduced;
        private final boolean keepdim;
        private final int divisor;
        private final String name;

        ExpandBackNode(Tensor in, boolean[] reduced, boolean keepdim, boolean mean, String name) {
            super(in);
            this.inShape = in.shape;
            this.reduced = reduced;
            this.keepdim = keepdim;
            this.divisor = mean ? count(in.shape, reduced) : 1;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor kept = keepdim ? g : g.reshape(keptShape(inShape, reduced));
            Tensor expanded = kept.expand(inShape);
            return new Tensor[] {divisor == 1 ? expanded : expanded.div(divisor)};
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
            Tensor mask = saved(0).eq(saved(1));
            return new Tensor[] {mask.mul(g.div(mask.sum()))};
        }
    }

    /** Gradient of max over one dim: routed to the index of the first maximum. */
    static final class MaxDimNode extends Node {
        private final int[] inShape;
        private final boolean[] reduced;
        private final boolean keepdim;
        private final Tensor indices;

        MaxDimNode(Tensor in, Tensor indices, boolean[] reduced, boolean keepdim) {
            super(in);
            this.inShape = in.shape;
            this.reduced = reduced;
            this.keepdim = keepdim;
            this.indices = indices;
        }

        @Override
        public String name() {
            return "MaxBackward0";
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
            return new Tensor[] {positions.eq(indices).mul(kept)};
        }
    }
}
