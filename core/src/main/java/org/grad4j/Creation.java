package org.grad4j;

/**
 * The creation ops of PyTorch's {@code *_like}, {@code eye}, {@code randint} and {@code randperm} (Tensor's
 * "creation" section delegates here). Random values are drawn on the host from a {@link Generator}, bit for
 * bit PyTorch's CPU generator, and uploaded once to the target device (also for CUDA tensors, where
 * PyTorch would use its CUDA generator instead).
 */
final class Creation {
    private Creation() {
    }

    static Tensor fullLike(String op, Tensor input, double value, DType dtype) {
        check(op, input, dtype);
        return Tensor.full(input.shape(), value, dtype, input.device());
    }

    static Tensor randLike(String op, Tensor input, Generator generator, boolean normal) {
        check(op, input, DType.FLOAT32);   // the input's own dtype is read below, once it is known not null
        if (generator == null) {
            throw new IllegalArgumentException(op + ": expected a Generator, got null");
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + (normal ? "normal_kernel_cpu" : "check_uniform_bounds")
                    + "\" not implemented for '" + DTypes.typeName(input.dtype()) + "' (a " + input.dtype().torchName()
                    + " input of shape " + Shapes.str(input.shape()) + "; expected a floating point input)");
        }
        return samples(op, input.shape(), input.dtype(), input.device(), generator, normal);
    }

    /** U(0, 1) or N(0, 1) samples of a floating {@code dtype}, drawn on the host and uploaded to {@code device}. */
    static Tensor samples(String op, int[] shape, DType dtype, Device device, Generator generator, boolean normal) {
        int n = Shapes.numel(shape);
        if (dtype == DType.FLOAT32) {
            float[] v = Allocation.guard(op, shape, DType.FLOAT32, null, () -> new float[n]);
            if (normal) {
                generator.normal(v, 0, 1);
            } else {
                generator.uniform(v, 0, 1);
            }
            return Tensor.of(v, DType.FLOAT32, device, shape);
        }
        double[] v = Allocation.guard(op, shape, DType.FLOAT64, null, () -> new double[n]);
        if (normal) {
            generator.normal(v, 0, 1);
        } else {
            generator.uniform(v, 0, 1);
        }
        return Tensor.of(v, dtype, device, shape);
    }

    static Tensor eye(int n, int m, DType dtype) {
        if (n < 0) {
            throw new IllegalArgumentException("eye: n must be greater or equal to 0, got " + n);
        }
        if (m < 0) {
            throw new IllegalArgumentException("eye: m must be greater or equal to 0, got " + m);
        }
        if (dtype == null) {
            throw new IllegalArgumentException("eye: expected a dtype, got null");
        }
        int[] shape = Shapes.checkSizes("eye", new int[] {n, m});
        int count = Shapes.numel(shape);
        if (dtype.isFloatingPoint()) {
            double[] v = Allocation.guard("eye", shape, DType.FLOAT64, null, () -> new double[count]);
            for (int i = 0; i < Math.min(n, m); i++) {
                v[i * m + i] = 1;
            }
            return Tensor.of(v, dtype, Backends.defaultDevice(), shape);
        }
        long[] v = Allocation.guard("eye", shape, DType.INT64, null, () -> new long[count]);
        for (int i = 0; i < Math.min(n, m); i++) {
            v[i * m + i] = 1;
        }
        Tensor t = Tensor.of(v, shape);
        return dtype == DType.INT64 ? t : t.to(dtype);
    }

    /** {@code torch.full(size, int)}: int64, every value exact (a double fill would round past 2^53). */
    static Tensor full(int[] size, long value) {
        int[] shape = Shapes.checkSizes("full", size);
        int n = Shapes.numel(shape);
        long[] v = Allocation.guard("full", shape, DType.INT64, null, () -> new long[n]);
        java.util.Arrays.fill(v, value);
        return Tensor.of(v, shape);
    }

    /**
     * {@code t.uniform_(a, b)} / {@code t.normal_(mean, std)}: PyTorch's draws in the order of the tensor's memory
     * (its dims sorted by stride, as TensorIterator walks them), written in place. PyTorch records
     * {@code UniformBackward0}/{@code NormalBackward0} on a non-leaf that requires grad; grad4j refuses that case.
     */
    static Tensor fillRandom_(String op, Tensor t, Generator g, boolean normal, double a, double b) {
        if (t == null || g == null) {
            throw new IllegalArgumentException(op + ": expected a tensor and a Generator, got null");
        }
        if (normal && !(b >= 0.0)) {
            g.normal(new double[0], a, b);   // PyTorch checks std before the dtype: its message
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + (normal ? "normal_kernel_cpu" : "check_uniform_bounds")
                    + "\" not implemented for '" + DTypes.typeName(t.dtype()) + "' (a " + t.dtype().torchName()
                    + " tensor of shape " + Shapes.str(t.shape()) + "; random fills need a floating point tensor)");
        }
        Pointwise.checkInPlaceLeaf(op, t);
        if (t.requiresGrad() && org.grad4j.autograd.GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": grad4j does not record a random fill of a tensor that requires grad"
                    + " (shape " + Shapes.str(t.shape()) + ", the output of " + t.gradFn().name()
                    + "); fill it inside GradMode.noGrad() or fill a detached tensor");
        }
        int[] shape = t.shape();
        int[] stride = t.stride();
        Integer[] order = new Integer[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(stride[y], stride[x]));   // stable: ties keep order
        int[] memShape = new int[shape.length];
        int[] inverse = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            memShape[i] = shape[order[i]];
            inverse[order[i]] = i;
        }
        int n = t.numel();
        boolean contiguous = t.isContiguous();
        Tensor values;
        if (t.dtype() == DType.FLOAT32) {
            float[] v = Allocation.guard(op, shape, DType.FLOAT32, null, () -> new float[n]);
            if (!normal) {
                g.uniform(v, a, b);
            } else if (contiguous) {
                g.normal(v, a, b);
            } else {
                double[] d = new double[n];
                g.normalScalar(d, a, b);
                for (int i = 0; i < n; i++) {
                    v[i] = (float) d[i];
                }
            }
            values = Tensor.of(v, DType.FLOAT32, t.device(), memShape);
        } else {
            double[] v = Allocation.guard(op, shape, DType.FLOAT64, null, () -> new double[n]);
            if (!normal) {
                g.uniform(v, a, b);
            } else if (contiguous) {
                g.normal(v, a, b);
            } else {
                g.normalScalar(v, a, b);
            }
            values = Tensor.of(v, t.dtype(), t.device(), memShape);
        }
        try (org.grad4j.autograd.GradMode.Scope ignored = org.grad4j.autograd.GradMode.noGrad()) {
            t.copy_(shape.length == 0 ? values : values.permute(inverse));
        }
        return t;
    }

    static Tensor randint(long low, long high, int[] size, Generator generator) {
        if (generator == null) {
            throw new IllegalArgumentException("randint: expected a Generator, got null");
        }
        int[] shape = Shapes.checkSizes("randint", size);
        int n = Shapes.numel(shape);
        long[] v = Allocation.guard("randint", shape, DType.INT64, null, () -> new long[n]);
        generator.randint(v, low, high);
        return Tensor.of(v, shape);
    }

    static Tensor randperm(int n, Generator generator) {
        if (generator == null) {
            throw new IllegalArgumentException("randperm: expected a Generator, got null");
        }
        if (n < 0) {
            throw new IllegalArgumentException("randperm: Trying to create tensor with negative dimension " + n
                    + ": [" + n + "]");
        }
        return Tensor.of(generator.randperm(n), n);
    }

    /** torch.arange's checks, in its order and with its words (the values follow in parentheses). */
    static void checkArange(double start, double end, double step) {
        String values = " (start " + start + ", end " + end + ", step " + step + ")";
        if (!(step > 0 || step < 0)) {
            throw new IllegalArgumentException("arange: step must be nonzero" + values);
        }
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: unsupported range: " + Generator.cpp(start) + " -> " + Generator.cpp(end) + values);
        }
        if (!((step > 0 && end >= start) || (step < 0 && end <= start))) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign"
                    + values);
        }
    }

    private static void check(String op, Tensor input, DType dtype) {
        if (input == null) {
            throw new IllegalArgumentException(op + ": expected an input tensor, got null");
        }
        if (dtype == null) {
            throw new IllegalArgumentException(op + ": expected a dtype, got null");
        }
    }

    /**
     * {@code torch.arange}'s values for {@code n} elements, rounded as PyTorch 1.13's AVX2 CPU kernel: blocks of
     * two vectors (4 doubles or 8 floats each) whose lanes are {@code fma(j, step, base)} from a base
     * {@code fma(step, idx, start)} (rounded to the dtype first for float32), then a scalar tail of
     * {@code fma(step, k, start)}; the arithmetic is in double for both dtypes (ATen's CPU accumulate type).
     * Bit-exact with PyTorch up to its parallel grain (32768 elements); beyond, PyTorch's own values depend on
     * its thread count (each thread restarts the blocks).
     */
    static double[] arangeValues(double start, double step, int n, DType dtype) {
        boolean f32 = dtype == DType.FLOAT32;
        int lanes = f32 ? 8 : 4;
        double[] v = Allocation.guard("arange", new int[] {n}, DType.FLOAT64, null, () -> new double[n]);
        int i = 0;
        for (; i + 2 * lanes <= n; i += lanes) {
            double base = Math.fma(step, i, start);
            if (f32) {
                base = (float) base;
            }
            for (int j = 0; j < lanes; j++) {
                double x = j == 0 ? base : Math.fma(j, step, base);
                v[i + j] = f32 ? (float) x : x;
            }
            i += lanes;
            base = Math.fma(step, i, start);
            if (f32) {
                base = (float) base;
            }
            for (int j = 0; j < lanes; j++) {
                double x = j == 0 ? base : Math.fma(j, step, base);
                v[i + j] = f32 ? (float) x : x;
            }
        }
        for (; i < n; i++) {
            double x = Math.fma(step, i, start);
            v[i] = f32 ? (float) x : x;
        }
        return v;
    }

    /**
     * {@code torch.logspace(start, end, steps, base)} in {@code dtype}, as PyTorch 1.13's CPU kernel computes it: the
     * bounds rounded to the dtype, {@code step = (double) (end - start) / (steps - 1)} (the difference in the dtype),
     * then {@code pow(base, start + step * i)} in double for the first half and {@code pow(base, end - step *
     * (steps - i - 1))} for the rest, each rounded to the dtype; one step is {@code pow(base, start)}.
     */
    static Tensor logspace(double start, double end, int steps, double base, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("logspace: number of steps must be non-negative, got " + steps);
        }
        boolean f32 = dtype == DType.FLOAT32;
        double[] v = Allocation.guard("logspace", new int[] {steps}, DType.FLOAT64, null, () -> new double[steps]);
        if (steps == 1) {
            v[0] = Math.pow(base, start);
        } else if (steps > 1) {
            double s = f32 ? (float) start : start;
            double e = f32 ? (float) end : end;
            double step = (f32 ? (double) ((float) e - (float) s) : e - s) / (steps - 1);
            int half = steps / 2;
            for (int i = 0; i < steps; i++) {
                v[i] = i < half ? Math.pow(base, s + step * i) : Math.pow(base, e - step * (steps - i - 1));
            }
        }
        if (f32) {
            for (int i = 0; i < steps; i++) {
                v[i] = (float) v[i];
            }
        }
        return Tensor.of(v, dtype, Backends.defaultDevice(), steps);
    }

    /**
     * {@code torch.linspace}'s values for {@code steps >= 2}, rounded as PyTorch 1.13's AVX2 CPU kernel: in the
     * dtype's own arithmetic, {@code step = (end - start) / (steps - 1)}; blocks of two vectors (4 doubles or 8
     * floats) whose lanes are {@code base + j * step} (two roundings: PyTorch's build does not fuse these,
     * while it fuses arange's), the base ({@code fma}) counted from {@code start} for a vector
     * starting before the halfway index and back from {@code end} otherwise; then a scalar tail. Bit-exact
     * up to PyTorch's parallel grain (32768 values), like {@link #arangeValues}.
     */
    static double[] linspaceValues(double start, double end, int steps, DType dtype) {
        double[] v = Allocation.guard("linspace", new int[] {steps}, DType.FLOAT64, null, () -> new double[steps]);
        int half = steps / 2;
        if (dtype == DType.FLOAT32) {
            float s = (float) start;
            float e = (float) end;
            float step = (e - s) / (steps - 1);
            int i = 0;
            for (; i + 16 <= steps; i += 16) {
                for (int b = i; b < i + 16; b += 8) {
                    float base = b < half ? Math.fma(step, (float) b, s) : Math.fma(-step, (float) (steps - b - 1), e);
                    for (int j = 0; j < 8; j++) {
                        v[b + j] = base + j * step;   // not fused here, unlike arange's lanes (measured)
                    }
                }
            }
            for (; i < steps; i++) {
                v[i] = i < half ? Math.fma(step, (float) i, s) : Math.fma(-step, (float) (steps - i - 1), e);
            }
            return v;
        }
        double step = (end - start) / (steps - 1);
        int i = 0;
        for (; i + 8 <= steps; i += 8) {
            for (int b = i; b < i + 8; b += 4) {
                double base = b < half ? Math.fma(step, b, start) : Math.fma(-step, steps - b - 1, end);
                for (int j = 0; j < 4; j++) {
                    v[b + j] = base + j * step;
                }
            }
        }
        for (; i < steps; i++) {
            v[i] = i < half ? Math.fma(step, i, start) : Math.fma(-step, steps - i - 1, end);
        }
        return v;
    }
}
