package org.grad4j.cpu;

import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;

/** Row kernels: one switch per row, then a tight loop. */
final class Kernels {
    private Kernels() {
    }

    /**
     * Whether {@link VectorElementwise} and the lane compare loops run (the Vector API module is there, 512-bit
     * vectors): false, the plain loops (same bits), until {@link VectorProbe} has answered, which sets it.
     */
    static boolean vector = VectorProbe.SHARED.lanesNow();

    /** One element: the op's reference semantics, which the CPU backend computes with directly. */
    static double unary(UnaryOp op, double x) {
        return op.apply(x);
    }

    static double binary(BinaryOp op, double x, double y) {
        return op.apply(x, y);
    }

    static void fillRow(CpuBuffer o, int io, double value, int n) {
        if (o.d != null) {
            java.util.Arrays.fill(o.d, io, io + n, value);
        } else {
            java.util.Arrays.fill(o.f, io, io + n, (float) value);
        }
    }

    static void unaryRow(UnaryOp op, CpuBuffer a, int ia, int sa, CpuBuffer o, int io, int so, int n) {
        if (a.d != null && o.d != null && sa == 1 && so == 1) {
            double[] x = a.d;
            double[] out = o.d;
            switch (op) {
                case COPY -> System.arraycopy(x, ia, out, io, n);
                case NEG -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = -x[ia + i];
                    }
                }
                case EXP -> {   // softmax's and cross-entropy's hot loop: the switch hoisted out
                    for (int i = 0; i < n; i++) {
                        out[io + i] = FastMath.exp(x[ia + i]);   // PyTorch's bits (VectorLibm)
                    }
                }
                case RELU -> {   // x < 0 ? 0 : x, branch-free (SameIndexLoops.relu; C2 vectorises it)
                    if (ia == io) {
                        SameIndexLoops.relu(x, out, io, n);
                    } else {
                        for (int i = 0; i < n; i++) {
                            out[io + i] = SameIndexLoops.relu(x[ia + i]);
                        }
                    }
                }
                case SQRT -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = Math.sqrt(x[ia + i]);
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = unary(op, x[ia + i]);
                    }
                }
            }
            return;
        }
        if (a.f != null && o.f != null && sa == 1 && so == 1) {
            float[] x = a.f;
            float[] out = o.f;
            switch (op) {
                case COPY -> System.arraycopy(x, ia, out, io, n);
                case EXP -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = FastMath.exp(x[ia + i]);
                    }
                }
                // The hot activations with the switch hoisted out: the reference expressions of
                // UnaryOp.apply in float, which give its bits (relu: see SameIndexLoops.relu).
                case RELU -> {   // no Vector API lanes: C2's own vectorisation of this loop was faster at 4M
                    // floats and ran 5x cheaper before compilation (PERFORMANCE.md, seventh session)
                    if (ia == io) {
                        SameIndexLoops.relu(x, out, io, n);
                    } else {
                        for (int i = 0; i < n; i++) {
                            out[io + i] = SameIndexLoops.relu(x[ia + i]);
                        }
                    }
                }
                case NEG -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = -x[ia + i];
                    }
                }
                case SQRT -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = (float) Math.sqrt(x[ia + i]);
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = op.applyFloat(x[ia + i]);   // (float) apply(x) but for float-arithmetic ops
                    }
                }
            }
            return;
        }
        if (op == UnaryOp.COPY && (sa == 1 && so == 1 ? convert(a, ia, o, io, n) : copy(a, ia, sa, o, io, so, n))) {
            return;
        }
        if (a.f != null && o.f != null) {
            for (int i = 0; i < n; i++) {
                o.f[io + i * so] = op.applyFloat(a.f[ia + i * sa]);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            o.set(io + i * so, unary(op, a.get(ia + i * sa)));
        }
    }

    /**
     * A strided float32 / float64 copy or conversion ({@code contiguous()} of a transposed view), as
     * {@link CpuBuffer#set} rounds, without the general loop's per-element dtype dispatch. False (nothing
     * written) for other dtypes.
     */
    private static boolean copy(CpuBuffer a, int ia, int sa, CpuBuffer o, int io, int so, int n) {
        if (a.f != null && o.f != null) {
            float[] x = a.f;
            float[] out = o.f;
            for (int i = 0; i < n; i++) {
                out[io + i * so] = x[ia + i * sa];
            }
        } else if (a.d != null && o.d != null) {
            double[] x = a.d;
            double[] out = o.d;
            for (int i = 0; i < n; i++) {
                out[io + i * so] = x[ia + i * sa];
            }
        } else if (a.f != null && o.d != null) {
            float[] x = a.f;
            double[] out = o.d;
            for (int i = 0; i < n; i++) {
                out[io + i * so] = x[ia + i * sa];
            }
        } else if (a.d != null && o.f != null) {
            double[] x = a.d;
            float[] out = o.f;
            for (int i = 0; i < n; i++) {
                out[io + i * so] = (float) x[ia + i * sa];
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * A contiguous float32 / float64 conversion (a cast, {@code to(dtype)}), one rounding as {@link CpuBuffer#set}:
     * a loop the JIT vectorises, about 12x faster than the general loop's per-element dtype dispatch. False
     * (nothing written) for other dtype pairs.
     */
    private static boolean convert(CpuBuffer a, int ia, CpuBuffer o, int io, int n) {
        if (a.f != null && o.d != null) {
            float[] x = a.f;
            double[] out = o.d;
            for (int i = 0; i < n; i++) {
                out[io + i] = x[ia + i];
            }
            return true;
        }
        if (a.d != null && o.f != null) {
            double[] x = a.d;
            float[] out = o.f;
            for (int i = 0; i < n; i++) {
                out[io + i] = (float) x[ia + i];
            }
            return true;
        }
        return false;
    }

    /**
     * The elements of a row that PyTorch 1.13's CPU loop for {@code maximum}/{@code minimum} (and clamp with tensor
     * bounds) computes in its vectorised body, counted from the row's start: {@code cpu_kernel_vec} steps two AVX2
     * vectors at a time (16 float32, 8 float64) while that many remain, then finishes with the scalar loop; a
     * row whose operands are not all unit-stride (one stride-0 operand allowed, the output unit-stride) takes the
     * scalar loop throughout. Only ties (zeros of both signs) tell the two apart: the body's
     * {@code _mm256_max_ps(a, b)} gives b, the scalar {@code std::max(a, b)} gives a.
     */
    static int maxMinVectorBody(CpuBuffer a, int sa, int sb, int so, int n) {
        boolean lanes = (sa == 0 || sa == 1) && (sb == 0 || sb == 1) && (sa | sb) == 1 && so == 1;
        int step = a.d != null ? 8 : 16;
        return lanes && (a.d != null || a.f != null) ? n - n % step : 0;
    }

    /**
     * {@code maximum}/{@code minimum} along a row whose first {@code body} elements PyTorch computes in vector
     * lanes ({@link #maxMinVectorBody}, b on a tie) and the rest with {@code BinaryOp.apply} (a on a tie).
     */
    static void maxMinRow(BinaryOp op, CpuBuffer a, int ia, int sa, CpuBuffer b, int ib, int sb,
                          CpuBuffer o, int io, int so, int n, int body) {
        boolean max = op == BinaryOp.MAXIMUM;
        int split = Math.max(0, Math.min(n, body));
        if (a.d != null && b.d != null && o.d != null) {
            double[] x = a.d;
            double[] y = b.d;
            double[] out = o.d;
            for (int i = 0; i < split; i++) {
                out[io + i * so] = lane(max, x[ia + i * sa], y[ib + i * sb]);
            }
            for (int i = split; i < n; i++) {
                out[io + i * so] = op.apply(x[ia + i * sa], y[ib + i * sb]);
            }
        } else if (a.f != null && b.f != null && o.f != null) {
            float[] x = a.f;
            float[] y = b.f;
            float[] out = o.f;
            for (int i = 0; i < split; i++) {
                out[io + i * so] = (float) lane(max, x[ia + i * sa], y[ib + i * sb]);
            }
            for (int i = split; i < n; i++) {
                out[io + i * so] = (float) op.apply(x[ia + i * sa], y[ib + i * sb]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double x = a.get(ia + i * sa);
                double y = b.get(ib + i * sb);
                o.set(io + i * so, i < split ? lane(max, x, y) : op.apply(x, y));
            }
        }
    }

    /**
     * {@link #maxMinRow} for a row of one dense layout that PyTorch walks in memory order: element i sits at memory
     * position {@code at + i * sa} of the flat row, inside the vector body below {@code body}.
     */
    static void maxMinRowAt(BinaryOp op, CpuBuffer a, int ia, int sa, CpuBuffer b, int ib, int sb,
                            CpuBuffer o, int io, int so, int n, int at, int body) {
        boolean max = op == BinaryOp.MAXIMUM;
        for (int i = 0; i < n; i++) {
            double x = a.get(ia + i * sa);
            double y = b.get(ib + i * sb);
            o.set(io + i * so, at + i * sa < body ? lane(max, x, y) : op.apply(x, y));
        }
    }

    /** One vector lane of PyTorch's maximum/minimum: NaN if either is NaN, else the larger/smaller, b on a tie. */
    private static double lane(boolean max, double x, double y) {
        if (x != x) {
            return x;
        }
        if (y != y) {
            return y;
        }
        return max ? (x > y ? x : y) : (x < y ? x : y);
    }

    static void binaryRow(BinaryOp op, CpuBuffer a, int ia, int sa, CpuBuffer b, int ib, int sb,
                          CpuBuffer o, int io, int so, int n) {
        if (a.d != null && sa == 1 && so == 1 && (sb == 1 || sb == 0)) {
            double[] x = a.d;
            double[] y = b.d;
            double[] out = o.d;
            if (sb == 1 && ia == ib && ib == io && SameIndexLoops.binary(op, x, y, out, io, n)) {
                return;
            }
            if (sb == 1) {
                switch (op) {
                    case ADD -> {
                        for (int i = 0; i < n; i++) {
                            out[io + i] = x[ia + i] + y[ib + i];
                        }
                    }
                    case SUB -> {
                        for (int i = 0; i < n; i++) {
                            out[io + i] = x[ia + i] - y[ib + i];
                        }
                    }
                    case MUL -> {
                        for (int i = 0; i < n; i++) {
                            out[io + i] = x[ia + i] * y[ib + i];
                        }
                    }
                    default -> {
                        for (int i = 0; i < n; i++) {
                            out[io + i] = binary(op, x[ia + i], y[ib + i]);
                        }
                    }
                }
                return;
            }
            if (op != BinaryOp.POW) {   // pow's scalar shortcuts are for a Python number only, not a tensor
                scalarRowDouble(op, x, ia, y[ib], false, out, io, n);
                return;
            }
        }
        if (a.f != null && sa == 1 && so == 1 && sb == 0 && op != BinaryOp.POW) {
            scalarRowFloat(op, a.f, ia, b.f[ib], false, o.f, io, n);
            return;
        }
        if (a.f != null && sa == 1 && so == 1 && sb == 1) {
            float[] x = a.f;
            float[] y = b.f;
            float[] out = o.f;
            if (ia == ib && ib == io && SameIndexLoops.binary(op, x, y, out, io, n)) {
                return;
            }
            if (vector && n >= 64 && VectorElementwise.binary(op, x, ia, y, ib, out, io, n)) {
                return;
            }
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] + y[ib + i];
                    }
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] - y[ib + i];
                    }
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] * y[ib + i];
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = op.applyFloat(x[ia + i], y[ib + i]);
                    }
                }
            }
            return;
        }
        if (a.f != null && b.f != null && o.f != null) {   // float32: the op's float reference (nextafter's ulp)
            for (int i = 0; i < n; i++) {
                o.f[io + i * so] = op.applyFloat(a.f[ia + i * sa], b.f[ib + i * sb]);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            o.set(io + i * so, binary(op, a.get(ia + i * sa), b.get(ib + i * sb)));
        }
    }

    private static void scalarRowDouble(BinaryOp op, double[] x, int ia, double s, boolean scalarFirst,
                                        double[] out, int io, int n) {
        if (!scalarFirst && ia == io && SameIndexLoops.scalar(op, x, s, out, io, n)) {
            return;
        }
        if (!scalarFirst) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] + s;
                    }
                    return;
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] * s;
                    }
                    return;
                }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) {
            out[io + i] = scalarFirst ? binary(op, s, x[ia + i]) : op.applyScalar(x[ia + i], s);
        }
    }

    /** float32 with a scalar: + - * / in float arithmetic, which equals computing in double and rounding once. */
    private static void scalarRowFloat(BinaryOp op, float[] x, int ia, float s, boolean scalarFirst,
                                       float[] out, int io, int n) {
        if (!scalarFirst && ia == io && SameIndexLoops.scalar(op, x, s, out, io, n)) {
            return;
        }
        if (!scalarFirst) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] + s;
                    }
                    return;
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] - s;
                    }
                    return;
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] * s;
                    }
                    return;
                }
                case DIV -> {
                    for (int i = 0; i < n; i++) {
                        out[io + i] = x[ia + i] / s;
                    }
                    return;
                }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) {
            out[io + i] = scalarFirst ? op.applyFloat(s, x[ia + i]) : op.applyScalar(x[ia + i], s);
        }
    }

    static void scalarRow(BinaryOp op, CpuBuffer a, int ia, int sa, double s, boolean scalarFirst,
                          CpuBuffer o, int io, int so, int n) {
        if (a.d != null && sa == 1 && so == 1) {
            scalarRowDouble(op, a.d, ia, s, scalarFirst, o.d, io, n);
            return;
        }
        if (a.f != null && sa == 1 && so == 1) {
            scalarRowFloat(op, a.f, ia, (float) s, scalarFirst, o.f, io, n);
            return;
        }
        boolean inFloat = a.f != null && !scalarFirst;   // float32 arithmetic, as applyScalar(float, float) says
        for (int i = 0; i < n; i++) {
            double x = a.get(ia + i * sa);
            o.set(io + i * so, inFloat ? op.applyScalar((float) x, (float) s)
                    : a.f != null ? op.applyFloat((float) s, (float) x) : scalarFirst ? binary(op, s, x) : op.applyScalar(x, s));
        }
    }

    /** {@code y = fma(a, b, y)} along one row, rounding once (PyTorch's CPU {@code addcmul_} kernel). */
    static void fmaRow(CpuBuffer a, int ia, int sa, CpuBuffer b, int ib, int sb, CpuBuffer y, int iy, int sy, int n) {
        if (y.d != null) {
            double[] av = a.d;
            double[] bv = b.d;
            double[] yv = y.d;
            for (int i = 0; i < n; i++) {
                int j = iy + i * sy;
                yv[j] = Math.fma(av[ia + i * sa], bv[ib + i * sb], yv[j]);
            }
        } else {
            float[] av = a.f;
            float[] bv = b.f;
            float[] yv = y.f;
            for (int i = 0; i < n; i++) {
                int j = iy + i * sy;
                yv[j] = Math.fma(av[ia + i * sa], bv[ib + i * sb], yv[j]);
            }
        }
    }

    static void axpyRow(double alpha, CpuBuffer x, int ix, int sx, CpuBuffer y, int iy, int sy, int n) {
        if (sx == 1 && sy == 1 && ix == iy) {
            if (y.d != null) {
                SameIndexLoops.axpy(alpha, x.d, y.d, iy, n);
            } else {
                SameIndexLoops.axpy((float) alpha, x.f, y.f, iy, n);
            }
            return;
        }
        if (sx == 1 && sy == 1) {
            if (y.d != null) {
                double[] xs = x.d;
                double[] ys = y.d;
                for (int i = 0; i < n; i++) {
                    ys[iy + i] = Math.fma(alpha, xs[ix + i], ys[iy + i]);
                }
            } else {
                float a = (float) alpha;
                float[] xs = x.f;
                float[] ys = y.f;
                for (int i = 0; i < n; i++) {
                    ys[iy + i] = Math.fma(a, xs[ix + i], ys[iy + i]);
                }
            }
            return;
        }
        if (y.d != null) {
            double[] xs = x.d;
            double[] ys = y.d;
            for (int i = 0; i < n; i++) {
                int j = iy + i * sy;
                ys[j] = Math.fma(alpha, xs[ix + i * sx], ys[j]);
            }
        } else {
            float a = (float) alpha;
            float[] xs = x.f;
            float[] ys = y.f;
            for (int i = 0; i < n; i++) {
                int j = iy + i * sy;
                ys[j] = Math.fma(a, xs[ix + i * sx], ys[j]);
            }
        }
    }
}
