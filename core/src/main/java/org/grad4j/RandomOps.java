package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;

/**
 * bernoulli (scalar and tensor p), exponential_, random_ and multinomial as PyTorch 1.13's CPU kernels draw them,
 * so that a generator in the same state gives the same samples. Every kernel is serial and visits the output in
 * memory order (TensorIterator's order: dims by decreasing stride); the draws are those of ATen's distributions:
 * <ul>
 *   <li>{@code bernoulli_(p)}, float64 p: one 64-bit uniform double u per element, {@code u < p};</li>
 *   <li>{@code bernoulli_(p)} with a float32 p tensor: one 32-bit uniform float per element, {@code u < p};</li>
 *   <li>{@code exponential_(lambda)}: one uniform double u, {@code -1 / lambda * log(1 - u)} in double;</li>
 *   <li>{@code multinomial} without replacement: {@code argmax} (one sample) / {@code topk} of
 *       {@code p / q}, q from {@code exponential_(1)} (the Gumbel trick, in p's dtype); with replacement: per
 *       row, the cumulative distribution in p's dtype divided by its sum, then per sample one uniform double and a
 *       binary search for the first bucket {@code >= u}.</li>
 * </ul>
 */
final class RandomOps {
    private RandomOps() {
    }

    /** {@code t}'s dims from the largest stride to the smallest (ties keep dim order): the kernels' visiting order. */
    private static int[] memoryOrder(Tensor t) {
        Integer[] order = new Integer[t.shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(t.strides[y], t.strides[x]));
        int[] o = new int[order.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = order[i];
        }
        return o;
    }

    /** The logical (row-major) index of each element, in the order the kernels visit them. */
    private static int[] visitOrder(Tensor t) {
        int[] order = memoryOrder(t);
        int[] logical = Shapes.contiguousStrides(t.shape);
        int n = t.numel();
        int[] out = new int[n];
        int[] counter = new int[order.length];
        int at = 0;
        for (int k = 0; k < n; k++) {
            out[k] = at;
            for (int i = order.length - 1; i >= 0; i--) {
                int d = order[i];
                at += logical[d];
                if (++counter[i] < t.shape[d]) {
                    break;
                }
                at -= logical[d] * t.shape[d];
                counter[i] = 0;
            }
        }
        return out;
    }

    /** Writes {@code values} (row-major) into {@code t}, converted to its dtype; bumps its version. */
    private static Tensor write(Tensor t, double[] values) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor v = Tensor.of(values, DType.FLOAT64, t.device(), t.shape);
            t.copy_(v);
        }
        return t;
    }

    private static void checkInPlace(String op, Tensor t, Generator g) {
        if (t == null || g == null) {
            throw new IllegalArgumentException(op + ": expected a tensor and a Generator, got null");
        }
        Pointwise.checkInPlaceLeaf(op, t);
        if (t.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": grad4j does not record a random fill of a tensor that requires grad"
                    + " (shape " + Shapes.str(t.shape) + "); fill it inside GradMode.noGrad() or fill a detached tensor");
        }
    }

    /** {@code self.bernoulli_(p)} with a number p: ATen's {@code bernoulli_scalar_cpu_kernel} (any dtype). */
    static Tensor bernoulli_(Tensor self, double p, Generator g) {
        checkInPlace("bernoulli_", self, g);
        double[] draws = new double[self.numel()];
        g.bernoulli(draws, p);   // checks p, draws in visiting order
        int[] at = visitOrder(self);
        double[] values = new double[draws.length];
        for (int k = 0; k < at.length; k++) {
            values[at[k]] = draws[k];
        }
        return write(self, values);
    }

    /** {@code self.bernoulli_(p)} with a tensor p broadcast to self's shape: one draw per element, in p's precision. */
    static Tensor bernoulli_(Tensor self, Tensor p, Generator g) {
        checkInPlace("bernoulli_", self, g);
        if (p == null) {
            throw new IllegalArgumentException("bernoulli_: expected a probability tensor, got null");
        }
        if (!p.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("bernoulli_: \"bernoulli_tensor_cpu_p_\" not implemented for '"
                    + DTypes.typeName(p.dtype) + "' (p of shape " + Shapes.str(p.shape) + ")");
        }
        if (!Shapes.broadcastsTo(p.shape, self.shape)) {
            throw new IllegalArgumentException("bernoulli_: the size of p " + Shapes.str(p.shape)
                    + " must be broadcastable to self's " + Shapes.str(self.shape));
        }
        double[] pv = p.expand(self.shape).toDoubleArray();
        for (double v : pv) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("bernoulli_: Expected p_in >= 0 && p_in <= 1 to be true, but got "
                        + "false (a probability " + v + " in p of shape " + Shapes.str(p.shape) + ")");
            }
        }
        int[] at = visitOrder(self);
        double[] values = new double[pv.length];
        boolean single = p.dtype != DType.FLOAT64;
        for (int k = 0; k < at.length; k++) {
            int i = at[k];
            values[i] = single ? (g.drawFloat01() < (float) pv[i] ? 1.0 : 0.0) : (g.drawDouble01() < pv[i] ? 1.0 : 0.0);
        }
        return write(self, values);
    }

    /** {@code torch.bernoulli(p)}: a row-major tensor of p's dtype and shape, 0s and 1s drawn with p. */
    static Tensor bernoulli(Tensor p, Generator g) {
        if (p == null || g == null) {
            throw new IllegalArgumentException("bernoulli: expected a probability tensor and a Generator, got null");
        }
        if (!p.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("bernoulli: \"bernoulli_tensor_cpu_self_\" not implemented for '"
                    + DTypes.typeName(p.dtype) + "' (p of shape " + Shapes.str(p.shape) + ")");
        }
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = Views.copy(p, p.dtype, "CloneBackward0").detach();   // empty_like(p, LEGACY_CONTIGUOUS_MEMORY_FORMAT)
        }
        return bernoulli_(out, p.detach(), g);
    }

    /** {@code self.exponential_(lambd)}: {@code -1 / lambd * log(1 - u)} per element, u a uniform double. */
    static Tensor exponential_(Tensor self, double lambd, Generator g) {
        checkInPlace("exponential_", self, g);
        if (!self.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("exponential_: \"exponential_cpu\" not implemented for '"
                    + DTypes.typeName(self.dtype) + "' (a tensor of shape " + Shapes.str(self.shape) + ")");
        }
        if (!(lambd >= 0.0)) {   // 1.13 takes 0 (every value inf)
            throw new IllegalArgumentException("exponential_ expects lambda >= 0.0, but found lambda=" + Generator.cpp(lambd));
        }
        int[] at = visitOrder(self);
        double[] values = new double[at.length];
        for (int k = 0; k < at.length; k++) {
            values[at[k]] = -1.0 / lambd * LibM.log(1.0 - g.drawDouble01());
        }
        return write(self, values);
    }

    /**
     * {@code self.random_()}: ATen's {@code uniform_int_distribution} per element: a 64-bit draw for float64 and
     * int64, else a 32-bit one, reduced modulo {@code 2^digits + 1} (floating: every integer the dtype holds
     * exactly), {@code max + 1} (integers) or to its low bit (bool).
     */
    static Tensor random_(Tensor self, Generator g) {
        checkInPlace("random_", self, g);
        boolean wide = self.dtype == DType.FLOAT64 || self.dtype == DType.INT64;
        long modulus = switch (self.dtype) {
            case FLOAT64 -> (1L << 53) + 1;
            case FLOAT32 -> (1L << 24) + 1;
            case INT64 -> Long.MIN_VALUE;   // 2^63, as an unsigned modulus
            case INT32 -> 1L << 31;
            case UINT8 -> 256;
            case BOOL -> 2;
        };
        int[] at = visitOrder(self);
        long[] values = new long[at.length];
        for (int k = 0; k < at.length; k++) {
            long v = wide ? g.draw64() : g.draw32();
            values[at[k]] = Long.remainderUnsigned(v, modulus);
        }
        return writeLongs(self, values);
    }

    /**
     * {@code self.random_(from, to)}: {@code from + draw % (to - from)}, the draw 64-bit when the range is 2^32 or
     * more, else 32-bit ({@code random_from_to}).
     */
    static Tensor random_(Tensor self, long from, long to, Generator g) {
        checkInPlace("random_", self, g);
        if (from >= to) {
            throw new IllegalArgumentException("random_ expects 'from' to be less than 'to', but got from=" + from
                    + " >= to=" + to);
        }
        long range = to - from;   // unsigned, as ATen's uint64_t
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0;
        int[] at = visitOrder(self);
        long[] values = new long[at.length];
        for (int k = 0; k < at.length; k++) {
            long v = wide ? g.draw64() : g.draw32();
            values[at[k]] = Long.remainderUnsigned(v, range) + from;
        }
        return writeLongs(self, values);
    }

    private static Tensor writeLongs(Tensor t, long[] values) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            t.copy_(Tensor.of(values, t.shape).to(t.device()));
        }
        return t;
    }

    /** {@code torch.multinomial(input, numSamples, replacement, generator=g)}: int64 category indices. */
    static Tensor multinomial(Tensor input, int numSamples, boolean replacement, Generator g) {
        String op = "multinomial";
        if (input == null || g == null) {
            throw new IllegalArgumentException(op + ": expected a probability tensor and a Generator, got null");
        }
        if (!input.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": multinomial only supports floating-point dtypes for input, got: "
                    + DTypes.typeName(input.dtype));
        }
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException(op + ": prob_dist must be 1 or 2 dim (got shape " + Shapes.str(input.shape)
                    + ")");
        }
        int categories = input.shape[input.dim() - 1];
        if (numSamples <= 0) {
            throw new IllegalArgumentException(op + ": cannot sample n_sample <= 0 samples (n_sample " + numSamples + ")");
        }
        if (!replacement && numSamples > categories) {
            throw new IllegalArgumentException(op + ": cannot sample n_sample > prob_dist.size(-1) samples without "
                    + "replacement (n_sample " + numSamples + ", " + categories + " categories)");
        }
        if (categories > (1 << 24)) {
            throw new IllegalArgumentException(op + ": number of categories cannot exceed 2^24 (got " + categories + ")");
        }
        int rows = input.dim() == 2 ? input.shape[0] : 1;
        int[] outShape = Shapes.checkIndexable(op, input.dim() == 2 ? new int[] {rows, numSamples} : new int[] {numSamples});
        if (rows == 0) {
            return Tensor.of(new long[0], outShape).to(input.device());
        }
        Tensor p = input.detach();
        if (!replacement) {   // 1.13: one sample with replacement still takes the cumulative path
            return gumbel(p, numSamples, g, outShape);
        }
        boolean single = p.dtype != DType.FLOAT64;
        double[] pv = p.toDoubleArray();
        long[] out = Allocation.guard(op, outShape, DType.INT64, null, () -> new long[rows * numSamples]);
        double[] cum = new double[categories];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < categories; j++) {
                double v = pv[r * categories + j];
                if (!(v >= 0)) {
                    throw new IllegalArgumentException(op + ": invalid multinomial distribution (encountering probability "
                            + "entry < 0)");
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(op + ": invalid multinomial distribution (encountering probability "
                            + "entry = infinity or NaN)");
                }
                sum = single ? (float) (sum + v) : sum + v;   // accumulated in p's dtype
                cum[j] = sum;
            }
            if (!(sum > 0)) {
                throw new IllegalArgumentException(op + ": invalid multinomial distribution (sum of probabilities <= 0)");
            }
            for (int j = 0; j < categories; j++) {
                cum[j] = single ? (float) (cum[j] / sum) : cum[j] / sum;
            }
            cum[categories - 1] = 1;
            for (int s = 0; s < numSamples; s++) {
                double u = g.drawDouble01();
                int left = 0;
                int right = categories;
                while (right - left > 0) {
                    int mid = left + (right - left) / 2;
                    if (cum[mid] < u) {
                        left = mid + 1;
                    } else {
                        right = mid;
                    }
                }
                out[r * numSamples + s] = left;
            }
        }
        return Tensor.of(out, outShape).to(input.device());
    }

    /** The fast path: {@code argmax(p / q)} or {@code topk(p / q, n)} over the last dim, q ~ Exp(1). */
    private static Tensor gumbel(Tensor p, int numSamples, Generator g, int[] outShape) {
        double[] pv = p.toDoubleArray();
        for (double v : pv) {
            if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("multinomial: probability tensor contains either `inf`, `nan` or "
                        + "element < 0");
            }
        }
        int categories = p.shape[p.dim() - 1];
        int rows = pv.length / categories;
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < categories; j++) {
                sum += pv[r * categories + j];
            }
            if (sum == 0) {
                throw new IllegalArgumentException("multinomial: invalid multinomial distribution (sum of probabilities "
                        + "<= 0)");
            }
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor q = exponential_(p.clone(), 1.0, g);   // empty_like(self).exponential_(1): p's layout
            Tensor ratio = p.div(q);
            Tensor idx = numSamples == 1 ? ratio.argmax(-1, true) : ratio.topk(numSamples, -1, true, true).indices();
            return idx.reshape(outShape);
        }
    }
}
