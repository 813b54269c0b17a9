package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.grad4j.Reduction;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every backward rule against central finite differences ({@link GradCheck#gradcheck}, float64, PyTorch's
 * tolerances), with seeded random inputs, positive where the op needs it and away from kinks and ties.
 */
public abstract class GradientConformance extends DeviceConformance {
    private final Generator generator = new Generator(1234);

    /** Uniform in [lo, hi), float64, requiring grad. */
    Tensor x(double lo, double hi, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        generator.uniform(v, lo, hi);
        backend();   // skips when the device is unavailable
        return Tensor.of(v, DType.FLOAT64, device(), shape).requiresGrad_(true);
    }

    /** Any sign, magnitude in [0.3, 1.5): away from 0, where abs/relu/sign have kinks. */
    Tensor nz(int... shape) {
        Tensor t = x(0.3, 1.5, shape);
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i += 2) {
            v[i] = -v[i];
        }
        return Tensor.of(v, DType.FLOAT64, device(), shape).requiresGrad_(true);
    }

    Tensor any(int... shape) {
        return x(-1.5, 1.5, shape);
    }

    Tensor pos(int... shape) {
        return x(0.5, 2.0, shape);
    }

    record Case(String name, Function<Tensor[], Tensor> fn, Tensor[] inputs) {
    }

    /**
     * Where each tensor-tensor op is smooth, or null for ops without a gradient. Exhaustive: a new op does
     * not compile until it says how it is gradient-checked.
     */
    Tensor[] operands(BinaryOp op, int[] a, int[] b) {
        return switch (op) {
            case ADD, SUB, MUL, MAXIMUM, MINIMUM -> new Tensor[] {any(a), any(b)};
            case DIV -> new Tensor[] {any(a), pos(b)};
            case POW -> new Tensor[] {pos(a), any(b)};
            case REMAINDER -> new Tensor[] {any(a), pos(b)};   // away from the jumps at a = k b (measure zero)
            case EQ, GT, LT, NE, LE, GE, FLOOR_DIVIDE -> null;
            case ATAN2, LOGADDEXP, LOGADDEXP2 -> new Tensor[] {any(a), any(b)};
            case HYPOT, COPYSIGN -> new Tensor[] {nz(a), nz(b)};   // away from the origin / the kink at a = 0
            case FMOD, XLOGY -> new Tensor[] {any(a), pos(b)};
            case HEAVISIDE -> null;
            case ZETA -> null;   // special: no gradient in the exponent (PyTorch 1.13); q's is in SpecialConformance
            case XLOG1PY -> new Tensor[] {any(a), pos(b)};
            case IGAMMA, IGAMMAC -> null;   // no gradient in a (PyTorch 1.13); x's is in SpecialConformance
            case FMAX, FMIN -> new Tensor[] {any(a), any(b)};   // math2
            case NEXTAFTER -> null;   // no derivative in PyTorch 1.13 (Math2Conformance checks the error)
        };
    }

    /** The public Tensor method named after an op of the op table: {@code x.exp()}, {@code x.add(y)}. */
    static Tensor call(String torchName, Tensor self, Tensor... args) {
        if (torchName.equals("gelu_tanh")) {   // PyTorch spells this variant as an argument
            return self.gelu("tanh");
        }
        if (torchName.equals("trigamma")) {   // PyTorch spells trigamma as polygamma(1, x)
            return self.polygamma(1);
        }
        String method = camel(torchName);
        Class<?>[] types = new Class<?>[args.length];
        java.util.Arrays.fill(types, Tensor.class);
        try {
            if (!hasTensorMethod(method, types)) {
                // torch.special's functions that torch.Tensor lacks (i0e, ndtri, zeta, ...): org.grad4j.Special's
                Class<?>[] all = new Class<?>[args.length + 1];
                java.util.Arrays.fill(all, Tensor.class);
                Object[] values = new Object[args.length + 1];
                values[0] = self;
                System.arraycopy(args, 0, values, 1, args.length);
                return (Tensor) org.grad4j.Special.class.getMethod(method, all).invoke(null, values);
            }
            return (Tensor) Tensor.class.getMethod(method, types).invoke(self, (Object[]) args);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new AssertionError("the op table's '" + torchName + "' has no public Tensor." + method, e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        }
    }

    private static boolean hasTensorMethod(String method, Class<?>[] types) {
        try {
            Tensor.class.getMethod(method, types);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** PyTorch's snake_case name in lowerCamelCase, grad4j's spelling. */
    static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    static Case c(String name, Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return new Case(name, fn, inputs);
    }

    List<Case> cases() {
        List<Case> l = new ArrayList<>();
        int[][][] pairs = {{{3, 4}, {3, 4}}, {{3, 1}, {1, 4}}, {{2, 3}, {3}}, {{}, {}}, {{1}, {1}}, {{2, 3}, {}}};
        for (int[][] p : pairs) {
            String s = java.util.Arrays.toString(p[0]) + "x" + java.util.Arrays.toString(p[1]);
            for (BinaryOp op : BinaryOp.values()) {
                Tensor[] operands = operands(op, p[0], p[1]);
                if (operands != null) {
                    l.add(c(op.torchName() + " " + s, in -> call(op.torchName(), in[0], in[1]), operands));
                }
            }
        }
        l.add(c("add alpha", in -> in[0].add(in[1], -0.5), any(3, 4), any(4)));
        for (int[] s : new int[][] {{3, 4}, {}, {1}}) {
            String n = " " + java.util.Arrays.toString(s);
            l.add(c("add scalar" + n, in -> in[0].add(0.7), any(s)));
            l.add(c("sub scalar" + n, in -> in[0].sub(0.7), any(s)));
            l.add(c("mul scalar" + n, in -> in[0].mul(-1.3), any(s)));
            l.add(c("div scalar" + n, in -> in[0].div(0.3), any(s)));
            l.add(c("rsub" + n, in -> in[0].rsub(0.7), any(s)));
            for (double e : new double[] {2, 3, 0.5, -1, 1.5, -2, -0.5, 0, 1}) {
                l.add(c("pow " + e + n, in -> in[0].pow(e), pos(s)));
            }
            for (UnaryOp op : UnaryOp.values()) {
                Tensor input = switch (op.domain()) {
                    case ALL -> any(s);
                    case POSITIVE -> pos(s);
                    case AWAY_FROM_ZERO -> nz(s);
                    case OPEN_UNIT -> x(-0.9, 0.9, s);
                    case ABOVE_ONE -> x(1.2, 3.0, s);
                    case PROBABILITY -> x(0.1, 0.9, s);
                };
                l.add(c(op.torchName() + n, in -> call(op.torchName(), in[0]).mul(in[0]), input));
            }
        }
        int[][][] mm = {{{4}, {4}}, {{3, 4}, {4}}, {{4}, {4, 5}}, {{3, 4}, {4, 5}}, {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}},
            {{2, 3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {3, 4, 5}}, {{2, 3, 4}, {4}}, {{4}, {2, 4, 5}}, {{1, 1}, {1, 1}}};
        for (int[][] p : mm) {
            l.add(c("matmul " + java.util.Arrays.toString(p[0]) + "x" + java.util.Arrays.toString(p[1]),
                    in -> in[0].matmul(in[1]), any(p[0]), any(p[1])));
        }
        l.add(c("matmul of transposed views", in -> in[0].t().matmul(in[1].transpose(0, 1)), any(4, 3), any(5, 4)));
        l.add(c("sum", in -> in[0].sum(), any(2, 3, 4)));
        l.add(c("sum 0-d", in -> in[0].sum(), any()));
        l.add(c("mean", in -> in[0].mean(), any(2, 3, 4)));
        for (int[] dims : new int[][] {{1}, {0, 2}, {2}, {0, 1, 2}}) {
            for (boolean keep : new boolean[] {false, true}) {
                String n = java.util.Arrays.toString(dims) + (keep ? " keepdim" : "");
                l.add(c("sum " + n, in -> in[0].sum(dims, keep), any(2, 3, 4)));
                l.add(c("mean " + n, in -> in[0].mean(dims, keep), any(2, 3, 4)));
            }
        }
        l.add(c("sum(dim)", in -> in[0].sum(1), any(2, 3, 4)));
        for (int dim = 0; dim < 3; dim++) {
            int d = dim;
            l.add(c("max dim " + d, in -> in[0].max(d, false).values(), any(2, 3, 4)));
            l.add(c("max dim " + d + " keepdim", in -> in[0].max(d, true).values(), any(2, 3, 4)));
        }
        l.add(c("max all", in -> in[0].max(), any(2, 3, 4)));
        l.add(c("reshape", in -> in[0].reshape(6, 4).mul(in[0].reshape(6, -1)), any(2, 3, 4)));
        l.add(c("reshape of a transpose (copy)", in -> in[0].transpose(0, 2).reshape(24), any(2, 3, 4)));
        l.add(c("view", in -> in[0].view(4, 6), any(2, 3, 4)));
        l.add(c("transpose", in -> in[0].transpose(0, 2), any(2, 3, 4)));
        l.add(c("t", in -> in[0].t(), any(3, 4)));
        l.add(c("unsqueeze", in -> in[0].unsqueeze(1), any(3, 4)));
        l.add(c("squeeze", in -> in[0].squeeze(), any(2, 1, 3, 1)));
        l.add(c("squeeze dim", in -> in[0].squeeze(1), any(2, 1, 3, 1)));
        l.add(c("expand", in -> in[0].expand(2, 3, 4), any(3, 1)));
        l.add(c("expand then mul", in -> in[0].expand(3, 4).mul(in[1]), any(1, 4), any(3, 4)));
        l.add(c("select", in -> in[0].select(1, 2), any(2, 3, 4)));
        l.add(c("narrow", in -> in[0].narrow(2, 1, 2), any(2, 3, 4)));
        l.add(c("contiguous", in -> in[0].t().contiguous(), any(3, 4)));
        l.add(c("clone", in -> in[0].clone().mul(in[0]), any(3, 4)));
        l.add(c("in-place ops on a non-leaf", in -> in[0].mul(1.0).mul_(in[1]).add_(in[1], 0.5).sub_(0.25).div_(in[1]),
                any(3, 4), pos(3, 4)));
        for (Reduction r : Reduction.values()) {
            l.add(c("mse_loss " + r, in -> Functional.mseLoss(in[0], in[1], r), any(4, 3), any(4, 3)));
        }
        l.add(c("linear 2-D", in -> Functional.linear(in[0], in[1], in[2]), any(4, 3), any(2, 3), any(2)));
        l.add(c("linear 3-D", in -> Functional.linear(in[0], in[1], in[2]), any(2, 4, 3), any(2, 3), any(2)));
        l.add(c("linear no bias", in -> Functional.linear(in[0], in[1], null), any(4, 3), any(2, 3)));
        l.add(c("composite", in -> in[0].matmul(in[1]).tanh().mul(in[0].sum(new int[] {1}, true).sigmoid()).exp().mean(),
                any(3, 4), any(4, 2)));
        return l;
    }

    @TestFactory
    List<DynamicTest> everyBackwardRuleMatchesFiniteDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case k : cases()) {
            tests.add(DynamicTest.dynamicTest(k.name(), () -> assertTrue(GradCheck.gradcheck(k.fn(), k.inputs()))));
        }
        return tests;
    }

    /** The check itself can fail: a backward that forgets MSE's factor 2 must be caught. */
    @Test
    void gradcheckCatchesAWrongRule() {
        Tensor a = any(3);
        Tensor b = any(3);
        org.grad4j.AutogradFunction wrong = new org.grad4j.AutogradFunction() {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0], in[1]);
                return in[0].sub(in[1]).pow(2.0).sum();
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor g) {
                Tensor d = ctx.saved(0).sub(ctx.saved(1)).mul(g);
                return new Tensor[] {d, d.neg()};
            }
        };
        assertThrows(GradCheck.GradcheckError.class, () -> GradCheck.gradcheck(in -> wrong.apply(in), a, b));
    }
}
