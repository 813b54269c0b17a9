package org.grad4j.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import org.grad4j.DType;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.junit.jupiter.api.Test;

/**
 * Random op sequences over random shapes (empty, 0-d, broadcast, non-contiguous views, sizes far
 * past what a tensor may hold), each op checked on its own against a naive double-precision
 * reference:
 * <ul>
 *   <li>where the reference says the op is valid, grad4j's result has the reference's shape, dtype
 *       and values (exactly rounded ops bit for bit in float32, others within 1e-5 / 1e-12);</li>
 *   <li>where it is not (shapes that do not broadcast, indices out of range, more than 2^31-1
 *       elements, writes into expanded views, released tensors, nulls), grad4j throws one of its
 *       documented kinds (IllegalArgumentException, IllegalStateException,
 *       IndexOutOfBoundsException, UnsupportedOperationException) with a message, and the operand is unchanged;</li>
 *   <li>backward through a random chain gives every leaf a gradient of its shape and dtype, finite.</li>
 * </ul>
 * After each checked op the reference takes grad4j's values, so an op's check never inherits the
 * rounding of the ops before it. 24,000 ops per run from a fixed seed; the system property
 * {@code grad4j.test.fuzzOps} asks for more, {@code grad4j.test.fuzzSeed} for another seed. A
 * failure names the seed and the op number.
 */
public abstract class FuzzConformance extends DeviceConformance {
    static final long SEED = Long.getLong("grad4j.test.fuzzSeed", 20261201L);
    static final long OPS = Long.getLong("grad4j.test.fuzzOps", 24_000L);

    /** A naive reference: shape and row-major values in double. */
    record Nd(int[] shape, double[] v, DType dtype) {
        static int numel(int[] s) {
            long n = 1;
            for (int d : s) {
                n *= d;
            }
            return (int) n;
        }

        static long extent(int[] s) {
            long n = 1;
            for (int d : s) {
                n *= Math.max(d, 1);
                if (n > Integer.MAX_VALUE) {
                    return Long.MAX_VALUE;
                }
            }
            return n;
        }

        double round(double x) {
            return dtype == DType.FLOAT32 ? (float) x : x;
        }
    }

    /** One live value: the tensor and its reference. */
    private static Tensor boolResult(Tensor t) {
        if (t.dtype() != DType.BOOL) {
            throw new AssertionError("a comparison returned " + t.dtype() + ", expected BOOL");
        }
        return t;
    }

    private static final class Val {
        final Tensor t;
        Nd ref;
        final boolean expanded;

        Val(Tensor t, Nd ref, boolean expanded) {
            this.t = t;
            this.ref = ref;
            this.expanded = expanded;
        }
    }

    private Random r;
    private long op;
    private long checked;
    private long refused;
    private String what;

    private AssertionError fail(String msg) {
        return new AssertionError("fuzz seed " + SEED + ", op " + op + " (" + what + "): " + msg
                + " [rerun with -Dgrad4j.test.fuzzSeed=" + SEED + "]");
    }

    @Test
    void randomOpsMatchTheReferenceOrFailCleanly() {
        r = new Random(SEED);
        List<Val> pool = new ArrayList<>();
        while (op < OPS) {
            try (MemoryScope scope = MemoryScope.open()) {
                pool.clear();
                for (int i = 0; i < 4; i++) {
                    pool.add(fresh());
                }
                for (int k = 0; k < 40 && op < OPS; k++, op++) {
                    try {
                        step(pool);
                    } catch (AssertionError e) {
                        throw e;
                    } catch (RuntimeException e) {
                        AssertionError f = fail("the fuzzer itself threw " + e);
                        f.initCause(e);
                        throw f;
                    }
                }
                if (r.nextInt(8) == 0) {
                    gradientChain();
                    op++;
                }
            }
            if (!pool.isEmpty() && r.nextInt(4) == 0) {
                // The scope released the pool: every use is refused, printing is not.
                Val dead = pool.get(0);
                what = "use after release";
                expectRefused(() -> dead.t.add(1.0), null);
                dead.t.toString();
                op++;
            }
        }
        System.out.println("fuzz on " + device() + ": seed " + SEED + ", " + op + " ops, " + checked
                + " results checked against the reference, " + refused + " refusals");
    }

    // ------------------------------------------------------------------ values

    private int[] randomShape() {
        int rank = r.nextInt(5);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            int k = r.nextInt(20);
            s[i] = k < 2 ? 0 : k < 8 ? 1 : 1 + r.nextInt(4);
        }
        if (rank == 2 && r.nextInt(200) == 0) {
            s = new int[] {130 + r.nextInt(4), 130};   // large enough for the CPU array cache
        }
        return s;
    }

    private Val fresh() {
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        int[] s = randomShape();
        int n = Nd.numel(s);
        double[] v = new double[n];
        int kind = r.nextInt(10);
        for (int i = 0; i < n; i++) {
            v[i] = kind == 0 ? 0.0 : kind == 1 ? 1.0 : Math.round((r.nextDouble() * 4 - 2) * 64) / 64.0;
        }
        Tensor t;
        if (kind == 0) {
            t = Tensor.full(s, 0.0, dt, dev());
        } else if (kind == 1) {
            t = Tensor.full(s, 1.0, dt, dev());
        } else {
            t = Tensor.of(v, dt, dev(), s);
        }
        Val val = new Val(t, new Nd(s, v, dt), false);
        check(val.t, val.ref, 0, "creation");
        return val;
    }

    private Val pick(List<Val> pool) {
        return pool.get(r.nextInt(pool.size()));
    }

    // ------------------------------------------------------------------ one op

    private static final String[] BINARY = {"add", "sub", "mul", "div", "maximum", "minimum"};
    private static final String[] UNARY = {"neg", "exp", "tanh", "sigmoid", "relu", "abs", "sqrt", "log"};

    private void step(List<Val> pool) {
        Val a = pick(pool);
        int choice = r.nextInt(100);
        Val out;
        if (choice < 22) {
            String name = BINARY[r.nextInt(BINARY.length)];
            Val b = r.nextInt(3) == 0 ? partner(a) : pick(pool);
            what = name + " " + Arrays.toString(a.ref.shape) + " " + Arrays.toString(b.ref.shape);
            int[] s = broadcast(a.ref.shape, b.ref.shape);
            DType dt = resultType(a.ref, b.ref);
            if (s == null || Nd.extent(s) > Integer.MAX_VALUE) {
                expectRefused(() -> binary(name, a.t, b.t), a);
                return;
            }
            if (Nd.numel(s) > 1 << 16) {
                return;   // valid but too big to compute here
            }
            out = new Val(run(() -> binary(name, a.t, b.t)), binaryRef(name, a.ref, b.ref, s, dt), false);
            check(out.t, out.ref, 0, what);
        } else if (choice < 34) {
            String name = UNARY[r.nextInt(UNARY.length)];
            what = name + " " + Arrays.toString(a.ref.shape);
            out = new Val(run(() -> unary(name, a.t)), map(a.ref, unaryRef(name)), false);
            check(out.t, out.ref, 1, what);
        } else if (choice < 40) {
            double s = Math.round((r.nextDouble() * 4 - 2) * 8) / 8.0;
            int k = r.nextInt(3);
            what = (k == 0 ? "add" : k == 1 ? "mul" : "lt") + "(" + s + ") " + Arrays.toString(a.ref.shape);
            double sr = a.ref.round(s);
            // lt gives a bool tensor; converted back so the float reference can check its values.
            out = new Val(run(() -> k == 0 ? a.t.add(s) : k == 1 ? a.t.mul(s) : boolResult(a.t.lt(s)).to(a.ref.dtype)),
                    map(a.ref, x -> k == 0 ? x + sr : k == 1 ? x * sr : x < sr ? 1 : 0), false);
            check(out.t, out.ref, 0, what);
        } else if (choice < 62) {
            out = view(a);
            if (out == null) {
                return;
            }
        } else if (choice < 72) {
            out = reduce(a);
            if (out == null) {
                return;
            }
        } else if (choice < 78) {
            out = matmul(a, pool);
            if (out == null) {
                return;
            }
        } else if (choice < 90) {
            inPlace(a, pool);
            return;
        } else if (choice < 95) {
            hostile(a);
            return;
        } else {
            out = fresh();
        }
        if (Nd.numel(out.ref.shape) != out.ref.v.length) {
            throw fail("fuzzer bug: reference of shape " + Arrays.toString(out.ref.shape) + " holds " + out.ref.v.length);
        }
        pool.set(r.nextInt(pool.size()), out);
    }

    /** A shape that broadcasts with {@code a} (or, now and then, one that does not). */
    private Val partner(Val a) {
        int[] s = a.ref.shape.clone();
        for (int i = 0; i < s.length; i++) {
            if (r.nextInt(3) == 0) {
                s[i] = 1;
            } else if (r.nextInt(12) == 0) {
                s[i] = s[i] + 1;
            }
        }
        if (s.length > 0 && r.nextBoolean()) {
            s = Arrays.copyOfRange(s, r.nextInt(s.length + 1), s.length);
        }
        if (r.nextInt(25) == 0) {
            s = new int[] {65536, 1, 32767};   // 2^31 - 2^16 elements: most broadcasts with it go past 2^31-1
        }
        DType dt = r.nextInt(4) == 0 ? (a.ref.dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32) : a.ref.dtype;
        int n = Nd.numel(s);
        if (Nd.extent(s) > Integer.MAX_VALUE || n > 1 << 16) {
            // a stride-0 view of one element: no memory, any shape
            Tensor one = Tensor.of(new double[] {0.5}, dt, dev());
            int[] ones = new int[s.length];
            Arrays.fill(ones, 1);
            Tensor e = one.reshape(ones).expand(s);
            double[] v = new double[0];
            return new Val(e, new Nd(s, v, dt), true);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((r.nextDouble() * 4 - 2) * 64) / 64.0;
        }
        return new Val(Tensor.of(v, dt, dev(), s), new Nd(s, v, dt), false);
    }

    private static Tensor binary(String name, Tensor a, Tensor b) {
        return switch (name) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            case "maximum" -> a.maximum(b);
            default -> a.minimum(b);
        };
    }

    private static DoubleBinaryOperator binaryRef(String name) {
        return switch (name) {
            case "add" -> Double::sum;
            case "sub" -> (x, y) -> x - y;
            case "mul" -> (x, y) -> x * y;
            case "div" -> (x, y) -> x / y;
            case "maximum" -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
            default -> (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
        };
    }

    private static Tensor unary(String name, Tensor a) {
        return switch (name) {
            case "neg" -> a.neg();
            case "exp" -> a.exp();
            case "tanh" -> a.tanh();
            case "sigmoid" -> a.sigmoid();
            case "relu" -> a.relu();
            case "abs" -> a.abs();
            case "sqrt" -> a.sqrt();
            default -> a.log();
        };
    }

    private static DoubleUnaryOperator unaryRef(String name) {
        return switch (name) {
            case "neg" -> x -> -x;
            case "exp" -> Math::exp;
            case "tanh" -> Math::tanh;
            case "sigmoid" -> x -> 1 / (1 + Math.exp(-x));
            case "relu" -> x -> Double.isNaN(x) ? x : Math.max(x, 0);
            case "abs" -> Math::abs;
            case "sqrt" -> Math::sqrt;
            default -> Math::log;
        };
    }

    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The flat index into {@code shape} (right-aligned, size-1 dims broadcast) of element {@code flat} of {@code target}. */
    /** torch.result_type of two float tensors: a 0-d operand does not promote a tensor with dimensions. */
    static DType resultType(Nd a, Nd b) {
        if ((a.shape.length == 0) != (b.shape.length == 0)) {
            return a.shape.length == 0 ? b.dtype : a.dtype;
        }
        return a.dtype == DType.FLOAT64 || b.dtype == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    }

    static int source(int flat, int[] target, int[] shape) {
        int idx = 0;
        int stride = 1;
        int lead = target.length - shape.length;
        for (int d = target.length - 1; d >= 0; d--) {
            int i = flat % target[d];
            flat /= target[d];
            if (d >= lead) {
                int size = shape[d - lead];
                idx += (size == 1 ? 0 : i) * stride;
                stride *= size;
            }
        }
        return idx;
    }

    private static Nd binaryRef(String name, Nd a, Nd b, int[] s, DType dt) {
        int n = Nd.numel(s);
        double[] v = new double[n];
        DoubleBinaryOperator f = binaryRef(name);
        Nd out = new Nd(s, v, dt);
        for (int i = 0; i < n; i++) {
            // operands are converted to the result dtype first (a float64 0-d operand of a float32 op rounds)
            v[i] = out.round(f.applyAsDouble(out.round(a.v[source(i, s, a.shape)]), out.round(b.v[source(i, s, b.shape)])));
        }
        return out;
    }

    private static Nd map(Nd a, DoubleUnaryOperator f) {
        double[] v = new double[a.v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.round(f.applyAsDouble(a.v[i]));
        }
        return new Nd(a.shape, v, a.dtype);
    }

    // ------------------------------------------------------------------ views

    private Val view(Val a) {
        int[] s = a.ref.shape;
        int rank = s.length;
        int k = r.nextInt(8);
        if (k == 0) {   // transpose
            int d0 = rank == 0 ? 0 : r.nextInt(rank);
            int d1 = rank == 0 ? 0 : r.nextInt(rank);
            what = "transpose(" + d0 + ", " + d1 + ") " + Arrays.toString(s);
            if (rank == 0) {
                return new Val(run(() -> a.t.transpose(0, 0)), a.ref, a.expanded);
            }
            int[] perm = new int[rank];
            for (int i = 0; i < rank; i++) {
                perm[i] = i == d0 ? d1 : i == d1 ? d0 : i;
            }
            return checked(new Val(run(() -> a.t.transpose(d0, d1)), permute(a.ref, perm), a.expanded));
        }
        if (k == 1 || k == 2) {   // narrow / select, sometimes out of range or overflowing
            if (rank == 0) {
                what = "narrow of a 0-d tensor";
                expectRefused(() -> a.t.narrow(0, 0, 0), a);
                return null;
            }
            int d = r.nextInt(rank);
            int start = r.nextInt(20) == 0 ? Integer.MAX_VALUE - r.nextInt(3) : r.nextInt(s[d] + 2);
            int len = r.nextInt(20) == 0 ? Integer.MAX_VALUE : r.nextInt(s[d] + 2);
            if (k == 1) {
                what = "narrow(" + d + ", " + start + ", " + len + ") " + Arrays.toString(s);
                if ((long) start + len > s[d]) {
                    expectRefused(() -> a.t.narrow(d, start, len), a);
                    return null;
                }
                return checked(new Val(run(() -> a.t.narrow(d, start, len)), slice(a.ref, d, start, len, false), a.expanded));
            }
            what = "select(" + d + ", " + start + ") " + Arrays.toString(s);
            if (start >= s[d]) {
                expectRefused(() -> a.t.select(d, start), a);
                return null;
            }
            return checked(new Val(run(() -> a.t.select(d, start)), slice(a.ref, d, start, 1, true), a.expanded));
        }
        if (k == 3) {   // unsqueeze
            int d = r.nextInt(rank + 1);
            what = "unsqueeze(" + d + ") " + Arrays.toString(s);
            int[] ns = new int[rank + 1];
            for (int i = 0, j = 0; i <= rank; i++) {
                ns[i] = i == d ? 1 : s[j++];
            }
            return checked(new Val(run(() -> a.t.unsqueeze(d)), new Nd(ns, a.ref.v, a.ref.dtype), a.expanded));
        }
        if (k == 4) {   // expand: a size-1 dim to a random size, sometimes past 2^31-1 elements
            int[] target = s.clone();
            boolean huge = r.nextInt(10) == 0;
            for (int i = 0; i < rank; i++) {
                if (s[i] == 1) {
                    target[i] = huge ? 65536 : r.nextInt(4);
                }
            }
            what = "expand" + Arrays.toString(target) + " " + Arrays.toString(s);
            if (Nd.extent(target) > Integer.MAX_VALUE) {
                expectRefused(() -> a.t.expand(target), a);
                return null;
            }
            if (Nd.numel(target) > 4096) {
                return null;
            }
            Nd ref = new Nd(target, new double[Nd.numel(target)], a.ref.dtype);
            for (int i = 0; i < ref.v.length; i++) {
                ref.v[i] = a.ref.v[source(i, target, s)];
            }
            boolean overlaps = !Arrays.equals(target, s) && Nd.numel(target) > 1 && Nd.numel(target) > Nd.numel(s);
            return checked(new Val(run(() -> a.t.expand(target)), ref, a.expanded || overlaps));
        }
        if (k == 5) {   // reshape to a random factorisation, sometimes impossible or huge
            int n = Nd.numel(s);
            int[] target = r.nextInt(15) == 0 ? new int[] {65536, 65536, n == 0 ? 0 : 65536} : factor(n);
            what = "reshape" + Arrays.toString(target) + " " + Arrays.toString(s);
            if (Nd.numel(target) != n || Nd.extent(target) > Integer.MAX_VALUE) {
                expectRefused(() -> a.t.reshape(target), a);
                return null;
            }
            return checked(new Val(run(() -> a.t.reshape(target)), new Nd(target, a.ref.v, a.ref.dtype), false));
        }
        if (k == 6) {
            what = "contiguous/clone " + Arrays.toString(s);
            return checked(new Val(run(() -> r.nextBoolean() ? a.t.contiguous() : a.t.clone()), a.ref,
                    a.expanded && !a.t.isContiguous()));
        }
        what = "to(other dtype) " + Arrays.toString(s);
        DType other = a.ref.dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        Nd ref = new Nd(s, a.ref.v.clone(), other);
        for (int i = 0; i < ref.v.length; i++) {
            ref.v[i] = ref.round(ref.v[i]);
        }
        return checked(new Val(run(() -> a.t.to(other)), ref, false));
    }

    private Val checked(Val v) {
        check(v.t, v.ref, 0, what);
        return v;
    }

    private int[] factor(int n) {
        List<Integer> parts = new ArrayList<>();
        int rest = n;
        while (rest > 1 && parts.size() < 3) {
            int f = 1 + r.nextInt(Math.min(rest, 4));
            if (rest % f == 0 && f > 1) {
                parts.add(f);
                rest /= f;
            } else if (r.nextInt(4) == 0) {
                break;
            }
        }
        if (rest != 1 || n == 0) {
            parts.add(rest);
        }
        if (r.nextInt(3) == 0) {
            parts.add(r.nextInt(parts.size() + 1), 1);
        }
        if (r.nextInt(20) == 0) {
            parts.add(2);   // now and then a shape of the wrong size
        }
        return parts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Nd permute(Nd a, int[] perm) {
        int rank = a.shape.length;
        int[] ns = new int[rank];
        for (int i = 0; i < rank; i++) {
            ns[i] = a.shape[perm[i]];
        }
        int n = a.v.length;
        double[] v = new double[n];
        int[] idx = new int[rank];
        for (int flat = 0; flat < n; flat++) {
            int f = flat;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = f % ns[d];
                f /= ns[d];
            }
            int src = 0;
            for (int d = 0; d < rank; d++) {
                src = src * a.shape[d] + idx[perm[d] == d ? d : indexOf(perm, d)];
            }
            v[flat] = a.v[src];
        }
        return new Nd(ns, v, a.dtype);
    }

    private static int indexOf(int[] perm, int d) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] == d) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    private static Nd slice(Nd a, int dim, int start, int len, boolean drop) {
        int[] ns = a.shape.clone();
        ns[dim] = len;
        int outer = 1;
        for (int d = 0; d < dim; d++) {
            outer *= a.shape[d];
        }
        int inner = 1;
        for (int d = dim + 1; d < a.shape.length; d++) {
            inner *= a.shape[d];
        }
        double[] v = new double[outer * len * inner];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = start; i < start + len; i++) {
                for (int j = 0; j < inner; j++) {
                    v[p++] = a.v[(o * a.shape[dim] + i) * inner + j];
                }
            }
        }
        if (drop) {
            int[] dropped = new int[ns.length - 1];
            for (int d = 0, e = 0; d < ns.length; d++) {
                if (d != dim) {
                    dropped[e++] = ns[d];
                }
            }
            ns = dropped;
        }
        return new Nd(ns, v, a.dtype);
    }

    // ------------------------------------------------------------------ reductions and products

    private Val reduce(Val a) {
        int[] s = a.ref.shape;
        int kind = r.nextInt(4);
        if (kind == 0 || s.length == 0) {
            boolean mean = r.nextBoolean();
            what = (mean ? "mean" : "sum") + "() " + Arrays.toString(s);
            double acc = 0;
            double mag = 0;
            for (double x : a.ref.v) {
                acc += x;
                mag += Double.isFinite(x) ? Math.abs(x) : 0;
            }
            int n = a.ref.v.length;
            Nd ref = new Nd(new int[0], new double[] {a.ref.round(mean ? acc / n : acc)}, a.ref.dtype);
            Tensor out = run(() -> mean ? a.t.mean() : a.t.sum());
            check(out, ref, mean ? mag / Math.max(n, 1) : mag, what);
            return new Val(out, ref, false);
        }
        if (kind == 1) {
            what = "max() " + Arrays.toString(s);
            if (a.ref.v.length == 0) {
                expectRefused(() -> a.t.max(), a);
                return null;
            }
            double m = Double.NEGATIVE_INFINITY;
            for (double x : a.ref.v) {
                m = Double.isNaN(x) || Double.isNaN(m) ? Double.NaN : Math.max(m, x);
            }
            Nd ref = new Nd(new int[0], new double[] {m}, a.ref.dtype);
            return checked(new Val(run(() -> a.t.max()), ref, false));
        }
        int d = r.nextInt(s.length);
        boolean keep = r.nextBoolean();
        what = "sum(" + d + ", keepdim=" + keep + ") " + Arrays.toString(s);
        int outer = 1;
        for (int i = 0; i < d; i++) {
            outer *= s[i];
        }
        int inner = 1;
        for (int i = d + 1; i < s.length; i++) {
            inner *= s[i];
        }
        if ((long) outer * inner > 1 << 16) {
            return null;   // an empty dim summed away from a huge expanded view: valid, too big to check here
        }
        double[] v = new double[outer * inner];
        double mag = 0;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                double acc = 0;
                for (int i = 0; i < s[d]; i++) {
                    double x = a.ref.v[(o * s[d] + i) * inner + j];
                    acc += x;
                    mag = Double.isFinite(x) ? Math.max(mag, Math.abs(x) * s[d]) : mag;
                }
                v[o * inner + j] = a.ref.round(acc);
            }
        }
        int[] ns;
        if (keep) {
            ns = s.clone();
            ns[d] = 1;
        } else {
            ns = new int[s.length - 1];
            for (int i = 0, e = 0; i < s.length; i++) {
                if (i != d) {
                    ns[e++] = s[i];
                }
            }
        }
        Nd ref = new Nd(ns, v, a.ref.dtype);
        Tensor out = run(() -> a.t.sum(new int[] {d}, keep));
        check(out, ref, mag, what);
        return new Val(out, ref, false);
    }

    private Val matmul(Val a, List<Val> pool) {
        int[] s = a.ref.shape;
        if (s.length != 2) {
            Val b = pick(pool);
            what = "matmul " + Arrays.toString(s) + " " + Arrays.toString(b.ref.shape);
            if (s.length == 0 || b.ref.shape.length == 0 || a.ref.dtype != b.ref.dtype) {
                expectRefused(() -> a.t.matmul(b.t), a);
            }
            return null;
        }
        int m = s[0];
        int k = s[1];
        int n = r.nextInt(4);
        boolean wrong = r.nextInt(10) == 0;
        int kb = wrong ? k + 1 : k;
        double[] bv = new double[kb * n];
        for (int i = 0; i < bv.length; i++) {
            bv[i] = Math.round((r.nextDouble() * 4 - 2) * 64) / 64.0;
        }
        boolean transposed = r.nextBoolean();
        Tensor b;
        if (transposed) {
            double[] tv = new double[bv.length];
            for (int i = 0; i < kb; i++) {
                for (int j = 0; j < n; j++) {
                    tv[j * kb + i] = bv[i * n + j];
                }
            }
            b = Tensor.of(tv, a.ref.dtype, dev(), n, kb).t();
        } else {
            b = Tensor.of(bv, a.ref.dtype, dev(), kb, n);
        }
        what = "matmul " + Arrays.toString(s) + " [" + kb + ", " + n + "]" + (transposed ? " (transposed)" : "");
        if (wrong) {
            expectRefused(() -> a.t.matmul(b), a);
            return null;
        }
        double[] v = new double[m * n];
        double mag = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    acc += a.ref.v[i * k + p] * bv[p * n + j];
                    double term = Math.abs(a.ref.v[i * k + p] * bv[p * n + j]);
                    abs += Double.isFinite(term) ? term : 0;
                }
                v[i * n + j] = a.ref.round(acc);
                mag = Math.max(mag, abs);
            }
        }
        Nd ref = new Nd(new int[] {m, n}, v, a.ref.dtype);
        Tensor out = run(() -> a.t.matmul(b));
        check(out, ref, mag, what);
        return new Val(out, ref, false);
    }

    // ------------------------------------------------------------------ in place and hostile input

    private void inPlace(Val a, List<Val> pool) {
        // The operand is fresh memory, or a itself (full overlap: allowed), or a's transpose (partial: refused).
        int which = r.nextInt(6);
        boolean transposed = which == 0 && a.ref.shape.length == 2;
        Val b = which == 1 ? a : transposed ? new Val(a.t.t(), permute(a.ref, new int[] {1, 0}), a.expanded) : partner(a);
        String name = r.nextBoolean() ? "add_" : r.nextBoolean() ? "mul_" : "copy_";
        what = name + " " + Arrays.toString(a.ref.shape) + (a.expanded ? " (expanded)" : "") + " <- "
                + Arrays.toString(b.ref.shape);
        int[] s = broadcast(a.ref.shape, b.ref.shape);
        boolean overlaps = a.t.numel() > 1 && hasZeroStride(a.t)
                || transposed && a.ref.shape[0] > 1 && a.ref.shape[1] > 1;
        if (s == null || !Arrays.equals(s, a.ref.shape) || overlaps || a.t.requiresGrad()) {
            expectRefused(() -> inPlace(name, a.t, b.t), a);
            return;
        }
        int n = a.ref.v.length;
        double[] v = new double[n];
        Nd ref = new Nd(a.ref.shape, v, a.ref.dtype);
        for (int i = 0; i < n; i++) {
            double x = a.ref.v[i];
            double y = b.ref.v[source(i, a.ref.shape, b.ref.shape)];
            // copy_ rounds into self's dtype; add_/mul_ compute in the promoted dtype, then round
            DType promoted = resultType(a.ref, b.ref);
            if (promoted == DType.FLOAT32 && !name.equals("copy_")) {
                y = (float) y;   // a float64 0-d operand is converted to the float32 result type first
            }
            double z = name.equals("copy_") ? y : name.equals("add_") ? x + y : x * y;
            v[i] = ref.round(promoted == DType.FLOAT32 ? (float) z : z);
        }
        int version = a.t.version();
        run(() -> inPlace(name, a.t, b.t));
        if (a.t.version() != version + 1) {
            throw fail("version " + a.t.version() + ", expected " + (version + 1));
        }
        // Other values of the pool may share a's storage: rebuild their references from grad4j.
        for (Val p : pool) {
            if (p != a && !p.t.isReleased()) {
                p.ref = new Nd(p.ref.shape, p.t.toDoubleArray(), p.ref.dtype);
            }
        }
        check(a.t, ref, 0, what);
        a.ref = ref;
    }

    private static boolean hasZeroStride(Tensor t) {
        int[] st = t.stride();
        int[] sh = t.shape();
        for (int i = 0; i < st.length; i++) {
            if (st[i] == 0 && sh[i] > 1) {
                return true;
            }
        }
        return false;
    }

    private static Tensor inPlace(String name, Tensor a, Tensor b) {
        return switch (name) {
            case "add_" -> a.add_(b);
            case "mul_" -> a.mul_(b);
            default -> a.copy_(b);
        };
    }

    private void hostile(Val a) {
        int k = r.nextInt(6);
        switch (k) {
            case 0 -> {
                what = "null operand";
                expectRefused(() -> a.t.add((Tensor) null), a);
            }
            case 1 -> {
                what = "copy_(null)";
                expectRefused(() -> a.t.copy_(null), a);
            }
            case 2 -> {
                int[] s = {r.nextInt(3), 65536, 65536};
                what = "full" + Arrays.toString(s);
                expectRefused(() -> Tensor.full(s, 0.0, a.ref.dtype, dev()), a);
            }
            case 3 -> {
                what = "negative size";
                expectRefused(() -> Tensor.full(new int[] {2, -1}, 0.0, a.ref.dtype, dev()), a);
            }
            case 4 -> {
                int d = Math.max(a.ref.shape.length, 1) + r.nextInt(3);
                int signed = r.nextBoolean() ? d : -d - 1;
                what = "sum/size over missing dim " + signed;
                expectRefused(() -> r.nextBoolean() ? a.t.sum(signed) : Tensor.scalar(a.t.size(signed)), a);
            }
            default -> {
                what = "reshape with two -1";
                expectRefused(() -> a.t.reshape(-1, -1), a);
            }
        }
    }

    // ------------------------------------------------------------------ gradients

    private void gradientChain() {
        DType dt = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        int[] s = randomShape();
        int n = Nd.numel(s);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        Tensor leaf = Tensor.of(v, dt, dev(), s).requiresGrad_(true);
        Tensor other = Tensor.of(v, r.nextBoolean() ? dt : DType.FLOAT64, dev(), s).requiresGrad_(r.nextBoolean());
        Tensor x = leaf;
        StringBuilder chain = new StringBuilder("grad chain " + Arrays.toString(s) + " " + dt + ":");
        int steps = 1 + r.nextInt(6);
        for (int i = 0; i < steps; i++) {
            int rank = x.dim();
            int k = r.nextInt(11);
            chain.append(' ').append(k);
            what = chain.toString();
            Tensor y = x;
            x = run(() -> switch (k) {
                case 0 -> y.tanh();
                case 1 -> y.sigmoid();
                case 2 -> y.mul(y);
                case 3 -> y.add(2.0).mul(0.5);
                case 4 -> rank > 1 ? y.transpose(0, rank - 1) : y.neg();
                case 5 -> rank > 0 && y.size(0) > 0 ? y.narrow(0, 0, y.size(0) - 1) : y.relu();
                case 6 -> rank > 0 && y.size(-1) > 0 ? y.select(-1, 0) : y.abs();
                case 7 -> y.unsqueeze(0).expand(expandSizes(y));
                case 8 -> rank > 0 ? y.mean(new int[] {0}, r.nextBoolean()) : y.mul(3.0);
                case 9 -> Arrays.equals(y.shape(), other.shape()) ? y.mul(other).sub(other) : y.sigmoid();
                default -> rank == 2 ? y.matmul(Tensor.of(new double[y.size(1) * 2], y.dtype(), dev(), y.size(1), 2)
                        .add(0.25)) : y.mean();
            });
        }
        Tensor loss = x.sum();
        run(() -> {
            loss.backward();
            return loss;
        });
        Tensor g = leaf.grad();
        if (g == null) {
            throw fail("the leaf got no gradient");
        }
        if (!Arrays.equals(g.shape(), s) || g.dtype() != dt) {
            throw fail("gradient " + Arrays.toString(g.shape()) + " " + g.dtype() + ", expected " + Arrays.toString(s) + " " + dt);
        }
        for (double d : g.toDoubleArray()) {
            if (!Double.isFinite(d)) {
                throw fail("gradient not finite: " + g);
            }
        }
        if (other.requiresGrad() && other.grad() != null && !Arrays.equals(other.grad().shape(), s)) {
            throw fail("second leaf's gradient has shape " + Arrays.toString(other.grad().shape()));
        }
    }

    private static int[] expandSizes(Tensor y) {
        int[] sizes = new int[y.dim() + 1];
        Arrays.fill(sizes, -1);
        sizes[0] = 2;
        return sizes;
    }

    // ------------------------------------------------------------------ checks

    @FunctionalInterface
    private interface Op {
        Tensor run();
    }

    /** Runs an op the reference calls valid: any exception is a failure. */
    private Tensor run(Op call) {
        try {
            return call.run();
        } catch (RuntimeException | Error e) {
            AssertionError f = fail("valid op threw " + e);
            f.initCause(e);
            throw f;
        }
    }

    /** Runs an op the reference calls invalid: it must throw a documented kind with a message, changing nothing. */
    private void expectRefused(Op call, Val operand) {
        double[] before = operand == null || operand.t.isReleased() ? null : operand.t.toDoubleArray();
        int version = operand == null || operand.t.isReleased() ? -1 : operand.t.version();
        Tensor out;
        try (GradMode.Scope ignored = r.nextBoolean() ? null : GradMode.noGrad()) {
            out = call.run();
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException
                | UnsupportedOperationException e) {
            refused++;
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw fail("refused without a message: " + e);
            }
            if (before != null && (!Arrays.equals(before, operand.t.toDoubleArray()) || version != operand.t.version())) {
                throw fail("refused but changed its operand");
            }
            return;
        } catch (RuntimeException | Error e) {
            AssertionError f = fail("threw an undocumented kind: " + e);
            f.initCause(e);
            throw f;
        }
        throw fail("accepted an invalid op, giving shape " + Arrays.toString(out.shape()));
    }

    /**
     * grad4j's tensor against the reference: shape, dtype, then values; exact for exactly rounded
     * ops ({@code slack} 0), else within 1e-5 (float32) or 1e-12 (float64) of the value plus {@code slack}.
     */
    private void check(Tensor t, Nd ref, double slack, String op) {
        what = op;
        if (!Arrays.equals(t.shape(), ref.shape)) {
            throw fail("shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(ref.shape));
        }
        if (t.dtype() != ref.dtype) {
            throw fail("dtype " + t.dtype() + ", expected " + ref.dtype);
        }
        checked++;
        double[] got = t.toDoubleArray();
        double tol = ref.dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        for (int i = 0; i < got.length; i++) {
            double e = ref.v[i];
            double a = got[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? a == e
                    : slack == 0 && isExact(op) ? a == e
                    : Math.abs(a - e) <= tol * (Math.abs(e) + slack);
            if (!ok) {
                throw fail("element " + i + " is " + a + ", expected " + e);
            }
        }
        // Adopt grad4j's values: the next op's check starts from exactly what grad4j holds.
        System.arraycopy(got, 0, ref.v, 0, Math.min(got.length, ref.v.length));
    }

    private static boolean isExact(String op) {
        return !(op.startsWith("exp") || op.startsWith("tanh") || op.startsWith("sigmoid") || op.startsWith("log"));
    }
}
