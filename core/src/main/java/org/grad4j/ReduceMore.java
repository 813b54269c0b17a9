package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * The selecting and NaN-aware reductions: {@code median}, {@code nanmedian}, {@code kthvalue}, {@code mode},
 * {@code nansum}, {@code nanmean}, {@code aminmax}.
 *
 * <p>The selecting ones pick a position per slice on the host (the values decide the result, as in
 * {@link Sorting}), then gather the values on the tensor's device; their gradient goes to the selected position
 * (PyTorch's {@code value_selecting_reduction_backward}), or, for the full {@code median()}/{@code nanmedian()},
 * is shared evenly by every element equal to the result ({@code evenly_distribute_backward}). The positions are
 * PyTorch 1.13's CPU ones, ties included: {@code median(dim)} is the stable order's element at {@code (n-1)/2}
 * (ATen's {@code nth_element} breaks ties by index), the first NaN when there is one; {@code kthvalue} runs ATen's
 * {@code quick_select_template} step by step (its index on ties depends on the swaps); {@code mode} the smallest of
 * the most frequent values, where libstdc++'s {@code std::sort} leaves it.
 */
final class ReduceMore {
    private ReduceMore() {
    }

    /** A tensor's elements in row-major order, compared as PyTorch's sort does (NaN above every number). */
    private static final class Keys {
        private final double[] d;
        private final long[] l;

        Keys(Tensor x) {
            d = x.dtype.isFloatingPoint() ? x.toDoubleArray() : null;
            l = d == null ? DTypes.toLongArray(x) : null;
        }

        boolean nan(int i) {
            return d != null && d[i] != d[i];
        }

        int compare(int i, int j) {
            if (l != null) {
                return Long.compare(l[i], l[j]);
            }
            double p = d[i];
            double q = d[j];
            if (p < q) {
                return -1;
            } else if (p > q) {
                return 1;
            }
            boolean pn = p != p;
            boolean qn = q != q;
            return pn == qn ? 0 : pn ? 1 : -1;
        }

        /** ATen's {@code gt_or_nan}: {@code (isnan(x) && !isnan(y)) || x > y}. */
        boolean gtOrNan(int i, int j) {
            if (l != null) {
                return l[i] > l[j];
            }
            return (nan(i) && !nan(j)) || d[i] > d[j];
        }

        boolean same(int i, int j) {
            return l != null ? l[i] == l[j] : d[i] == d[j];
        }
    }

    /** Picks one position along a slice: element {@code j} is at flat index {@code base + j * inner}. */
    private interface Picker {
        int pick(Keys k, int base, int inner, int len);
    }

    private static void refuseBool(String op, Tensor x) {
        if (x.dtype == DType.BOOL) {
            throw new IllegalArgumentException(op + ": \"" + op + "_cpu\" not implemented for 'Bool' (shape "
                    + Shapes.str(x.shape) + "); convert with long() or float() first");
        }
    }

    // ------------------------------------------------------------------ one position per slice

    /**
     * The picked element of every slice along {@code dim} and its int64 position; {@code gradFn} names the node
     * that sends the gradient to that position.
     */
    private static ValuesIndices select(String op, String gradFn, Tensor x, int dim, boolean keepdim,
            Picker picker) {
        Indexing.nonNull(op, x);
        int d = Shapes.dim(op, dim, x.dim());
        int[] work = x.dim() == 0 ? new int[] {1} : x.shape;
        int len = work[d];
        if (len == 0) {   // kthvalue refuses it earlier (k out of range)
            throw new IndexOutOfBoundsException(op + ": Expected reduction dim " + d + " to have non-zero size "
                    + "(input of shape " + Shapes.str(x.shape) + ")");
        }
        int inner = 1;
        for (int i = d + 1; i < work.length; i++) {
            inner *= work[i];
        }
        int[] kept = work.clone();
        kept[d] = 1;
        int slices = Shapes.numel(kept);
        long[] positions = new long[slices];
        if (slices > 0) {
            Keys keys = new Keys(x);
            for (int s = 0; s < slices; s++) {
                int o = s / inner;
                int i = s % inner;
                positions[s] = picker.pick(keys, o * len * inner + i, inner, len);
            }
        }
        int[] outShape = x.dim() == 0 || !keepdim ? dropped(work, d, x.dim() == 0) : kept;
        Tensor keptIndex = DTypes.of(positions, DType.INT64, x.backend(), kept);
        Tensor values;
        Tensor indices;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor xw = x.dim() == 0 ? x.reshape(1) : x;
            values = xw.gather(d, keptIndex).reshape(outShape);
            indices = keptIndex.reshape(outShape);
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(values, new SelectNode(gradFn, x, work, d, kept, keptIndex));
        }
        return new ValuesIndices(values, indices);
    }

    private static int[] dropped(int[] work, int d, boolean scalar) {
        if (scalar) {
            return new int[0];
        }
        int[] s = new int[work.length - 1];
        for (int i = 0, j = 0; i < work.length; i++) {
            if (i != d) {
                s[j++] = work[i];
            }
        }
        return s;
    }

    /** PyTorch's {@code value_selecting_reduction_backward}: the gradient scattered to the selected positions. */
    static final class SelectNode extends NamedNode {
        private final int[] inShape;
        private final int[] work;
        private final int dim;
        private final int[] kept;

        SelectNode(String name, Tensor in, int[] work, int dim, int[] kept, Tensor keptIndex) {
            super(name, in);
            this.inShape = in.shape;
            this.work = work;
            this.dim = dim;
            this.kept = kept;
            save(keptIndex);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor gx = Indexing.scatterAddInto(work, dim, saved(0), g.reshape(kept));
            return new Tensor[] {Arrays.equals(work, inShape) ? gx : gx.reshape(inShape)};
        }
    }

    /** The slice's positions in PyTorch's order (NaN last), ties by position: a strict total order. */
    private static Integer[] stableOrder(Keys k, int base, int inner, int len) {
        Integer[] order = new Integer[len];
        for (int j = 0; j < len; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> k.compare(base + a * inner, base + b * inner));   // stable
        return order;
    }

    private static int median(Keys k, int base, int inner, int len, boolean ignoreNan) {
        int nans = 0;
        for (int j = 0; j < len; j++) {
            if (k.nan(base + j * inner)) {
                if (!ignoreNan) {
                    return j;   // median: the first NaN
                }
                nans++;
            }
        }
        if (nans == len) {
            return allEquivalentNthElement(len);
        }
        return stableOrder(k, base, inner, len)[(len - nans - 1) / 2];
    }

    /**
     * Where libstdc++'s {@code std::nth_element(first, first, last)} leaves position 0 when no element is less than
     * another (nanmedian of an all-NaN slice): each round moves the middle to the front and swaps pairs from both
     * ends inwards, then keeps the left part; 3 elements or fewer stay as they are.
     */
    private static int allEquivalentNthElement(int len) {
        int[] a = new int[len];
        for (int j = 0; j < len; j++) {
            a[j] = j;
        }
        int first = 0;
        int last = len;
        while (last - first > 3) {
            swap(a, first, first + (last - first) / 2);
            int lo = first + 1;
            int hi = last;
            while (true) {
                hi--;
                if (lo >= hi) {
                    break;
                }
                swap(a, lo, hi);
                lo++;
            }
            last = lo;
        }
        return a[first];
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    static ValuesIndices median(Tensor x, int dim, boolean keepdim, boolean ignoreNan) {
        String op = ignoreNan ? "nanmedian" : "median";
        Indexing.nonNull(op, x);
        refuseBool(op, x);
        return select(op + "()", ignoreNan ? "NanmedianBackward1" : "MedianBackward1", x, dim, keepdim,
                (k, base, inner, len) -> median(k, base, inner, len, ignoreNan));
    }

    /** {@code median()}/{@code nanmedian()} of all elements: the lower median; an empty input gives NaN. */
    static Tensor medianAll(Tensor x, boolean ignoreNan) {
        String op = ignoreNan ? "nanmedian" : "median";
        Indexing.nonNull(op, x);
        refuseBool(op, x);
        int n = x.numel();
        Tensor value;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (n == 0) {
                value = x.dtype.isFloatingPoint() ? Tensor.full(new int[0], Double.NaN, x.dtype, x.device())
                        // an integer empty input: NaN cast to int64, as ATen gives
                        : DTypes.of(new long[] {Long.MIN_VALUE}, DType.INT64, x.backend(), new int[0]).to(x.dtype);
            } else {
                int pos = median(new Keys(x), 0, 1, n, ignoreNan);
                long[] at = {pos};
                value = x.reshape(-1).gather(0, DTypes.of(at, DType.INT64, x.backend(), new int[] {1})).reshape();
            }
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(value, new EvenlyNode(ignoreNan ? "NanmedianBackward0" : "MedianBackward0", x, value));
        }
        return value;
    }

    /** PyTorch's {@code evenly_distribute_backward}: the gradient shared by the elements equal to the result. */
    static final class EvenlyNode extends NamedNode {
        EvenlyNode(String name, Tensor in, Tensor value) {
            super(name, in);
            save(in, value.detach());
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor v = saved(1);
            Tensor mask = Double.isNaN(v.item()) ? x.isnan() : x.eq(v);
            return new Tensor[] {Tensor.where(mask, g.div(mask.sum()), 0.0)};
        }
    }

    // ------------------------------------------------------------------ kthvalue, mode

    static ValuesIndices kthvalue(Tensor x, int k, int dim, boolean keepdim) {
        Indexing.nonNull("kthvalue", x);
        refuseBool("kthvalue", x);
        int d = Shapes.dim("kthvalue", dim, x.dim());
        int len = x.dim() == 0 ? 1 : x.shape[d];
        if (k < 1 || k > len) {
            throw new IndexOutOfBoundsException("kthvalue(): selected number k out of range for dimension " + d
                    + " (k = " + k + ", size " + len + ", input of shape " + Shapes.str(x.shape) + ")");
        }
        return select("kthvalue()", "KthvalueBackward0", x, dim, keepdim,
                (keys, base, inner, n) -> quickSelect(keys, base, inner, n, k - 1));
    }

    /** ATen's {@code quick_select_template} (median-of-three pivot) on the slice; the position that lands at kk. */
    private static int quickSelect(Keys keys, int base, int inner, int n, int kk) {
        int[] a = new int[n];   // flat indices, swapped as ATen swaps values and indices together
        for (int j = 0; j < n; j++) {
            a[j] = base + j * inner;
        }
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            if (hi == lo + 1) {
                if (keys.gtOrNan(a[lo], a[hi])) {
                    swap(a, lo, hi);
                }
                break;
            }
            int p = lo + (hi - lo) / 2;
            swap(a, p, lo + 1);
            if (keys.gtOrNan(a[lo + 1], a[hi])) {
                swap(a, lo + 1, hi);
            }
            if (keys.gtOrNan(a[lo], a[hi])) {
                swap(a, lo, hi);
            }
            if (keys.gtOrNan(a[lo + 1], a[lo])) {
                swap(a, lo + 1, lo);
            }
            int i = lo + 1;
            int j = hi;
            int piv = a[lo];
            while (true) {
                do {
                    i++;
                } while (keys.gtOrNan(piv, a[i]));
                do {
                    j--;
                } while (keys.gtOrNan(a[j], piv));
                if (j < i) {
                    break;
                }
                swap(a, i, j);
            }
            swap(a, lo, j);
            if (j <= kk) {
                lo = i;
            }
            if (j >= kk) {
                hi = j - 1;
            }
        }
        return (a[kk] - base) / inner;
    }

    static ValuesIndices mode(Tensor x, int dim, boolean keepdim) {
        Indexing.nonNull("mode", x);
        return select("mode()", "ModeBackward0", x, dim, keepdim, ReduceMore::mode);
    }

    /**
     * The smallest of the most frequent values and its position: ATen sorts (value, position) pairs by value with
     * {@code std::sort} and keeps the last pair of the first longest run, so the position is where libstdc++'s sort
     * leaves equal values (their input order up to 16 elements; the partitions' swaps beyond).
     */
    private static int mode(Keys k, int base, int inner, int len) {
        int[] order = new int[len];
        for (int j = 0; j < len; j++) {
            order[j] = j;
        }
        IntLess less = (a, b) -> k.compare(base + a * inner, base + b * inner) < 0;
        introsortLoop(order, 0, len, 2 * (31 - Integer.numberOfLeadingZeros(Math.max(len, 1))), less);
        insertionSort(order, 0, len, less);
        int best = order[0];
        int bestCount = 0;
        int run = 0;
        for (int j = 0; j < len; j++) {
            run++;
            if (j == len - 1 || !k.same(base + order[j] * inner, base + order[j + 1] * inner)) {
                if (run > bestCount) {
                    best = order[j];
                    bestCount = run;
                }
                run = 0;
            }
        }
        return best;
    }

    private interface IntLess {
        boolean less(int a, int b);
    }

    /** libstdc++'s {@code __introsort_loop}: median-of-three partitions down to runs of 16 (no heap-sort fallback). */
    private static void introsortLoop(int[] a, int first, int last, int depth, IntLess c) {
        while (last - first > 16 && depth > 0) {
            depth--;
            int mid = first + (last - first) / 2;
            moveMedianToFirst(a, first, first + 1, mid, last - 1, c);
            int lo = first + 1;
            int hi = last;
            while (true) {
                while (c.less(a[lo], a[first])) {
                    lo++;
                }
                hi--;
                while (c.less(a[first], a[hi])) {
                    hi--;
                }
                if (lo >= hi) {
                    break;
                }
                swap(a, lo, hi);
                lo++;
            }
            introsortLoop(a, lo, last, depth, c);
            last = lo;
        }
    }

    private static void moveMedianToFirst(int[] a, int result, int x, int y, int z, IntLess c) {
        if (c.less(a[x], a[y])) {
            if (c.less(a[y], a[z])) {
                swap(a, result, y);
            } else if (c.less(a[x], a[z])) {
                swap(a, result, z);
            } else {
                swap(a, result, x);
            }
        } else if (c.less(a[x], a[z])) {
            swap(a, result, x);
        } else if (c.less(a[y], a[z])) {
            swap(a, result, z);
        } else {
            swap(a, result, y);
        }
    }

    /** The final insertion sort (stable: equal values keep their order). */
    private static void insertionSort(int[] a, int first, int last, IntLess c) {
        for (int i = first + 1; i < last; i++) {
            int v = a[i];
            int j = i;
            while (j > first && c.less(v, a[j - 1])) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = v;
        }
    }

    // ------------------------------------------------------------------ nansum, nanmean, aminmax

    static Tensor nansum(Tensor x, int[] dims, boolean keepdim) {
        Indexing.nonNull("nansum", x, dims);
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor clean = x.dtype.isFloatingPoint() ? Tensor.where(x.isnan(), 0.0, x) : x;
            out = dims.length == 0 && !keepdim ? clean.sum() : clean.sum(dims, keepdim);
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(out, new NansumNode(x, out.shape, keepdim ? out.shape : keptShape(x, dims)));
        }
        return out;
    }

    private static int[] keptShape(Tensor x, int[] dims) {
        int[] kept = x.shape.clone();
        if (dims.length == 0) {
            Arrays.fill(kept, 1);
        }
        for (int d : dims) {
            if (kept.length > 0) {
                kept[Shapes.dim("nansum", d, x.dim())] = 1;
            }
        }
        return kept;
    }

    /** PyTorch's {@code nansum_backward}: the gradient, expanded, where the input is not NaN. */
    static final class NansumNode extends NamedNode {
        private final int[] kept;

        NansumNode(Tensor in, int[] outShape, int[] kept) {
            super("NansumBackward0", in);
            this.kept = kept;
            save(in);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            return new Tensor[] {g.reshape(kept).expand(x.shape).mul(x.isnan().logicalNot().to(g.dtype()))};
        }
    }

    static Tensor nanmean(Tensor x, int[] dims, boolean keepdim) {
        Indexing.nonNull("nanmean", x, dims);
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("nanmean(): expected input to have floating point dtype but got "
                    + x.dtype.torchName() + " (shape " + Shapes.str(x.shape) + ")");
        }
        Tensor count = x.isnan().logicalNot();
        count = dims.length == 0 && !keepdim ? count.sum() : count.sum(dims, keepdim);
        return nansum(x, dims, keepdim).div(count);
    }

    /** {@code aminmax}: computed without a graph (PyTorch 1.13 has no derivative for it). */
    static MinMax aminmax(Tensor x, Integer dim, boolean keepdim) {
        Indexing.nonNull("aminmax", x);
        if (dim == null && x.numel() == 0) {
            throw new IllegalArgumentException("aminmax(): cannot compute aminmax over an empty dimension as the "
                    + "operation has no identity (input of shape " + Shapes.str(x.shape) + ")");
        }
        if (dim != null) {
            int d = Shapes.dim("aminmax", dim, x.dim());
            if (x.dim() > 0 && x.shape[d] == 0) {
                throw new IndexOutOfBoundsException("aminmax: Expected reduction dim " + d
                        + " to have non-zero size (input of shape " + Shapes.str(x.shape) + ")");
            }
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            if (dim == null) {
                Tensor min = x.amin(new int[0], false);
                Tensor max = x.amax(new int[0], false);
                return keepdim ? new MinMax(min.reshape(ones(x.dim())), max.reshape(ones(x.dim())))
                        : new MinMax(min, max);
            }
            if (x.dim() == 0 && keepdim) {   // PyTorch 1.13 resizes its 0-d out to [1] here (with a warning)
                return new MinMax(x.reshape(1).clone(), x.reshape(1).clone());
            }
            return new MinMax(x.amin(new int[] {dim}, keepdim), x.amax(new int[] {dim}, keepdim));
        }
    }

    private static int[] ones(int rank) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        return s;
    }

    // ------------------------------------------------------------------ cummax, cummin, logcumsumexp

    /**
     * {@code cummax}/{@code cummin}: ATen's running loop, which takes the element when it is NaN or when
     * {@code x >= out} ({@code <=} for cummin) and out is not NaN: ties give the last index, NaN sticks from the last
     * NaN on. The values are gathered at those indices; the gradient is scattered back ({@code CummaxBackward0}).
     */
    static ValuesIndices cumExtreme(Tensor x, int dim, boolean max) {
        String op = max ? "cummax" : "cummin";
        Indexing.nonNull(op, x);
        int d = Shapes.dim(op, dim, x.dim());
        int[] work = x.dim() == 0 ? new int[] {1} : x.shape;
        int len = work[d];
        int inner = 1;
        for (int i = d + 1; i < work.length; i++) {
            inner *= work[i];
        }
        int n = Shapes.numel(work);
        long[] positions = new long[n];
        if (n > 0) {
            Keys k = new Keys(x);
            int outer = n / (len * inner);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * len * inner + i;
                    int best = 0;
                    for (int j = 0; j < len; j++) {
                        int at = base + j * inner;
                        int b = base + best * inner;
                        if (k.nan(at) || (!k.nan(b) && (max ? k.compare(at, b) >= 0 : k.compare(at, b) <= 0))) {
                            best = j;
                        }
                        positions[at] = best;
                    }
                }
            }
        }
        Tensor index = DTypes.of(positions, DType.INT64, x.backend(), work);
        Tensor values;
        Tensor indices;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor xw = x.dim() == 0 ? x.reshape(1) : x;
            values = xw.gather(d, index).reshape(x.shape);
            indices = index.reshape(x.shape);
        }
        if (Tensor.needsGrad(x)) {
            Tensor.record(values, new SelectNode(max ? "CummaxBackward0" : "CumminBackward0", x, work, d, work, index));
        }
        return new ValuesIndices(values, indices);
    }

    /**
     * {@code logcumsumexp}: ATen's loop from {@code -inf} with a double accumulator (float32 rounded at each store),
     * each step {@code log1p(exp(min - max)) + max}, or the element itself when both are the same infinity.
     */
    static Tensor logcumsumexp(Tensor x, int dim) {
        Indexing.nonNull("logcumsumexp", x);
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("logcumsumexp: \"logcumsumexp_out_cpu\" not implemented for '"
                    + x.dtype.torchName().replace("torch.", "") + "' (shape " + Shapes.str(x.shape)
                    + "); convert with float() first");
        }
        int d = Shapes.dim("logcumsumexp", dim, x.dim());
        int[] work = x.dim() == 0 ? new int[] {1} : x.shape;
        int len = work[d];
        int inner = 1;
        for (int i = d + 1; i < work.length; i++) {
            inner *= work[i];
        }
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        boolean f32 = x.dtype == DType.FLOAT32;
        int outer = v.length == 0 ? 0 : v.length / (len * inner);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    int at = o * len * inner + i + j * inner;
                    acc = logAddExp(v[at], acc);
                    out[at] = f32 ? (float) acc : acc;
                }
            }
        }
        Tensor result = Tensor.of(out, x.dtype, x.device(), x.shape);
        if (Tensor.needsGrad(x)) {
            Tensor.record(result, new LogcumsumexpNode(x, result, d));
        }
        return result;
    }

    /** ATen's {@code _log_add_exp_helper(x, y)} (C++'s min/max return the first argument when one is NaN). */
    private static double logAddExp(double x, double y) {
        double min = y != y ? y : (y < x ? y : x);
        double max = y != y ? y : (x < y ? y : x);
        if (min != max || Double.isFinite(min)) {
            return Math.log1p(Math.exp(min - max)) + max;
        }
        return x;
    }

    /** PyTorch's {@code logcumsumexp_backward}: positive and negative gradients through reversed logcumsumexps. */
    static final class LogcumsumexpNode extends NamedNode {
        private final int dim;

        LogcumsumexpNode(Tensor in, Tensor out, int dim) {
            super("LogcumsumexpBackward0", in);
            this.dim = dim;
            save(in, out.detach());
        }

        @Override
        Tensor[] backward(Tensor g) {
            if (g.dim() == 0 || g.numel() == 0) {
                return new Tensor[] {g};
            }
            Tensor x = saved(0);
            Tensor result = savedOutput(1);
            double lowest = g.dtype() == DType.FLOAT32 ? -Float.MAX_VALUE : -Double.MAX_VALUE;
            Tensor logAbs = g.abs().log();
            Tensor pos = Tensor.where(g.gt(0.0), logAbs, lowest);
            Tensor neg = Tensor.where(g.lt(0.0), logAbs, lowest);
            Tensor outPos = reversed(pos.sub(result)).add(x).exp();
            Tensor outNeg = reversed(neg.sub(result)).add(x).exp();
            return new Tensor[] {outPos.sub(outNeg)};
        }

        private Tensor reversed(Tensor t) {
            return t.flip(dim).logcumsumexp(dim).flip(dim);
        }
    }

    // ------------------------------------------------------------------ quantile, nanquantile

    /**
     * {@code quantile}/{@code nanquantile} composed as ATen's {@code quantile_compute}: sort (the dim moved last),
     * ranks {@code q * (n - 1)} in the input's dtype (n: the non-NaN count for nanquantile; NaN forces the last rank
     * for quantile), rounded per interpolation, two gathers and a lerp; so the gradient flows through
     * sort, gather and lerp as in PyTorch (and to a q tensor through the weights). On ties the gradient goes to the
     * stable sort's element, PyTorch's unstable sort may pick another of the equal ones. {@code qTensor} null: the
     * scalar {@code q}.
     */
    static Tensor quantile(Tensor x, Tensor qTensor, double qScalar, Integer dim, boolean keepdim,
            String interpolation, boolean ignoreNan) {
        String op = ignoreNan ? "nanquantile()" : "quantile()";
        Indexing.nonNull(op, x, interpolation);
        if (x.numel() == 0) {
            throw new IllegalArgumentException(op + " input tensor must be non-empty (shape " + Shapes.str(x.shape)
                    + ")");
        }
        if (qTensor != null && qTensor.dim() > 1) {
            throw new IllegalArgumentException(op + " q must be a scalar or 1D tensor, got shape "
                    + Shapes.str(qTensor.shape));
        }
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + " input tensor must be either float or double dtype, got "
                    + x.dtype.torchName());
        }
        if (qTensor != null && qTensor.dtype != x.dtype) {
            throw new IllegalArgumentException(op + " q tensor must be same dtype as the input tensor (input "
                    + x.dtype.torchName() + ", q " + qTensor.dtype.torchName() + ")");
        }
        if (!java.util.List.of("linear", "lower", "higher", "midpoint", "nearest").contains(interpolation)) {
            throw new IllegalArgumentException(op + " interpolation must be one of linear, lower, higher, midpoint "
                    + "or nearest. Got " + interpolation);
        }
        if (qTensor == null) {
            if (!(qScalar >= 0 && qScalar <= 1)) {
                throw new IllegalArgumentException(op + " q must be in the range [0, 1] but got " + qScalar);
            }
        } else {
            Tensor inRange;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                inRange = qTensor.ge(0.0).logicalAnd(qTensor.le(1.0)).all();
            }
            if (inRange.itemLong() == 0) {
                throw new IllegalArgumentException(op + " q values must be in the range [0, 1]");
            }
        }
        Tensor q = qTensor != null ? qTensor : Tensor.full(new int[0], qScalar, x.dtype, x.device());
        int wd = dim == null ? -1 : Shapes.dim(op, dim, x.dim());
        java.util.List<Integer> outShape = new java.util.ArrayList<>();
        for (int i = 0; i < x.dim(); i++) {
            if (dim == null || i == wd) {
                if (keepdim) {
                    outShape.add(1);
                }
            } else {
                outShape.add(x.shape[i]);
            }
        }
        Tensor sorted;
        if (dim == null) {
            sorted = x.reshape(-1).sort(0, false).values();
        } else if (x.dim() == 0 || wd == x.dim() - 1) {
            sorted = x.sort(-1, false).values();
        } else {
            sorted = x.unsqueeze(-1).transpose(wd, -1).sort(-1, false).values();
        }
        int qn = q.numel();
        outShape.add(0, qn);
        int[] inShape = new int[outShape.size()];
        for (int i = 1; i < outShape.size(); i++) {
            inShape[i - 1] = outShape.get(i);
        }
        int n = sorted.dim() == 0 ? 1 : sorted.shape[sorted.dim() - 1];
        inShape[inShape.length - 1] = n;
        sorted = sorted.reshape(inShape);
        int[] ranksShape = new int[sorted.dim()];
        Arrays.fill(ranksShape, 1);
        ranksShape[ranksShape.length - 1] = qn;
        Tensor ranks;
        {   // with grad: q's gradient flows through the linear weights, as in ATen
            Tensor qr = q.reshape(ranksShape);
            if (ignoreNan) {
                ranks = qr.mul(sorted.isnan().logicalNot().sum(new int[] {-1}, true).sub(1L));
                ranks = ranks.maskedFill(ranks.lt(0.0), 0.0);
            } else {
                int last = n - 1;
                Tensor anyNan = sorted.isnan().any(-1, true);
                int[] shape = Shapes.broadcast(op, qr.shape, anyNan.shape);
                ranks = qr.mul((double) last).expand(shape).maskedFill(anyNan.expand(shape), (double) last);
            }
            ranks = switch (interpolation) {
                case "lower" -> ranks.floor();
                case "higher" -> ranks.ceil();
                case "nearest" -> ranks.round();
                default -> ranks;
            };
        }
        Tensor below = ranks.to(DType.INT64);
        Tensor values = sorted.gather(-1, below);
        if (interpolation.equals("linear") || interpolation.equals("midpoint")) {
            Tensor weights = interpolation.equals("midpoint") ? Tensor.fullLike(ranks, 0.5).detach() : ranks.sub(below);
            Tensor above = ranks.ceil().to(DType.INT64);
            values = values.lerp(sorted.gather(-1, above), weights);
        }
        boolean scalarQ = qTensor == null || qTensor.dim() == 0;
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = scalarQ ? values.squeeze(-1) : values.unsqueeze(0).transpose(0, -1).squeeze(-1);
        }
        if (Tensor.needsGrad(values)) {   // ATen's in-place squeeze_ ends the graph: SqueezeBackward3
            Tensor.record(out, new QuantileOutNode(values, scalarQ));
        }
        return out;
    }

    /** The last views of quantile ({@code squeeze_(-1)}, or {@code unsqueeze_(0).transpose_(0, -1).squeeze_(-1)}). */
    static final class QuantileOutNode extends NamedNode {
        private final boolean scalarQ;

        QuantileOutNode(Tensor in, boolean scalarQ) {
            super("SqueezeBackward3", in);
            this.scalarQ = scalarQ;
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {scalarQ ? g.unsqueeze(-1) : g.unsqueeze(-1).transpose(0, -1).squeeze(0)};
        }
    }

    // ------------------------------------------------------------------ searchsorted, bucketize

    /**
     * {@code torch.searchsorted}: ATen's binary search per value ({@code !(b[mid] >= v)}, or {@code > v} for
     * right, moves right, so NaN values land after every boundary), along the last dimension of a 1-d or
     * matching n-d {@code boundaries}; int64 (int32 with {@code outInt32}) positions of the values' shape.
     */
    static Tensor searchsorted(String op, Tensor boundaries, Tensor values, boolean outInt32, boolean right) {
        Indexing.nonNull(op, boundaries, values);
        if (boundaries.dim() == 0) {
            throw new IllegalArgumentException(op + ": boundaries tensor should have positive dimension, but got 0 "
                    + "dimension");
        }
        if (boundaries.dtype == DType.BOOL || values.dtype == DType.BOOL) {
            throw new IllegalArgumentException(op + ": \"searchsorted_out_cpu\" not implemented for 'Bool'");
        }
        boolean nd = boundaries.dim() > 1;
        if (nd && (values.dim() != boundaries.dim()
                || !Arrays.equals(Arrays.copyOf(boundaries.shape, boundaries.dim() - 1),
                        Arrays.copyOf(values.shape, values.dim() - 1)))) {
            throw new IllegalArgumentException(op + ": boundaries tensor should be 1 dimension or the first N-1 "
                    + "dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor "
                    + Shapes.str(boundaries.shape) + " and input value tensor " + Shapes.str(values.shape));
        }
        int m = boundaries.shape[boundaries.dim() - 1];
        int k = nd ? values.shape[values.dim() - 1] : Math.max(values.numel(), 1);
        boolean ints = !boundaries.dtype.isFloatingPoint() && !values.dtype.isFloatingPoint();
        double[] bd = ints ? null : boundaries.toDoubleArray();
        double[] vd = ints ? null : values.toDoubleArray();
        long[] bl = ints ? DTypes.toLongArray(boundaries) : null;
        long[] vl = ints ? DTypes.toLongArray(values) : null;
        int n = values.numel();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int base = nd ? (i / k) * m : 0;
            int lo = 0;
            int hi = m;
            while (lo < hi) {
                int mid = lo + ((hi - lo) >> 1);
                boolean goRight = ints ? (right ? !(bl[base + mid] > vl[i]) : !(bl[base + mid] >= vl[i]))
                        : (right ? !(bd[base + mid] > vd[i]) : !(bd[base + mid] >= vd[i]));
                if (goRight) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = lo;
        }
        Tensor r = DTypes.of(out, DType.INT64, values.backend(), values.shape);
        return outInt32 ? r.to(DType.INT32) : r;
    }

    /** {@code side} ("left"/"right") against {@code right}, as PyTorch checks them. */
    static boolean side(String side, boolean right) {
        if (side == null) {
            return right;
        }
        if (!side.equals("left") && !side.equals("right")) {
            throw new IllegalArgumentException("torch.searchsorted(): side can only be 'left' or 'right' but got "
                    + side);
        }
        if (right && side.equals("left")) {
            throw new IllegalArgumentException("torch.searchsorted(): side and right can't be set to opposites, got "
                    + "side of left while right was True");
        }
        return side.equals("right");
    }

    static Tensor bucketize(Tensor x, Tensor boundaries, boolean outInt32, boolean right) {
        Indexing.nonNull("bucketize", x, boundaries);
        if (boundaries.dim() != 1) {
            throw new IllegalArgumentException("bucketize: boundaries tensor must be 1 dimension, but got dim("
                    + boundaries.dim() + ")");
        }
        return searchsorted("bucketize", boundaries, x, outInt32, right);
    }

    // ------------------------------------------------------------------ histc

    /**
     * {@code torch.histc}: {@code bins} equal bins over [min, max] (the data's range when min == max, widened by 1
     * each side when that is a point); ATen's linear interpolation without local search, in the input's dtype:
     * {@code (x - left) / (right - left) * bins} truncated, the last edge closing the last bin; elements outside
     * are skipped, NaN counts in the first bin (as in PyTorch 1.13). Not differentiable (PyTorch 1.13 has no
     * derivative for it).
     */
    static Tensor histc(Tensor x, int bins, double min, double max) {
        Indexing.nonNull("histc", x);
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("torch.histc: \"histogram_cpu\" not implemented for '"
                    + x.dtype.torchName().replace("torch.", "") + "' (shape " + Shapes.str(x.shape) + ")");
        }
        if (bins <= 0) {
            throw new IllegalArgumentException("torch.histc(): bins must be > 0, but got " + bins + " for dim 0");
        }
        double left = min;
        double right = max;
        double[] v = x.toDoubleArray();
        if (left == right && v.length > 0) {
            left = Double.POSITIVE_INFINITY;
            right = Double.NEGATIVE_INFINITY;
            for (double e : v) {
                if (e != e) {
                    left = e;
                    right = e;
                    break;
                }
                left = Math.min(left, e);
                right = Math.max(right, e);
            }
        }
        if (left == right) {
            left -= 1;
            right += 1;
        }
        if (Double.isInfinite(left) || Double.isInfinite(right) || Double.isNaN(left) || Double.isNaN(right)) {
            throw new IllegalArgumentException("torch.histc: range of [" + left + ", " + right + "] is not finite");
        }
        if (!(left < right)) {
            throw new IllegalArgumentException("torch.histc: max must be larger than min (min " + min + ", max "
                    + max + ")");
        }
        boolean f32 = x.dtype == DType.FLOAT32;
        double l = f32 ? (float) left : left;
        double r = f32 ? (float) right : right;
        Tensor.zeroed("histc", new int[] {bins}, x.dtype, x.backend());   // refuses a size memory cannot hold
        double[] hist = new double[bins];
        for (double e : v) {
            if (e < l || e > r) {   // NaN passes, and its position casts to 0 (ATen 1.13 counts it in bin 0)
                continue;
            }
            long pos = f32 ? (long) ((float) ((float) (e - l) / (float) (r - l)) * (float) bins)
                    : (long) ((e - l) / (r - l) * bins);
            if (pos == bins) {
                pos--;
            }
            hist[(int) pos] += 1;
        }
        return Tensor.of(hist, x.dtype, x.device(), bins);
    }

    // ------------------------------------------------------------------ var_mean, std_mean, count_nonzero

    /**
     * {@code var_mean}/{@code std_mean}: Welford's recurrence over every reduction, also a full one (where
     * {@code var()} takes two passes, so a float64 full var may differ from var_mean's in the last bits, as in
     * PyTorch); the mean is Welford's running mean, not {@code mean()}'s sum. Both outputs' grad_fn is
     * {@code VarMeanBackward0} ({@code StdMeanBackward0}).
     */
    static Tensor[] varMean(Tensor x, int[] dimsIn, int correction, boolean keepdim, boolean std) {
        String op = std ? "std_mean" : "var_mean";
        Indexing.nonNull(op, x, dimsIn);
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + " only support floating point and complex dtypes, got "
                    + x.dtype.torchName() + " (shape " + Shapes.str(x.shape) + "); convert with float() first");
        }
        int[] dims = ComposedReductions.wrapDims(op, dimsIn, x.dim());
        int[] kept = x.shape.clone();
        int n = 1;
        for (int d : dims) {
            n *= kept[d];
            kept[d] = 1;
        }
        int[] outShape = keepdim ? kept : dropped(x.shape, dims);
        Tensor var;
        Tensor mean;
        if (x.numel() == 0) {
            var = Tensor.full(outShape, Double.NaN, x.dtype, x.device());
            mean = Tensor.full(outShape, Double.NaN, x.dtype, x.device());
        } else {
            double[][] r = Moments.welford(x, dims, correction, std);
            var = Tensor.of(r[0], x.dtype, x.device(), outShape);
            mean = Tensor.of(r[1], x.dtype, x.device(), outShape);
        }
        if (Tensor.needsGrad(x)) {
            String name = std ? "StdMeanBackward0" : "VarMeanBackward0";
            Tensor.record(var, new VarPartNode(name, x, var, dims, kept, n, n - correction, std));
            Tensor.record(mean, new MeanPartNode(name, x, kept, n));
        }
        return new Tensor[] {var, mean};
    }

    private static int[] dropped(int[] shape, int[] dims) {
        int[] s = new int[shape.length - dims.length];
        for (int i = 0, j = 0, k = 0; i < shape.length; i++) {
            if (k < dims.length && dims[k] == i) {
                k++;
            } else {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    /** var's gradient {@code 2 g (x - mean) / (N - correction)}; std's divides g by {@code 2 std} first (0 at 0). */
    static final class VarPartNode extends NamedNode {
        private final int[] dims;
        private final int[] kept;
        private final int n;
        private final double divisor;
        private final boolean std;

        VarPartNode(String name, Tensor in, Tensor out, int[] dims, int[] kept, int n, double divisor, boolean std) {
            super(name, in);
            this.dims = dims;
            this.kept = kept;
            this.n = n;
            this.divisor = divisor;
            this.std = std;
            save(in, std ? out.detach() : null);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor gk = g.reshape(kept);
            if (std) {
                Tensor s = savedOutput(1).reshape(kept);
                gk = gk.div(s.mul(2.0)).maskedFill(s.eq(0.0), 0.0);
            }
            Tensor mean = dims.length == 0 ? x : x.sum(dims, true).div((double) n);   // 0-d: no dims
            return new Tensor[] {gk.mul(2.0 / divisor).mul(x.sub(mean))};
        }
    }

    /** The mean's gradient: {@code g} expanded, divided by N. */
    static final class MeanPartNode extends NamedNode {
        private final int[] kept;
        private final int[] inShape;
        private final int n;

        MeanPartNode(String name, Tensor in, int[] kept, int n) {
            super(name, in);
            this.kept = kept;
            this.inShape = in.shape;
            this.n = n;
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(kept).expand(inShape).div((double) n)};
        }
    }

    /** {@code count_nonzero(dims)}: int64 counts of the non-zero elements (NaN counts) over dims (none: all). */
    static Tensor countNonzero(Tensor x, int[] dims) {
        Indexing.nonNull("count_nonzero", x, dims);
        ComposedReductions.wrapDims("count_nonzero", dims, x.dim());
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor nonzero = x.dtype == DType.BOOL ? x : x.ne(0.0);
            return dims.length == 0 ? nonzero.sum() : nonzero.sum(dims, false);
        }
    }
}
