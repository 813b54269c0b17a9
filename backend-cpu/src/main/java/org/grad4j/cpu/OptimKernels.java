package org.grad4j.cpu;

import org.grad4j.DType;
import org.grad4j.spi.Strided;

/**
 * Optimizer updates in one pass over the parameter, its gradient and its state, giving the bits of
 * the elementwise primitives they replace (see {@link org.grad4j.spi.FusedKernels}): the same float
 * (or double) operations in the same order, each scalar rounded to the dtype as the primitives round it.
 * Only contiguous operands of one dtype that start at the same index: the loops then use one index,
 * which C2 vectorises (sqrt and division included); other layouts are declined.
 * Elements are independent, so the split across worker threads changes no bit.
 */
final class OptimKernels {
    private OptimKernels() {
    }

    /** Elements per piece of a split update. */
    private static final int GRAIN = Workers.PARALLEL_MIN / 4;

    /**
     * The common offset of operands that are contiguous over {@code shape} and of {@code dtype}, or -1.
     * Null operands are skipped.
     */
    static int sameStart(int[] shape, DType dtype, Strided... ops) {
        int start = -1;
        for (Strided s : ops) {
            if (s == null) {
                continue;
            }
            if (s.buffer().dtype() != dtype || Loops.flatStride(shape, s.strides()) != 1
                    || (start >= 0 && s.offset() != start)) {
                return -1;
            }
            start = s.offset();
        }
        return start;
    }

    /**
     * {@link #sameStart(int[], DType, Strided...)} one operand at a time, without a varargs array:
     * {@code start} is the common offset so far (-1: none yet; below -1: declined).
     */
    private static int sameStart(int[] shape, DType dtype, int start, Strided s) {
        if (s == null || start < -1) {
            return start;
        }
        if (s.buffer().dtype() != dtype || Loops.flatStride(shape, s.strides()) != 1
                || (start >= 0 && s.offset() != start)) {
            return -2;
        }
        return s.offset();
    }

    static boolean adam(int[] shape, Strided param, Strided grad, Strided expAvg, Strided expAvgSq, Strided maxExpAvgSq,
            double beta1, double beta2, double eps, double lr, double weightDecay, boolean decoupled,
            boolean maximize, double stepSize, double biasCorrection2Sqrt) {
        DType dt = param.buffer().dtype();
        if (!dt.isFloatingPoint()) {
            return false;
        }
        int start = sameStart(shape, dt, param, grad, expAvg, expAvgSq, maxExpAvgSq);
        if (start < 0) {
            return false;
        }
        int n = Loops.numel(shape);
        CpuBuffer p = CpuBackend.buf(param.buffer());
        CpuBuffer g = CpuBackend.buf(grad.buffer());
        CpuBuffer m = CpuBackend.buf(expAvg.buffer());
        CpuBuffer v = CpuBackend.buf(expAvgSq.buffer());
        CpuBuffer vmax = maxExpAvgSq == null ? null : CpuBackend.buf(maxExpAvgSq.buffer());
        // The scalars as the primitives see them: mul_(1 - lr*wd), add_(p, wd), mul_(b1), add_(g, 1-b1),
        // mul_(b2), mul(1-b2), div(sqrt(bc2)), add_(eps), mul(-stepSize).
        boolean l2 = !decoupled && weightDecay != 0;
        double decay = decoupled ? 1 - lr * weightDecay : 1;
        double oneMinusB1 = 1 - beta1;
        double oneMinusB2 = 1 - beta2;
        double negStep = -stepSize;
        Workers.Range body;
        if (dt == DType.FLOAT32) {
            float[] pv = p.f;
            float[] gv = g.f;
            float[] mv = m.f;
            float[] vv = v.f;
            float[] xv = vmax == null ? null : vmax.f;
            float fDecay = (float) decay;
            float fWd = (float) weightDecay;
            float fB1 = (float) beta1;
            float fOmb1 = (float) oneMinusB1;
            float fB2 = (float) beta2;
            float fOmb2 = (float) oneMinusB2;
            float fBc2 = (float) biasCorrection2Sqrt;
            float fEps = (float) eps;
            float fNeg = (float) negStep;
            body = (from, to) -> adamFloat(pv, gv, mv, vv, xv, start + from, start + to, decoupled, fDecay, l2, fWd,
                    maximize, fB1, fOmb1, fB2, fOmb2, fBc2, fEps, fNeg);
        } else {
            double[] pv = p.d;
            double[] gv = g.d;
            double[] mv = m.d;
            double[] vv = v.d;
            double[] xv = vmax == null ? null : vmax.d;
            body = (from, to) -> adamDouble(pv, gv, mv, vv, xv, start + from, start + to, decoupled, decay, l2,
                    weightDecay, maximize, beta1, oneMinusB1, beta2, oneMinusB2, biasCorrection2Sqrt, eps, negStep);
        }
        if (Workers.splits(n)) {
            Workers.forRange(n, GRAIN, body);
        } else {
            body.run(0, n);
        }
        return true;
    }

    // One loop per (amsgrad, L2) pair keeps each body branch-free apart from loop-invariant tests,
    // which C2 unswitches; maximize and the decoupled decay are such tests.

    private static void adamFloat(float[] p, float[] g, float[] m, float[] v, float[] vmax, int from, int to,
            boolean decoupled, float decay, boolean l2, float wd, boolean maximize, float b1, float omb1, float b2,
            float omb2, float bc2, float eps, float negStep) {
        if (vmax == null && !l2) {
            for (int i = from; i < to; i++) {
                float gi = maximize ? -g[i] : g[i];
                float pi = decoupled ? p[i] * decay : p[i];
                float mi = Math.fma(omb1, gi, m[i] * b1);
                float vi = Math.fma(gi * omb2, gi, v[i] * b2);
                m[i] = mi;
                v[i] = vi;
                p[i] = pi + mi * negStep / ((float) Math.sqrt(vi) / bc2 + eps);
            }
        } else if (vmax == null) {
            for (int i = from; i < to; i++) {
                float pi = p[i];
                float gi = Math.fma(wd, pi, maximize ? -g[i] : g[i]);
                float mi = Math.fma(omb1, gi, m[i] * b1);
                float vi = Math.fma(gi * omb2, gi, v[i] * b2);
                m[i] = mi;
                v[i] = vi;
                p[i] = pi + mi * negStep / ((float) Math.sqrt(vi) / bc2 + eps);
            }
        } else {
            for (int i = from; i < to; i++) {
                float pi = p[i];
                float gi = maximize ? -g[i] : g[i];
                if (decoupled) {
                    pi = pi * decay;
                } else if (l2) {
                    gi = Math.fma(wd, pi, gi);
                }
                float mi = Math.fma(omb1, gi, m[i] * b1);
                float vi = Math.fma(gi * omb2, gi, v[i] * b2);
                float s = Math.max(vmax[i], vi);
                m[i] = mi;
                v[i] = vi;
                vmax[i] = s;
                p[i] = pi + mi * negStep / ((float) Math.sqrt(s) / bc2 + eps);
            }
        }
    }

    private static void adamDouble(double[] p, double[] g, double[] m, double[] v, double[] vmax, int from, int to,
            boolean decoupled, double decay, boolean l2, double wd, boolean maximize, double b1, double omb1,
            double b2, double omb2, double bc2, double eps, double negStep) {
        for (int i = from; i < to; i++) {
            double pi = p[i];
            double gi = maximize ? -g[i] : g[i];
            if (decoupled) {
                pi = pi * decay;
            } else if (l2) {
                gi = Math.fma(wd, pi, gi);
            }
            double mi = Math.fma(omb1, gi, m[i] * b1);
            double vi = Math.fma(gi * omb2, gi, v[i] * b2);
            m[i] = mi;
            v[i] = vi;
            double s = vi;
            if (vmax != null) {
                s = Math.max(vmax[i], vi);
                vmax[i] = s;
            }
            p[i] = pi + mi * negStep / (Math.sqrt(s) / bc2 + eps);
        }
    }

    static boolean sgd(int[] shape, Strided param, Strided grad, Strided momentumBuffer, double lr, double momentum,
            double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        DType dt = param.buffer().dtype();
        if (!dt.isFloatingPoint()) {
            return false;
        }
        int at = sameStart(shape, dt, -1, param);
        at = sameStart(shape, dt, at, grad);
        int start = sameStart(shape, dt, at, momentumBuffer);
        if (start < 0) {
            return false;
        }
        int n = Loops.numel(shape);
        CpuBuffer p = CpuBackend.buf(param.buffer());
        CpuBuffer g = CpuBackend.buf(grad.buffer());
        CpuBuffer b = momentumBuffer == null ? null : CpuBackend.buf(momentumBuffer.buffer());
        sgdUpdate(dt, p, g, b, start, n, lr, momentum, dampening, weightDecay, nesterov, maximize);
        return true;
    }

    /**
     * The update itself, apart from {@link #sgd}'s checks so that the entry stays small enough for the JIT
     * to inline into the optimizer: the operands' {@code Strided} records are then never allocated.
     */
    private static void sgdUpdate(DType dt, CpuBuffer p, CpuBuffer g, CpuBuffer b, int start, int n, double lr,
            double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        boolean l2 = weightDecay != 0;
        // an unsplit update calls its loop directly: a capturing lambda would be an allocation per parameter
        if (dt == DType.FLOAT32) {
            float[] pv = p.f;
            float[] gv = g.f;
            float[] bv = b == null ? null : b.f;
            float wd = (float) weightDecay;
            float mom = (float) momentum;
            float damp = (float) (1 - dampening);
            float negLr = (float) -lr;
            if (Workers.splits(n)) {
                Workers.forRange(n, GRAIN, (from, to) ->
                        sgdF32(pv, gv, bv, start + from, start + to, wd, l2, mom, damp, negLr, nesterov, maximize));
            } else {
                sgdF32(pv, gv, bv, start, start + n, wd, l2, mom, damp, negLr, nesterov, maximize);
            }
        } else {
            double[] pv = p.d;
            double[] gv = g.d;
            double[] bv = b == null ? null : b.d;
            double damp = 1 - dampening;
            double negLr = -lr;
            if (Workers.splits(n)) {
                Workers.forRange(n, GRAIN, (from, to) -> sgdF64(pv, gv, bv, start + from, start + to, weightDecay, l2,
                        momentum, damp, negLr, nesterov, maximize));
            } else {
                sgdF64(pv, gv, bv, start, start + n, weightDecay, l2, momentum, damp, negLr, nesterov, maximize);
            }
        }
    }

    private static void sgdF32(float[] pv, float[] gv, float[] bv, int from, int to, float wd, boolean l2, float mom,
            float damp, float negLr, boolean nesterov, boolean maximize) {
        for (int i = from; i < to; i++) {
            float d = maximize ? -gv[i] : gv[i];
            if (l2) {
                d = Math.fma(wd, pv[i], d);
            }
            if (bv != null) {
                float buf = Math.fma(damp, d, bv[i] * mom);
                bv[i] = buf;
                d = nesterov ? Math.fma(mom, buf, d) : buf;
            }
            pv[i] = Math.fma(negLr, d, pv[i]);
        }
    }

    private static void sgdF64(double[] pv, double[] gv, double[] bv, int from, int to, double wd, boolean l2,
            double mom, double damp, double negLr, boolean nesterov, boolean maximize) {
        for (int i = from; i < to; i++) {
            double d = maximize ? -gv[i] : gv[i];
            if (l2) {
                d = Math.fma(wd, pv[i], d);
            }
            if (bv != null) {
                double buf = Math.fma(damp, d, bv[i] * mom);
                bv[i] = buf;
                d = nesterov ? Math.fma(mom, buf, d) : buf;
            }
            pv[i] = Math.fma(negLr, d, pv[i]);
        }
    }

    static boolean rmsprop(int[] shape, Strided param, Strided grad, Strided squareAvg, Strided gradAvg,
            Strided momentumBuffer, double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean maximize) {
        DType dt = param.buffer().dtype();
        if (!dt.isFloatingPoint()) {
            return false;
        }
        int start = sameStart(shape, dt, param, grad, squareAvg, gradAvg, momentumBuffer);
        if (start < 0) {
            return false;
        }
        int n = Loops.numel(shape);
        CpuBuffer p = CpuBackend.buf(param.buffer());
        CpuBuffer g = CpuBackend.buf(grad.buffer());
        CpuBuffer sq = CpuBackend.buf(squareAvg.buffer());
        CpuBuffer ga = gradAvg == null ? null : CpuBackend.buf(gradAvg.buffer());
        CpuBuffer mb = momentumBuffer == null ? null : CpuBackend.buf(momentumBuffer.buffer());
        boolean l2 = weightDecay != 0;
        Workers.Range body;
        if (dt == DType.FLOAT32) {
            float[] pv = p.f;
            float[] gv = g.f;
            float[] sv = sq.f;
            float[] av = ga == null ? null : ga.f;
            float[] bv = mb == null ? null : mb.f;
            float wd = (float) weightDecay;
            float a = (float) alpha;
            float oma = (float) (1 - alpha);
            float e = (float) eps;
            float mom = (float) momentum;
            float negLr = (float) -lr;
            body = (from, to) -> {
                for (int i = start + from, end = start + to; i < end; i++) {
                    float gi = maximize ? -gv[i] : gv[i];
                    if (l2) {
                        gi = Math.fma(wd, pv[i], gi);
                    }
                    float s = Math.fma(gi * oma, gi, sv[i] * a);
                    sv[i] = s;
                    float avg;
                    if (av != null) {
                        float m = Math.fma(oma, gi, av[i] * a);
                        av[i] = m;
                        avg = (float) Math.sqrt(Math.fma(m * -1f, m, s));   // addcmul_(ga, ga, value=-1)
                    } else {
                        avg = (float) Math.sqrt(s);
                    }
                    avg = avg + e;
                    if (bv != null) {
                        float b = bv[i] * mom + gi / avg;
                        bv[i] = b;
                        pv[i] = Math.fma(negLr, b, pv[i]);
                    } else {
                        pv[i] = pv[i] + gi * negLr / avg;
                    }
                }
            };
        } else {
            double[] pv = p.d;
            double[] gv = g.d;
            double[] sv = sq.d;
            double[] av = ga == null ? null : ga.d;
            double[] bv = mb == null ? null : mb.d;
            double oma = 1 - alpha;
            double negLr = -lr;
            body = (from, to) -> {
                for (int i = start + from, end = start + to; i < end; i++) {
                    double gi = maximize ? -gv[i] : gv[i];
                    if (l2) {
                        gi = Math.fma(weightDecay, pv[i], gi);
                    }
                    double s = Math.fma(gi * oma, gi, sv[i] * alpha);
                    sv[i] = s;
                    double avg;
                    if (av != null) {
                        double m = Math.fma(oma, gi, av[i] * alpha);
                        av[i] = m;
                        avg = Math.sqrt(Math.fma(m * -1.0, m, s));
                    } else {
                        avg = Math.sqrt(s);
                    }
                    avg = avg + eps;
                    if (bv != null) {
                        double b = bv[i] * momentum + gi / avg;
                        bv[i] = b;
                        pv[i] = Math.fma(negLr, b, pv[i]);
                    } else {
                        pv[i] = pv[i] + gi * negLr / avg;
                    }
                }
            };
        }
        if (Workers.splits(n)) {
            Workers.forRange(n, GRAIN, body);
        } else {
            body.run(0, n);
        }
        return true;
    }

    static boolean adagrad(int[] shape, Strided param, Strided grad, Strided sum, double clr, double eps,
            double weightDecay, boolean maximize) {
        DType dt = param.buffer().dtype();
        if (!dt.isFloatingPoint()) {
            return false;
        }
        int start = sameStart(shape, dt, param, grad, sum);
        if (start < 0) {
            return false;
        }
        int n = Loops.numel(shape);
        CpuBuffer p = CpuBackend.buf(param.buffer());
        CpuBuffer g = CpuBackend.buf(grad.buffer());
        CpuBuffer sm = CpuBackend.buf(sum.buffer());
        boolean l2 = weightDecay != 0;
        Workers.Range body;
        if (dt == DType.FLOAT32) {
            float[] pv = p.f;
            float[] gv = g.f;
            float[] sv = sm.f;
            float wd = (float) weightDecay;
            float e = (float) eps;
            float negLr = (float) -clr;
            body = (from, to) -> {
                for (int i = start + from, end = start + to; i < end; i++) {
                    float gi = maximize ? -gv[i] : gv[i];
                    float pi = pv[i];
                    if (l2) {
                        gi = Math.fma(wd, pi, gi);
                    }
                    float s = Math.fma(gi, gi, sv[i]);
                    sv[i] = s;
                    pv[i] = pi + gi * negLr / ((float) Math.sqrt(s) + e);
                }
            };
        } else {
            double[] pv = p.d;
            double[] gv = g.d;
            double[] sv = sm.d;
            double negLr = -clr;
            body = (from, to) -> {
                for (int i = start + from, end = start + to; i < end; i++) {
                    double gi = maximize ? -gv[i] : gv[i];
                    double pi = pv[i];
                    if (l2) {
                        gi = Math.fma(weightDecay, pi, gi);
                    }
                    double s = Math.fma(gi, gi, sv[i]);
                    sv[i] = s;
                    pv[i] = pi + gi * negLr / (Math.sqrt(s) + eps);
                }
            };
        }
        if (Workers.splits(n)) {
            Workers.forRange(n, GRAIN, body);
        } else {
            body.run(0, n);
        }
        return true;
    }
}
