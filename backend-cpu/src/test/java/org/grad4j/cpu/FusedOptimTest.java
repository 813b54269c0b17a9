package org.grad4j.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.optim.Adagrad;
import org.grad4j.optim.Adam;
import org.grad4j.optim.AdamW;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.RMSprop;
import org.grad4j.optim.SGD;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The CPU's fused optimizer steps ({@link OptimKernels}: Adam, AdamW, SGD, RMSprop, Adagrad) against the primitive sequence they replace,
 * bit for bit: the same public tensor ops as the optimizer's unfused path, step after step, over odd
 * sizes (a split across worker threads included), both float dtypes and every option.
 */
class FusedOptimTest {
    /** Odd sizes; the last one is split across worker threads (70,001 > grad4j.cpu.parallelMinElements). */
    private static final int[] SIZES = {1, 7, 1023, 70_001};

    static Stream<Arguments> adamCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean decoupled : new boolean[] {false, true}) {
                for (double wd : new double[] {0.0, 0.1}) {
                    for (boolean amsgrad : new boolean[] {false, true}) {
                        for (boolean maximize : new boolean[] {false, true}) {
                            cases.add(Arguments.of(dt, decoupled, wd, amsgrad, maximize));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} adamw={1} wd={2} amsgrad={3} maximize={4}")
    @MethodSource("adamCases")
    void adamStepIsThePrimitiveSequence(DType dt, boolean decoupled, double wd, boolean amsgrad, boolean maximize) {
        for (int n : SIZES) {
            if (n > Workers.PARALLEL_MIN && (maximize || wd == 0.0)) {
                continue;   // the split is the same for every option: keep the suite fast
            }
            Generator g = new Generator(n);
            Tensor init = Tensor.randn(g, n).to(dt);
            Tensor p = init.clone().requiresGrad_(true);
            Optimizer opt = decoupled
                    ? AdamW.builder(List.of(p)).lr(0.01).betas(0.8, 0.99).eps(1e-6).weightDecay(wd).amsgrad(amsgrad)
                            .maximize(maximize).build()
                    : Adam.builder(List.of(p)).lr(0.01).betas(0.8, 0.99).eps(1e-6).weightDecay(wd).amsgrad(amsgrad)
                            .maximize(maximize).build();
            Reference ref = new Reference(init.clone(), amsgrad);
            for (int step = 1; step <= 4; step++) {
                Tensor grad = grad(g, n, dt, step);
                p.setGrad(grad);
                opt.step();
                ref.step(grad, 0.01, 0.8, 0.99, 1e-6, wd, decoupled, amsgrad, maximize);
                assertSameBits(ref.p, p, "n=" + n + " step " + step);
            }
        }
    }

    static Stream<Arguments> sgdCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double momentum : new double[] {0.0, 0.9}) {
                for (double wd : new double[] {0.0, 0.01}) {
                    for (boolean nesterov : new boolean[] {false, true}) {
                        for (boolean maximize : new boolean[] {false, true}) {
                            if (!nesterov || momentum != 0) {
                                cases.add(Arguments.of(dt, momentum, wd, nesterov, maximize));
                            }
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} momentum={1} wd={2} nesterov={3} maximize={4}")
    @MethodSource("sgdCases")
    void sgdStepIsThePrimitiveSequence(DType dt, double momentum, double wd, boolean nesterov, boolean maximize) {
        double dampening = nesterov ? 0.0 : 0.1;
        for (int n : SIZES) {
            if (n > Workers.PARALLEL_MIN && (maximize || wd == 0.0)) {
                continue;
            }
            Generator g = new Generator(n + 1);
            Tensor init = Tensor.randn(g, n).to(dt);
            Tensor p = init.clone().requiresGrad_(true);
            SGD opt = SGD.builder(List.of(p), 0.03).momentum(momentum).dampening(dampening).weightDecay(wd)
                    .nesterov(nesterov).maximize(maximize).build();
            Tensor ref = init.clone();
            Tensor buf = null;
            for (int step = 1; step <= 4; step++) {
                Tensor grad = grad(g, n, dt, step);
                p.setGrad(grad);
                opt.step();
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) {
                        d = d.clone().add_(ref, wd);
                    }
                    if (momentum != 0) {
                        if (buf == null) {
                            buf = d.clone();
                        } else {
                            buf.mul_(momentum).add_(d, 1 - dampening);
                        }
                        d = nesterov ? d.clone().add_(buf, momentum) : buf;
                    }
                    ref.add_(d, -0.03);
                }
                assertSameBits(ref, p, "n=" + n + " step " + step);
            }
        }
    }

    static Stream<Arguments> rmspropCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double momentum : new double[] {0.0, 0.9}) {
                for (double wd : new double[] {0.0, 0.01}) {
                    for (boolean centered : new boolean[] {false, true}) {
                        for (boolean maximize : new boolean[] {false, true}) {
                            cases.add(Arguments.of(dt, momentum, wd, centered, maximize));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} momentum={1} wd={2} centered={3} maximize={4}")
    @MethodSource("rmspropCases")
    void rmspropStepIsThePrimitiveSequence(DType dt, double momentum, double wd, boolean centered, boolean maximize) {
        double lr = 0.01;
        double alpha = 0.95;
        double eps = 1e-6;
        for (int n : SIZES) {
            if (n > Workers.PARALLEL_MIN && (maximize || wd == 0.0)) {
                continue;
            }
            Generator g = new Generator(n + 2);
            Tensor init = Tensor.randn(g, n).to(dt);
            Tensor p = init.clone().requiresGrad_(true);
            RMSprop opt = RMSprop.builder(List.of(p)).lr(lr).alpha(alpha).eps(eps).weightDecay(wd).momentum(momentum)
                    .centered(centered).maximize(maximize).build();
            Tensor ref = init.clone();
            Tensor sq = Tensor.zerosLike(ref);
            Tensor ga = Tensor.zerosLike(ref);
            Tensor buf = Tensor.zerosLike(ref);
            for (int step = 1; step <= 4; step++) {
                Tensor grad = grad(g, n, dt, step);
                p.setGrad(grad);
                opt.step();
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) {
                        d = d.clone().add_(ref, wd);
                    }
                    sq.mul_(alpha).addcmul_(d, d, 1 - alpha);
                    Tensor avg;
                    if (centered) {
                        ga.mul_(alpha).add_(d, 1 - alpha);
                        avg = sq.clone().addcmul_(ga, ga, -1).sqrt();
                    } else {
                        avg = sq.sqrt();
                    }
                    avg.add_(eps);
                    if (momentum > 0) {
                        buf.mul_(momentum).addcdiv_(d, avg, 1);
                        ref.add_(buf, -lr);
                    } else {
                        ref.addcdiv_(d, avg, -lr);
                    }
                }
                assertSameBits(ref, p, "n=" + n + " step " + step);
            }
        }
    }

    static Stream<Arguments> adagradCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double wd : new double[] {0.0, 0.01}) {
                for (boolean maximize : new boolean[] {false, true}) {
                    cases.add(Arguments.of(dt, wd, maximize));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} wd={1} maximize={2}")
    @MethodSource("adagradCases")
    void adagradStepIsThePrimitiveSequence(DType dt, double wd, boolean maximize) {
        double lr = 0.05;
        double lrDecay = 0.01;
        double eps = 1e-10;
        for (int n : SIZES) {
            Generator g = new Generator(n + 3);
            Tensor init = Tensor.randn(g, n).to(dt);
            Tensor p = init.clone().requiresGrad_(true);
            Adagrad opt = Adagrad.builder(List.of(p)).lr(lr).lrDecay(lrDecay).eps(eps).weightDecay(wd)
                    .initialAccumulatorValue(0.1).maximize(maximize).build();
            Tensor ref = init.clone();
            Tensor sum = Tensor.fullLike(ref, 0.1);
            for (int step = 1; step <= 4; step++) {
                Tensor grad = grad(g, n, dt, step);
                p.setGrad(grad);
                opt.step();
                try (GradMode.Scope ignored = GradMode.noGrad()) {
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) {
                        d = d.clone().add_(ref, wd);
                    }
                    sum.addcmul_(d, d, 1);
                    ref.addcdiv_(d, sum.sqrt().add_(eps), -(lr / (1 + (step - 1) * lrDecay)));
                }
                assertSameBits(ref, p, "n=" + n + " step " + step);
            }
        }
    }

    /** A parameter the kernel declines (a transposed leaf) takes the primitives and agrees as well. */
    @Test
    void declinedLayoutsFallBackToThePrimitives() {
        Generator g = new Generator(11);
        Tensor init = Tensor.randn(g, 33, 17);
        Tensor p = init.t().detach().requiresGrad_(true);
        Adam opt = Adam.builder(List.of(p)).lr(0.05).weightDecay(0.01).build();
        Reference ref = new Reference(init.t().contiguous(), false);
        for (int step = 1; step <= 3; step++) {
            Tensor grad = Tensor.randn(g, 17, 33);
            p.setGrad(grad);
            opt.step();
            ref.step(grad, 0.05, 0.9, 0.999, 1e-8, 0.01, false, false, false);
            assertSameBits(ref.p, p, "step " + step);
        }
    }

    @Test
    void fusedStepBumpsTheVersions() {
        Tensor p = Tensor.randn(new Generator(2), 100).requiresGrad_(true);
        p.setGrad(Tensor.randn(new Generator(3), 100));
        Adam opt = new Adam(List.of(p));
        int before = p.version();
        opt.step();
        assertFalse(p.version() == before, "step() changed p in place: its version must move");
    }

    /** Gradients with zeros of both signs, tiny and large values, so every branch of the rounding is hit. */
    private static Tensor grad(Generator g, int n, DType dt, int step) {
        double[] v = Tensor.randn(g, n).toDoubleArray();
        for (int i = 0; i < n; i += 5) {
            v[i] = switch ((i / 5 + step) % 5) {
                case 0 -> 0.0;
                case 1 -> -0.0;
                case 2 -> v[i] * 1e-20;
                case 3 -> v[i] * 1e15;
                default -> v[i];
            };
        }
        return Tensor.of(v, n).to(dt);
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype());
        if (expected.dtype() == DType.FLOAT32) {
            float[] e = expected.toFloatArray();
            float[] a = actual.toFloatArray();
            int[] eb = new int[e.length];
            int[] ab = new int[a.length];
            for (int i = 0; i < e.length; i++) {
                eb[i] = Float.floatToRawIntBits(e[i]);
                ab[i] = Float.floatToRawIntBits(a[i]);
            }
            assertArrayEquals(eb, ab, what);
        } else {
            double[] e = expected.toDoubleArray();
            double[] a = actual.toDoubleArray();
            long[] eb = new long[e.length];
            long[] ab = new long[a.length];
            for (int i = 0; i < e.length; i++) {
                eb[i] = Double.doubleToRawLongBits(e[i]);
                ab[i] = Double.doubleToRawLongBits(a[i]);
            }
            assertArrayEquals(eb, ab, what);
        }
    }

    /** PyTorch 1.13's _single_tensor_adam(w) written with the public tensor ops, as AdamFamily.update's unfused path. */
    private static final class Reference {
        final Tensor p;
        final Tensor m;
        final Tensor v;
        final Tensor vmax;
        int step;

        Reference(Tensor p, boolean amsgrad) {
            this.p = p;
            this.m = Tensor.zerosLike(p);
            this.v = Tensor.zerosLike(p);
            this.vmax = amsgrad ? Tensor.zerosLike(p) : null;
        }

        void step(Tensor grad, double lr, double b1, double b2, double eps, double wd, boolean decoupled,
                boolean amsgrad, boolean maximize) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                step++;
                Tensor g = maximize ? grad.neg() : grad;
                if (decoupled) {
                    p.mul_(1 - lr * wd);
                } else if (wd != 0) {
                    g = g.clone().add_(p, wd);
                }
                m.mul_(b1).add_(g, 1 - b1);
                v.mul_(b2).addcmul_(g, g, 1 - b2);
                double stepSize = lr / (1 - Math.pow(b1, step));
                double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
                Tensor second = v;
                if (amsgrad) {
                    vmax.copy_(vmax.maximum(v));
                    second = vmax;
                }
                p.addcdiv_(m, second.sqrt().div(bc2Sqrt).add_(eps), -stepSize);
            }
        }
    }
}
