package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * var and std with the bits of PyTorch 1.13's CPU kernels (single-threaded, as a reduction below its 32768-element
 * grain always is):
 * <ul>
 *   <li>a reduction to one element ({@code std_var_all_cpu}): two passes, the mean by {@code mean()} in the
 *       tensor's dtype, then {@code sum((double) x - mean)^2} in double in memory order, one partial sum per plane
 *       of the two innermost (coalesced) dims, divided by {@code max(0, N - correction)};</li>
 *   <li>otherwise ({@code WelfordOps} through {@code binary_kernel_reduce}): Welford's recurrence in double per
 *       output element, over the reduced elements in memory order (the reduced dims by decreasing stride), its
 *       {@code m2 + delta * newDelta} fused into one FMA as the AVX2 build compiles it; {@code m2 / (N - correction)},
 *       0 divisor when {@code N <= correction}.</li>
 * </ul>
 * A float32 result is the double one rounded once (after the square root for std). The values are computed on the
 * host: the result of any backend is the same.
 */
final class Moments {
    private Moments() {
    }

    /**
     * The var (or std) of {@code t} over {@code dims} (sorted, distinct, at least one element overall), in the
     * row-major order of the kept dims.
     */
    static double[] varStd(Tensor t, int[] dims, int correction, boolean std) {
        int[] shape = t.shape;
        int[] strides = t.strides;
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) {
            reduced[d] = true;
        }
        int outCount = 1;
        for (int d = 0; d < shape.length; d++) {
            outCount *= reduced[d] ? 1 : shape[d];
        }
        double[] x = t.toDoubleArray();   // logical row-major order
        int[] logical = Shapes.contiguousStrides(shape);
        if (outCount == 1) {
            return new double[] {twoPass(t, x, logical, correction, std)};
        }
        return welford(t, dims, correction, std)[0];
    }

    /**
     * Welford's recurrence (the second case above) for every output, also for a reduction to one element (as
     * {@code var_mean}/{@code std_mean} always run it): the var (or std) and the running mean, each in double.
     */
    static double[][] welford(Tensor t, int[] dims, int correction, boolean std) {
        int[] shape = t.shape;
        int[] strides = t.strides;
        boolean[] reduced = new boolean[shape.length];
        for (int d : dims) {
            reduced[d] = true;
        }
        int outCount = 1;
        for (int d = 0; d < shape.length; d++) {
            outCount *= reduced[d] ? 1 : shape[d];
        }
        double[] x = t.toDoubleArray();
        int[] logical = Shapes.contiguousStrides(shape);
        double[] means = new double[outCount];
        // reduced dims from the outermost (largest stride) in, as TensorIterator orders them; ties keep dim order
        Integer[] order = new Integer[dims.length];
        for (int i = 0; i < dims.length; i++) {
            order[i] = dims[i];
        }
        Arrays.sort(order, (a, b) -> Integer.compare(strides[b], strides[a]));
        int[] rSize = new int[order.length];
        int[] rStep = new int[order.length];
        long count = 1;
        for (int i = 0; i < order.length; i++) {
            rSize[i] = shape[order[i]];
            rStep[i] = logical[order[i]];
            count *= rSize[i];
        }
        double nf = count;
        double divisor = nf > correction ? nf - correction : 0.0;
        double[] out = new double[outCount];
        int[] kept = new int[shape.length];
        int[] counter = new int[order.length];
        for (int o = 0; o < outCount; o++) {
            // the logical offset of this output's first element
            int rem = o;
            int base = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (!reduced[d]) {
                    kept[d] = rem % shape[d];
                    rem /= shape[d];
                    base += kept[d] * logical[d];
                }
            }
            double mean = 0.0;
            double m2 = 0.0;
            long n = 0;
            Arrays.fill(counter, 0);
            int at = base;
            for (long k = 0; k < count; k++) {
                double v = x[at];
                n++;
                double delta = v - mean;
                mean = mean + delta / n;
                m2 = Math.fma(delta, v - mean, m2);
                for (int i = order.length - 1; i >= 0; i--) {   // innermost reduced dim first
                    at += rStep[i];
                    if (++counter[i] < rSize[i]) {
                        break;
                    }
                    at -= rStep[i] * rSize[i];
                    counter[i] = 0;
                }
            }
            double var = m2 / divisor;
            out[o] = std ? Math.sqrt(var) : var;
            means[o] = mean;
        }
        return new double[][] {out, means};
    }

    /** {@code std_var_all_cpu}: the mean first, then the squared deviations in double, plane by plane. */
    private static double twoPass(Tensor t, double[] x, int[] logical, int correction, boolean std) {
        double mean = t.mean().item();
        // TensorIterator's layout of one operand: dims by increasing stride (size-1 dims dropped), adjacent ones
        // coalesced where they form one run in memory; its loop gets a plane of the first two at a time
        List<Integer> dims = new ArrayList<>();   // innermost first
        Integer[] order = new Integer[t.shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> t.strides[a] != t.strides[b] ? Integer.compare(t.strides[a], t.strides[b])
                : Integer.compare(b, a));
        List<long[]> coalesced = new ArrayList<>();   // {size, stride}
        for (int d : order) {
            if (t.shape[d] == 1) {
                continue;
            }
            dims.add(d);
            long[] inner = coalesced.isEmpty() ? null : coalesced.get(coalesced.size() - 1);
            if (inner != null && inner[0] * inner[1] == t.strides[d]) {
                inner[0] *= t.shape[d];
            } else {
                coalesced.add(new long[] {t.shape[d], t.strides[d]});
            }
        }
        long plane = 1;
        for (int i = 0; i < Math.min(2, coalesced.size()); i++) {
            plane *= coalesced.get(i)[0];
        }
        int[] counter = new int[dims.size()];
        long n = t.numel();
        double total = 0.0;
        double local = 0.0;
        int at = 0;
        for (long k = 0; k < n; k++) {
            double dx = x[at] - mean;
            local += dx * dx;
            if ((k + 1) % plane == 0) {
                total += local;
                local = 0.0;
            }
            for (int i = 0; i < dims.size(); i++) {   // memory order: innermost dim first
                int d = dims.get(i);
                at += logical[d];
                if (++counter[i] < t.shape[d]) {
                    break;
                }
                at -= logical[d] * t.shape[d];
                counter[i] = 0;
            }
        }
        double var = total / Math.max(0.0, (double) n - correction);
        return std ? Math.sqrt(var) : var;
    }
}
