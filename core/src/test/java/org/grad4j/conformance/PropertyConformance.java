package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-based checks: thousands of random shapes, broadcasts, matmuls and op chains (float64, CPU)
 * against a naive reference written here, including the error cases (incompatible shapes must raise
 * IllegalArgumentException naming both shapes). Seeded: a failure names its seed and case.
 */
public abstract class PropertyConformance extends DeviceConformance {
    static final int CASES_PER_SEED = 250;

    static Stream<Long> seeds() {
        return IntStream.range(0, 8).mapToObj(i -> 0x5EEDL * 31 + i);
    }

    /** A naive dense array: row-major values and a shape. */
    record Nd(double[] v, int[] shape) {
        static int numel(int[] s) {
            int n = 1;
            for (int d : s) {
                n *= d;
            }
            return n;
        }

        Tensor tensor() {
            return Tensor.of(v.clone(), DType.FLOAT64, dev(), shape.clone());
        }

        /** The element at the multi-index {@code idx} broadcast from {@code target}'s rank. */
        double at(int[] idx) {
            int off = 0;
            int lead = idx.length - shape.length;
            for (int d = 0; d < shape.length; d++) {
                int i = shape[d] == 1 ? 0 : idx[lead + d];
                off = off * shape[d] + i;
            }
            return v[off];
        }
    }

    static String str(int[] s) {
        return Arrays.toString(s);
    }

    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int y = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    static Nd binary(Nd a, Nd b, DoubleBinaryOperator f) {
        int[] s = broadcast(a.shape, b.shape);
        double[] out = new double[Nd.numel(s)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, s);
            out[i] = f.applyAsDouble(a.at(idx), b.at(idx));
        }
        return new Nd(out, s);
    }

    static Nd unary(Nd a, DoubleUnaryOperator f) {
        double[] out = new double[a.v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(a.v[i]);
        }
        return new Nd(out, a.shape);
    }

    static Nd sum(Nd a, boolean[] reduce, boolean keepdim) {
        int[] kept = new int[a.shape.length];
        int rank = 0;
        for (int d = 0; d < a.shape.length; d++) {
            kept[d] = reduce[d] ? 1 : a.shape[d];
            rank += reduce[d] && !keepdim ? 0 : 1;
        }
        double[] out = new double[Nd.numel(kept)];
        for (int i = 0; i < a.v.length; i++) {
            int[] idx = unravel(i, a.shape);
            int off = 0;
            for (int d = 0; d < idx.length; d++) {
                off = off * kept[d] + (reduce[d] ? 0 : idx[d]);
            }
            out[off] += a.v[i];
        }
        int[] s = new int[rank];
        for (int d = 0, j = 0; d < a.shape.length; d++) {
            if (!reduce[d] || keepdim) {
                s[j++] = kept[d];
            }
        }
        return new Nd(out, s);
    }

    static Nd transpose(Nd a, int d0, int d1) {
        int[] s = a.shape.clone();
        s[d0] = a.shape[d1];
        s[d1] = a.shape[d0];
        double[] out = new double[a.v.length];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, s);
            int t = idx[d0];
            idx[d0] = idx[d1];
            idx[d1] = t;
            int off = 0;
            for (int d = 0; d < idx.length; d++) {
                off = off * a.shape[d] + idx[d];
            }
            out[i] = a.v[off];
        }
        return new Nd(out, s);
    }

    /** PyTorch's matmul rules, naively; null when the shapes cannot be multiplied. */
    static Nd matmul(Nd a, Nd b) {
        if (a.shape.length == 0 || b.shape.length == 0) {
            return null;
        }
        int[] as = a.shape.length == 1 ? new int[] {1, a.shape[0]} : a.shape;
        int[] bs = b.shape.length == 1 ? new int[] {b.shape[0], 1} : b.shape;
        int n = as[as.length - 2];
        int k = as[as.length - 1];
        int m = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            return null;
        }
        int[] batch = broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        if (batch == null) {
            return null;
        }
        Nd a2 = new Nd(a.v, as);
        Nd b2 = new Nd(b.v, bs);
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = n;
        full[batch.length + 1] = m;
        double[] out = new double[Nd.numel(full)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, full);
            double acc = 0;
            for (int j = 0; j < k; j++) {
                int[] ia = idx.clone();
                ia[ia.length - 1] = j;
                int[] ib = idx.clone();
                ib[ib.length - 2] = j;
                acc += a2.at(ia) * b2.at(ib);
            }
            out[i] = acc;
        }
        int[] s = full;
        if (a.shape.length == 1 && b.shape.length == 1) {
            s = new int[0];
        } else if (a.shape.length == 1) {
            s = remove(full, full.length - 2);
        } else if (b.shape.length == 1) {
            s = remove(full, full.length - 1);
        }
        return new Nd(out, s);
    }

    static int[] remove(int[] s, int d) {
        int[] out = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != d) {
                out[j++] = s[i];
            }
        }
        return out;
    }

    static Nd random(Random r, int[] shape) {
        double[] v = new double[Nd.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(5) == 0 ? r.nextInt(5) - 2 : r.nextGaussian();
        }
        return new Nd(v, shape);
    }

    static int[] randomShape(Random r, int maxRank) {
        int[] s = new int[r.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(4);
        }
        return s;
    }

    /** A shape that broadcasts with {@code a}: leading dims dropped, some dims set to 1, or extra leading dims. */
    static int[] partner(Random r, int[] a) {
        int drop = a.length == 0 ? 0 : r.nextInt(a.length + 1);
        int[] b = Arrays.copyOfRange(a, drop, a.length);
        for (int i = 0; i < b.length; i++) {
            if (r.nextInt(3) == 0) {
                b[i] = 1;
            }
        }
        if (drop == 0 && r.nextInt(4) == 0) {
            int[] lead = randomShape(r, 2);
            int[] c = Arrays.copyOf(lead, lead.length + b.length);
            System.arraycopy(b, 0, c, lead.length, b.length);
            b = c;
        }
        return r.nextBoolean() ? b : null;
    }

    static void close(Nd want, Tensor got, String ctx) {
        assertArrayEquals(want.shape, got.shape(), ctx + ": shape");
        double[] g = got.toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            double w = want.v[i];
            if (Double.isNaN(w) || Double.isNaN(g[i])) {
                assertTrue(Double.isNaN(w) && Double.isNaN(g[i]), ctx + " [" + i + "]: want " + w + " got " + g[i]);
            } else if (w != g[i] && Math.abs(w - g[i]) > 1e-12 * Math.max(1, Math.abs(w))) {
                fail(ctx + " [" + i + "]: want " + w + " got " + g[i]);
            }
        }
    }

    static final String[] BINARY = {"add", "sub", "mul", "div", "maximum", "minimum"};

    static Tensor apply(String op, Tensor a, Tensor b) {
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            case "maximum" -> a.maximum(b);
            default -> a.minimum(b);
        };
    }

    static DoubleBinaryOperator ref(String op) {
        return switch (op) {
            case "add" -> (x, y) -> x + y;
            case "sub" -> (x, y) -> x - y;
            case "mul" -> (x, y) -> x * y;
            case "div" -> (x, y) -> x / y;
            case "maximum" -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            default -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
        };
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void broadcastingBinaryOpsMatchTheReferenceOrRefuseNamingBothShapes(long seed) {
        Random r = new Random(seed);
        for (int c = 0; c < CASES_PER_SEED; c++) {
            int[] as = randomShape(r, 4);
            int[] bs = partner(r, as);
            if (bs == null) {
                bs = randomShape(r, 4);
            }
            if (r.nextBoolean()) {
                int[] t = as;
                as = bs;
                bs = t;
            }
            Nd a = random(r, as);
            Nd b = random(r, bs);
            String op = BINARY[r.nextInt(BINARY.length)];
            String ctx = "seed " + seed + " case " + c + ": " + op + " " + str(as) + " " + str(bs);
            if (broadcast(as, bs) == null) {
                Tensor ta = a.tensor();
                Tensor tb = b.tensor();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apply(op, ta, tb), ctx);
                assertTrue(e.getMessage().contains(str(as)) && e.getMessage().contains(str(bs)), ctx + ": " + e.getMessage());
                continue;
            }
            Nd want = binary(a, b, ref(op));
            close(want, apply(op, a.tensor(), b.tensor()), ctx);
            // gradients of a broadcast op reduce back to each input's shape: d/da sum(a + b) = count of uses
            if (op.equals("add") || op.equals("mul")) {
                Tensor ta = a.tensor().requiresGrad_(true);
                Tensor tb = b.tensor().requiresGrad_(true);
                apply(op, ta, tb).sum().backward();
                int[] out = want.shape;
                Nd ones = new Nd(filled(Nd.numel(out), 1.0), out);
                Nd ga = op.equals("add") ? ones : binary(ones, b, (x, y) -> x * y);
                close(reduceTo(ga, as), ta.grad(), ctx + " grad a");
                Nd gb = op.equals("add") ? ones : binary(ones, a, (x, y) -> x * y);
                close(reduceTo(gb, bs), tb.grad(), ctx + " grad b");
            }
        }
    }

    static double[] filled(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    /** Sums a broadcast gradient back to {@code shape}. */
    static Nd reduceTo(Nd g, int[] shape) {
        int lead = g.shape.length - shape.length;
        boolean[] reduce = new boolean[g.shape.length];
        for (int d = 0; d < g.shape.length; d++) {
            reduce[d] = d < lead || (shape[d - lead] == 1 && g.shape[d] != 1);
        }
        Nd s = sum(g, reduce, true);
        return new Nd(s.v, shape);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void matmulFollowsPyTorchsRulesOrRefusesNamingBothShapes(long seed) {
        Random r = new Random(seed);
        for (int c = 0; c < CASES_PER_SEED; c++) {
            int n = 1 + r.nextInt(4);
            int k = r.nextInt(5);
            int m = 1 + r.nextInt(4);
            int[] batchA = randomShape(r, 2);
            int[] pb = partner(r, batchA);
            int[] batchB = r.nextInt(3) == 0 || pb == null ? randomShape(r, 2) : pb;
            int[] as = r.nextInt(5) == 0 ? new int[] {k} : concat(batchA, n, k);
            int kb = r.nextInt(6) == 0 ? k + 1 : k;
            int[] bs = r.nextInt(5) == 0 ? new int[] {kb} : concat(batchB, kb, m);
            Nd a = random(r, as);
            Nd b = random(r, bs);
            String ctx = "seed " + seed + " case " + c + ": matmul " + str(as) + " " + str(bs);
            Nd want = matmul(a, b);
            if (want == null) {
                Tensor ta = a.tensor();
                Tensor tb = b.tensor();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ta.matmul(tb), ctx);
                assertTrue(e.getMessage().contains(str(as)) && e.getMessage().contains(str(bs)), ctx + ": " + e.getMessage());
                continue;
            }
            close(want, a.tensor().matmul(b.tensor()), ctx);
        }
    }

    static int[] concat(int[] batch, int x, int y) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomOpChainsMatchTheReference(long seed) {
        Random r = new Random(seed);
        for (int c = 0; c < CASES_PER_SEED; c++) {
            Nd ref = random(r, randomShape(r, 4));
            Tensor t = ref.tensor();
            StringBuilder ctx = new StringBuilder("seed " + seed + " case " + c + ": " + str(ref.shape));
            int len = 1 + r.nextInt(6);
            for (int step = 0; step < len; step++) {
                int kind = r.nextInt(6);
                if (kind == 0) {
                    String op = BINARY[r.nextInt(BINARY.length)];
                    int[] ps = partner(r, ref.shape);
                    Nd other = random(r, ps == null ? ref.shape : ps);
                    ctx.append(" ").append(op).append(str(other.shape));
                    ref = binary(ref, other, ref(op));
                    t = apply(op, t, other.tensor());
                } else if (kind == 1) {
                    int u = r.nextInt(5);
                    String[] names = {"neg", "tanh", "abs", "relu", "sigmoid"};
                    ctx.append(" ").append(names[u]);
                    DoubleUnaryOperator f = switch (u) {
                        case 0 -> x -> -x;
                        case 1 -> Math::tanh;
                        case 2 -> Math::abs;
                        case 3 -> x -> Double.isNaN(x) ? x : Math.max(x, 0.0);
                        default -> x -> 1 / (1 + Math.exp(-x));
                    };
                    ref = unary(ref, f);
                    t = switch (u) {
                        case 0 -> t.neg();
                        case 1 -> t.tanh();
                        case 2 -> t.abs();
                        case 3 -> t.relu();
                        default -> t.sigmoid();
                    };
                } else if (kind == 2 && ref.shape.length > 0) {
                    boolean[] reduce = new boolean[ref.shape.length];
                    int[] dims = IntStream.range(0, reduce.length).filter(d -> r.nextBoolean()).toArray();
                    for (int d : dims) {
                        reduce[d] = true;
                    }
                    boolean keep = r.nextBoolean();
                    ctx.append(" sum").append(Arrays.toString(dims)).append(keep ? "keep" : "");
                    if (dims.length == 0) {
                        continue;   // torch's sum(dim=[]) reduces everything; not a case worth mirroring here
                    }
                    ref = sum(ref, reduce, keep);
                    t = t.sum(dims, keep);
                } else if (kind == 3 && ref.shape.length >= 2) {
                    int d0 = r.nextInt(ref.shape.length);
                    int d1 = r.nextInt(ref.shape.length);
                    ctx.append(" transpose(").append(d0).append(",").append(d1).append(")");
                    ref = transpose(ref, d0, d1);
                    t = t.transpose(d0, d1);
                } else if (kind == 4) {
                    ctx.append(" reshape");
                    int n = ref.v.length;
                    int[] s = n == 0 ? new int[] {0, 3} : new int[] {n};
                    if (n > 1 && n % 2 == 0) {
                        s = new int[] {2, -1};
                    }
                    int[] resolved = s.length == 2 && s[1] == -1 ? new int[] {2, n / 2} : s;
                    ref = new Nd(ref.v, resolved);
                    t = t.reshape(s);
                } else if (kind == 5) {
                    double k = r.nextInt(7) - 3;
                    ctx.append(" mul(").append(k).append(")+1");
                    double kk = k;
                    ref = unary(ref, x -> x * kk + 1);
                    t = t.mul(k).add(1.0);
                }
                close(ref, t, ctx.toString());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void expandAndContiguousCopiesAreConsistent(long seed) {
        Random r = new Random(seed);
        for (int c = 0; c < CASES_PER_SEED; c++) {
            int[] s = randomShape(r, 4);
            int[] p = partner(r, s);
            if (p == null || p.length > s.length) {
                continue;
            }
            Nd small = random(r, p);
            String ctx = "seed " + seed + " case " + c + ": expand " + str(p) + " to " + str(s);
            if (broadcast(p, s) == null || !Arrays.equals(broadcast(p, s), s)) {
                Tensor ts = small.tensor();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ts.expand(s), ctx);
                assertTrue(e.getMessage().contains("expand"), ctx + ": " + e.getMessage());
                continue;
            }
            Nd want = binary(small, new Nd(filled(Nd.numel(s), 0.0), s), (x, y) -> x);
            Tensor e = small.tensor().expand(s);
            close(want, e, ctx);
            close(want, e.contiguous(), ctx + " contiguous");
            assertEquals(Nd.numel(s), e.numel(), ctx);
        }
    }
}
