package org.grad4j;

import org.grad4j.autograd.GradMode;

/**
 * {@code sort}, {@code argsort} and {@code topk}. The order is PyTorch's: NaN above every number (last when
 * ascending, first when descending), {@code -0.0} equal to {@code 0.0}. Ties keep their input order (a
 * stable sort, PyTorch's {@code stable=True}); PyTorch's default sort is not stable on long inputs, so
 * there the indices of equal values may come in another order than PyTorch's, the values never do.
 *
 * <p>The permutation is computed on the host (like {@code nonzero}: its values decide the result); the
 * values are then gathered on the tensor's device, and their gradient is scattered back to the sorted
 * positions ({@code SortBackward0}, {@code TopkBackward0}).
 */
final class Sorting {
    private Sorting() {
    }

    /** {@code stable}: PyTorch's {@code sort(stable=...)} overload, whose node is {@code SortBackward1}. */
    static ValuesIndices sort(Tensor x, int dim, boolean descending, boolean stableOverload) {
        Indexing.nonNull("sort", x);
        int d = Shapes.dim("sort", dim, x.dim());
        int len = x.dim() == 0 ? 1 : x.shape[d];
        return select("sort", stableOverload ? "SortBackward1" : "SortBackward0", x, d, len, descending);
    }

    static ValuesIndices topk(Tensor x, int k, int dim, boolean largest) {
        Indexing.nonNull("topk", x);
        int d = Shapes.dim("topk", dim, x.dim());
        int len = x.dim() == 0 ? 1 : x.shape[d];
        if (k < 0 || k > len) {
            throw new IndexOutOfBoundsException("topk: selected index k out of range (k = " + k + ", size "
                    + len + " of dimension " + d + " of a tensor of shape " + Shapes.str(x.shape) + ")");
        }
        return select("topk", "TopkBackward0", x, d, k, largest);
    }

    /** The first {@code k} elements of every slice along {@code d} in sorted order, and their positions. */
    private static ValuesIndices select(String op, String gradFn, Tensor x, int d, int k, boolean descending) {
        boolean scalar = x.dim() == 0;   // a 0-d tensor is its own result, also for k = 0 (as PyTorch)
        int[] shape = scalar ? new int[] {1} : x.shape;
        int len = shape[d];
        k = scalar ? 1 : k;
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = len == 0 || inner == 0 ? 0 : Shapes.numel(shape) / (len * inner);
        int[] outShape = shape.clone();
        outShape[d] = k;
        if (scalar) {
            outShape = new int[0];
        }
        long[] positions = new long[Shapes.numel(outShape)];
        if (positions.length > 0) {
            Keys keys = Keys.of(x);
            int[] order = new int[len];
            int[] scratch = new int[len];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * len * inner + i;
                    for (int j = 0; j < len; j++) {
                        order[j] = j;
                    }
                    mergeSort(order, scratch, 0, len, keys, base, inner, descending);
                    int outBase = o * k * inner + i;
                    for (int j = 0; j < k; j++) {
                        positions[outBase + j * inner] = order[j];
                    }
                }
            }
        }
        Tensor indices = DTypes.of(positions, DType.INT64, x.backend(), outShape);
        Tensor values;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            values = x.gather(d, indices);
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(values, new Indexing.GatherNode(x, d, indices, gradFn));
        }
        return new ValuesIndices(values, indices);
    }

    /** The stable ascending order of all of {@code x}'s elements in row-major order (for unique). */
    static int[] ascendingOrder(Tensor x) {
        int n = x.numel();
        int[] order = new int[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        mergeSort(order, new int[n], 0, n, Keys.of(x), 0, 1, false);
        return order;
    }

    /** A tensor's values in row-major order, compared as PyTorch's sort does. */
    private abstract static class Keys {
        static Keys of(Tensor x) {
            if (x.dtype.isFloatingPoint()) {
                double[] v = x.toDoubleArray();
                return new Keys() {
                    @Override
                    int compare(int a, int b) {
                        double p = v[a];
                        double q = v[b];
                        if (p < q) {
                            return -1;
                        } else if (p > q) {
                            return 1;
                        }
                        boolean pn = p != p;
                        boolean qn = q != q;
                        return pn == qn ? 0 : pn ? 1 : -1;   // NaN above everything; -0.0 == 0.0
                    }
                };
            }
            long[] v = DTypes.toLongArray(x);
            return new Keys() {
                @Override
                int compare(int a, int b) {
                    return Long.compare(v[a], v[b]);
                }
            };
        }

        /** Compares the elements at flat positions a and b. */
        abstract int compare(int a, int b);
    }

    /** Stable merge sort of {@code order[lo, hi)}: positions along the slice at {@code base} with step {@code inner}. */
    private static void mergeSort(int[] order, int[] scratch, int lo, int hi, Keys keys, int base, int inner,
            boolean descending) {
        if (hi - lo < 2) {
            return;
        }
        if (hi - lo <= 16) {   // insertion sort: stable, fast for short runs
            for (int i = lo + 1; i < hi; i++) {
                int e = order[i];
                int j = i - 1;
                while (j >= lo && before(keys, base, inner, e, order[j], descending)) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = e;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(order, scratch, lo, mid, keys, base, inner, descending);
        mergeSort(order, scratch, mid, hi, keys, base, inner, descending);
        if (!before(keys, base, inner, order[mid], order[mid - 1], descending)) {
            return;   // already in order
        }
        System.arraycopy(order, lo, scratch, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int out = lo; out < hi; out++) {
            if (j >= hi || (i < mid && !before(keys, base, inner, scratch[j], scratch[i], descending))) {
                order[out] = scratch[i++];
            } else {
                order[out] = scratch[j++];
            }
        }
    }

    /** Whether the element at slice position a strictly precedes the one at b. */
    private static boolean before(Keys keys, int base, int inner, int a, int b, boolean descending) {
        int c = keys.compare(base + a * inner, base + b * inner);
        return descending ? c > 0 : c < 0;
    }
}
