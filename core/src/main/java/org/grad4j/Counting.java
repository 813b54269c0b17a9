package org.grad4j;

import org.grad4j.autograd.GradMode;

/**
 * {@code bincount} and {@code unique}, computed on the host (their output sizes depend on the values).
 * {@code unique} sorts all elements (PyTorch's CPU result is sorted whatever {@code sorted} says), keeps the first
 * of each run of equal values ({@code -0.0} equals {@code 0.0}), and keeps every NaN as its own value, after the
 * numbers. Neither op is differentiable, as in PyTorch.
 */
final class Counting {
    private Counting() {
    }

    static Tensor bincount(Tensor x, Tensor weights, int minlength) {
        Indexing.nonNull("bincount", x);
        if (x.dim() != 1 || x.dtype.isFloatingPoint() || x.dtype == DType.BOOL) {
            throw new IllegalArgumentException(x.dtype.isFloatingPoint() || x.dtype == DType.BOOL
                    ? "bincount: \"bincount_cpu\" not implemented for '" + DTypes.typeName(x.dtype) + "'"
                    : "bincount only supports 1-d non-negative integral inputs. (got shape " + Shapes.str(x.shape)
                    + ")");
        }
        if (minlength < 0) {
            throw new IllegalArgumentException("bincount: minlength should be >= 0, got " + minlength);
        }
        if (weights != null && (weights.dim() != 1 || weights.shape[0] != x.shape[0])) {
            throw new IllegalArgumentException("bincount: weights should be 1-d and have the same length as input "
                    + "(input " + Shapes.str(x.shape) + ", weights " + Shapes.str(weights.shape) + ")");
        }
        if (weights != null) {
            Indexing.sameDevice("bincount", x, weights);
        }
        long[] v = DTypes.toLongArray(x);
        long max = -1;
        for (long e : v) {
            if (e < 0) {
                throw new IllegalArgumentException("bincount only supports 1-d non-negative integral inputs. (found "
                        + e + ")");
            }
            max = Math.max(max, e);
        }
        long bins = Math.max(max + 1, minlength);
        if (bins > Shapes.MAX_EXTENT) {
            throw new IllegalArgumentException("bincount: " + bins + " bins (the largest value plus one) is too many: "
                    + "grad4j indexes at most " + Shapes.MAX_EXTENT + " (2^31-1) elements per tensor");
        }
        int[] shape = {(int) bins};
        if (weights == null) {
            long[] counts = Allocation.guard("bincount", shape, DType.INT64, x.backend(), () -> new long[shape[0]]);
            for (long e : v) {
                counts[(int) e]++;
            }
            return DTypes.of(counts, DType.INT64, x.backend(), shape);
        }
        // float weights keep their dtype; integer and bool weights sum in float64, as PyTorch
        DType dtype = weights.dtype.isFloatingPoint() ? weights.dtype : DType.FLOAT64;
        double[] w = weights.toDoubleArray();
        double[] sums = Allocation.guard("bincount", shape, DType.FLOAT64, x.backend(), () -> new double[shape[0]]);
        boolean single = dtype == DType.FLOAT32;
        for (int i = 0; i < v.length; i++) {
            int bin = (int) v[i];
            double sum = sums[bin] + w[i];
            sums[bin] = single ? (float) sum : sum;   // float32 weights add in float (exact via double), as PyTorch
        }
        return Tensor.of(sums, dtype, x.device(), shape);
    }

    static Unique unique(Tensor x, boolean returnInverse, boolean returnCounts) {
        Indexing.nonNull("unique", x);
        int n = x.numel();
        int[] order = Sorting.ascendingOrder(x);
        boolean floating = x.dtype.isFloatingPoint();
        double[] d = floating ? x.toDoubleArray() : null;
        long[] l = floating ? null : DTypes.toLongArray(x);
        long[] first = new long[n];   // the flat position of each unique value's first element in sorted order
        long[] counts = new long[n];
        long[] inverse = new long[n];
        int u = -1;
        for (int j = 0; j < n; j++) {
            int p = order[j];
            boolean same = j > 0 && (floating ? d[p] == d[order[j - 1]] : l[p] == l[order[j - 1]]);
            if (!same) {
                first[++u] = p;
            }
            counts[u]++;
            inverse[p] = u;
        }
        int k = u + 1;
        Tensor values;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor positions = DTypes.of(java.util.Arrays.copyOf(first, k), DType.INT64, x.backend(), new int[] {k});
            values = x.reshape(-1).indexSelect(0, positions);
        }
        return new Unique(values,
                returnInverse ? DTypes.of(inverse, DType.INT64, x.backend(), x.shape.clone()) : null,
                returnCounts ? DTypes.of(java.util.Arrays.copyOf(counts, k), DType.INT64, x.backend(), new int[] {k})
                        : null);
    }
}
