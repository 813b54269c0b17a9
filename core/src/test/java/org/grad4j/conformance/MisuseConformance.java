package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;

/**
 * Misuse gives a clear error (the op, the shapes/dtypes and what was expected) and changes nothing:
 * no user-visible NullPointerException or ArrayIndexOutOfBoundsException, no half-applied update.
 */
public abstract class MisuseConformance extends DeviceConformance {
    private static Tensor t64(double[] v, int... shape) {
        return Tensor.of(v, DType.FLOAT64, dev(), shape);
    }

    private static Tensor ramp(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5 - 1;
        }
        return t64(v, shape);
    }

    /** Values, versions and grads of the watched tensors, to prove a refused call changed nothing. */
    private record Snapshot(List<Tensor> tensors, List<double[]> values, List<Integer> versions, List<Object> grads) {
        static Snapshot of(Tensor... ts) {
            List<double[]> v = new ArrayList<>();
            List<Integer> ver = new ArrayList<>();
            List<Object> g = new ArrayList<>();
            for (Tensor t : ts) {
                v.add(t.toDoubleArray());
                ver.add(t.version());
                g.add(t.grad() == null ? null : t.grad().toDoubleArray());
            }
            return new Snapshot(List.of(ts), v, ver, g);
        }

        void assertUnchanged() {
            for (int i = 0; i < tensors.size(); i++) {
                Tensor t = tensors.get(i);
                assertArrayEquals(values.get(i), t.toDoubleArray(), 0.0, "tensor " + i + " values changed");
                assertEquals(versions.get(i), t.version(), "tensor " + i + " version changed");
                Object g = grads.get(i);
                if (g == null) {
                    assertNull(t.grad(), "tensor " + i + " got a grad");
                } else {
                    assertArrayEquals((double[]) g, t.grad().toDoubleArray(), 0.0, "tensor " + i + " grad changed");
                }
            }
        }
    }

    /** Runs {@code call}, which must throw {@code type} with every fragment in its message, changing none of {@code watched}. */
    static <E extends RuntimeException> E refuses(Class<E> type, Runnable call, Tensor[] watched, String... fragments) {
        Snapshot before = Snapshot.of(watched);
        try {
            call.run();
        } catch (RuntimeException e) {
            if (e instanceof NullPointerException || e instanceof ArrayIndexOutOfBoundsException
                    || e instanceof ClassCastException || e instanceof NegativeArraySizeException) {
                fail("raw " + e.getClass().getSimpleName() + " reached the user: " + e.getMessage(), e);
            }
            if (!type.isInstance(e)) {
                fail("expected " + type.getSimpleName() + " but got " + e, e);
            }
            String msg = String.valueOf(e.getMessage());
            for (String f : fragments) {
                assertTrue(msg.contains(f), "message '" + msg + "' lacks '" + f + "'");
            }
            before.assertUnchanged();
            return type.cast(e);
        }
        fail("expected " + type.getSimpleName() + ", nothing was thrown");
        return null;
    }

    static IllegalArgumentException badArg(Runnable call, Tensor[] watched, String... fragments) {
        return refuses(IllegalArgumentException.class, call, watched, fragments);
    }

    static Tensor[] w(Tensor... ts) {
        return ts;
    }

    @Test
    void shapeMismatchesNameTheOpAndBothShapes() {
        Tensor a = ramp(2, 3).requiresGrad_(true);
        Tensor b = ramp(4, 5);
        Tensor c = ramp(3, 2);
        badArg(() -> a.matmul(b), w(a, b), "matmul", "[2, 3]", "[4, 5]");
        badArg(() -> ramp(3).matmul(ramp(4)), w(), "matmul", "[3]", "[4]");
        badArg(() -> ramp(2, 2, 3).matmul(ramp(3, 2, 4)), w(), "matmul", "[2, 2, 3]", "[3, 2, 4]");
        badArg(() -> ramp(0).matmul(ramp(2, 3).select(0, 0)), w(), "matmul");
        for (String op : new String[] {"add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "gt", "lt"}) {
            Runnable r = switch (op) {
                case "add" -> () -> a.add(c);
                case "sub" -> () -> a.sub(c);
                case "mul" -> () -> a.mul(c);
                case "div" -> () -> a.div(c);
                case "pow" -> () -> a.pow(c);
                case "maximum" -> () -> a.maximum(c);
                case "minimum" -> () -> a.minimum(c);
                case "eq" -> () -> a.eq(c);
                case "gt" -> () -> a.gt(c);
                default -> () -> a.lt(c);
            };
            badArg(r, w(a, c), op, "[2, 3]", "[3, 2]");
        }
        Tensor target = ramp(2, 3);
        Tensor small = ramp(3, 2);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            badArg(() -> target.add_(small), w(target, small), "add_", "[2, 3]", "[3, 2]");
            badArg(() -> target.mul_(ramp(4, 2, 3)), w(target), "mul_", "[2, 3]", "[4, 2, 3]");
            badArg(() -> target.copy_(ramp(2)), w(target), "copy_", "[2, 3]", "[2]");
            badArg(() -> target.add_(ramp(3, 1), 0.5), w(target), "add_", "[2, 3]", "[3, 1]");
        }
        badArg(() -> ramp(6).reshape(4, 2), w(), "reshape", "[4, 2]", "6");
        badArg(() -> ramp(6).reshape(-1, -1), w(), "reshape");
        badArg(() -> ramp(6).view(5, -1), w(), "view");
        badArg(() -> ramp(2, 3).expand(4, 3), w(), "expand", "[2, 3]", "[4, 3]");
        refuses(IndexOutOfBoundsException.class, () -> ramp(2, 3).sum(new int[] {2}, false), w(), "sum", "dimension 2");
        badArg(() -> ramp(2, 3).sum(new int[] {0, 0}, false), w(), "sum");
        refuses(IndexOutOfBoundsException.class, () -> ramp(2, 3).transpose(0, 2), w(), "transpose", "dimension 2");
        badArg(() -> ramp(2, 3, 4).t(), w(), "t", "[2, 3, 4]");
    }

    @Test
    void linearAndMseLossNameTheLayerAndShapes() {
        Linear fc = new Linear(3, 2, true, new Generator(0), DType.FLOAT64, dev());
        Tensor[] params = fc.parameters().toArray(new Tensor[0]);
        badArg(() -> fc.forward(ramp(4, 5)), params, "Linear", "in_features=3", "[4, 5]", "expected 3");
        badArg(() -> fc.forward(null), params, "linear");
        badArg(() -> fc.forward(ramp(4, 3).to(DType.FLOAT32)), params, "torch.float");
        MSELoss loss = new MSELoss();
        Tensor x = ramp(4, 2).requiresGrad_(true);
        badArg(() -> loss.forward(x, ramp(4, 1)), w(x), "mse", "[4, 2]", "[4, 1]");
        badArg(() -> loss.forward(x, ramp(2, 4)), w(x), "mse", "[4, 2]", "[2, 4]");
        badArg(() -> loss.forward(x, null), w(x), "mse");
        badArg(() -> loss.forward(null, x), w(x), "mse");
    }

    @Test
    void dtypeMixesAreRefusedWhereTorchRefusesThem() {
        Tensor a = ramp(2, 3);
        Tensor b = ramp(3, 2).to(DType.FLOAT32);
        badArg(() -> a.matmul(b), w(a, b), "matmul", "torch.float64", "torch.float32");
        Tensor p = ramp(3).requiresGrad_(true);
        badArg(() -> p.backward(ramp(4)), w(p), "backward", "[4]", "[3]");
        p.backward(ramp(3).to(DType.FLOAT32));   // PyTorch converts a gradient of another dtype
        org.junit.jupiter.api.Assertions.assertEquals(DType.FLOAT64, p.grad().dtype());
        org.junit.jupiter.api.Assertions.assertArrayEquals(ramp(3).toDoubleArray(), p.grad().toDoubleArray());
        badArg(() -> p.setGrad(ramp(3).to(DType.FLOAT32)), w(p), "setGrad", "torch.float32");
    }

    @Test
    void indicesOutOfRangeAndNegativeSizes() {
        Tensor a = ramp(2, 3);
        refuses(IndexOutOfBoundsException.class, () -> a.get(2, 0), w(a), "get", "2", "size 2", "[2, 3]");
        refuses(IndexOutOfBoundsException.class, () -> a.get(0, -4), w(a), "get", "-4");
        badArg(() -> a.get(0), w(a), "get", "2 indices");
        badArg(() -> a.get((int[]) null), w(a), "get");
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            refuses(IndexOutOfBoundsException.class, () -> a.set(1.0, 0, 3), w(a), "set", "3");
        }
        refuses(IndexOutOfBoundsException.class, () -> a.select(0, 5), w(a), "select", "5");
        refuses(IndexOutOfBoundsException.class, () -> a.select(2, 0), w(a), "select");
        refuses(RuntimeException.class, () -> a.narrow(1, 2, 2), w(a), "narrow");
        refuses(RuntimeException.class, () -> a.narrow(1, -4, 1), w(a), "narrow");
        refuses(RuntimeException.class, () -> a.narrow(1, 0, -1), w(a), "narrow");
        refuses(RuntimeException.class, () -> a.size(2), w(a), "size");
        refuses(RuntimeException.class, () -> a.unsqueeze(4), w(a), "unsqueeze");
        refuses(RuntimeException.class, () -> a.squeeze(-3), w(a), "squeeze");
        refuses(RuntimeException.class, () -> a.max(2, false), w(a), "max");
        refuses(RuntimeException.class, () -> a.argmax(-3, false), w(a), "argmax");
        badArg(() -> Tensor.zeros(2, -1), w(), "-1");
        badArg(() -> Tensor.ones((int[]) null), w());
        badArg(() -> Tensor.of(new double[] {1, 2}, 3), w(), "Tensor.of", "2", "[3]");
        badArg(() -> Tensor.of((double[]) null, 2), w(), "Tensor.of");
        badArg(() -> Tensor.of(new double[] {1}, DType.FLOAT64, null, 1), w(), "device");
        badArg(() -> Tensor.of(new double[] {1}, null, dev(), 1), w(), "dtype");
        badArg(() -> Tensor.full(new int[] {-2}, 1.0), w(), "-2");
        badArg(() -> Tensor.linspace(0, 1, -1), w(), "linspace");
        badArg(() -> Tensor.arange(0, 1, 0), w(), "arange");
        badArg(() -> Tensor.rand(null, 2), w(), "rand");
        badArg(() -> new Linear(-1, 2, true), w(), "Linear", "-1");
        badArg(() -> ramp(6).reshape(-2, 3), w(), "reshape");
        badArg(() -> ramp(2, 3).expand(-2, 3), w(), "expand");
        badArg(() -> ramp(2).add((Tensor) null), w(), "add");
        badArg(() -> ramp(2).matmul(null), w(), "matmul");
        badArg(() -> ramp(2).to((DType) null), w(), "to");
        badArg(() -> ramp(2).to((Device) null), w(), "to");
        badArg(() -> ramp(2).reshape((int[]) null), w(), "reshape");
        badArg(() -> ramp(2).sum(null, false), w(), "sum");
    }

    @Test
    void autogradMisuseGivesPyTorchsErrorsAndChangesNothing() {
        Tensor x = ramp(3).requiresGrad_(true);
        Tensor y = x.mul(x).sum();
        y.backward();
        double[] grad = x.grad().toDoubleArray();
        refuses(IllegalStateException.class, y::backward, w(x), "backward through the graph a second time", "retainGraph");
        assertArrayEquals(grad, x.grad().toDoubleArray(), 0.0);

        Tensor v = x.mul(2.0);
        refuses(IllegalStateException.class, v::backward, w(x), "scalar outputs", "[3]");

        Tensor h = ramp(3).requiresGrad_(true);
        Tensor s = h.exp();                 // saves its output
        Tensor loss = s.sum();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            s.mul_(2.0);
        }
        refuses(IllegalStateException.class, loss::backward, w(h), "modified by an inplace operation", "version");

        Tensor leaf = ramp(3).requiresGrad_(true);
        refuses(RuntimeException.class, () -> leaf.add_(1.0), w(leaf), "leaf", "requires grad");
        refuses(RuntimeException.class, () -> leaf.zero_(), w(leaf), "leaf");
        refuses(RuntimeException.class, () -> leaf.set(3.0, 0), w(leaf), "leaf");
        refuses(RuntimeException.class, () -> leaf.copy_(ramp(3)), w(leaf), "leaf");
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            leaf.add_(1.0);                 // allowed outside grad mode, as in PyTorch
        }

        refuses(IllegalStateException.class, () -> ramp(2, 2).item(), w(), "item", "4 elements", "[2, 2]");
        refuses(IllegalStateException.class, () -> ramp(3).sum().backward(), w(), "does not require grad");
        badArg(() -> x.backward(null), w(x), "backward");
        Tensor z = x.mul(3.0);
        badArg(() -> z.backward(ramp(4)), w(x), "backward", "[4]", "[3]");
        refuses(IllegalStateException.class, () -> z.requiresGrad_(false), w(x), "leaf");
    }

    @Test
    void optimizerMisuseIsRefusedBeforeAnythingChanges() {
        Tensor p = ramp(2).requiresGrad_(true);
        Tensor[] ps = w(p);
        badArg(() -> new SGD(List.of(p), -0.1), ps, "SGD", "learning rate", "-0.1");
        badArg(() -> new SGD(List.of(p), Double.NaN), ps, "SGD", "learning rate");
        badArg(() -> SGD.builder(List.of(p), 0.1).momentum(-0.5).build(), ps, "momentum", "-0.5");
        badArg(() -> SGD.builder(List.of(p), 0.1).weightDecay(-1).build(), ps, "weight_decay", "-1");
        badArg(() -> SGD.builder(List.of(p), 0.1).nesterov(true).build(), ps, "Nesterov", "momentum");
        badArg(() -> SGD.builder(List.of(p), 0.1).momentum(0.9).dampening(0.1).nesterov(true).build(), ps,
                "Nesterov", "dampening");
        badArg(() -> new SGD(List.of(p, p), 0.1), ps, "SGD", "parameter 1", "parameter 0");
        badArg(() -> new SGD(List.of(), 0.1), ps, "SGD", "empty");
        badArg(() -> new SGD(null, 0.1), ps, "SGD");
        List<Tensor> withNull = new ArrayList<>();
        withNull.add(p);
        withNull.add(null);
        badArg(() -> new SGD(withNull, 0.1), ps, "SGD", "parameter 1", "null");
        badArg(() -> new SGD(List.of(p.mul(2.0)), 0.1), ps, "SGD", "non-leaf");

        SGD opt = SGD.builder(List.of(p), 0.1).momentum(0.9).build();
        refuses(RuntimeException.class, () -> opt.momentumBuffer(3), ps, "3");
        refuses(RuntimeException.class, () -> opt.setMomentumBuffer(-1, ramp(2)), ps, "-1");
        badArg(() -> opt.setMomentumBuffer(0, ramp(3)), ps, "setMomentumBuffer", "[3]", "[2]");
        Consumer<Tensor> noop = t -> { };
        noop.accept(p);
        assertSame(null, opt.momentumBuffer(0));
    }

    /** Found by a reflective fuzz of Tensor's methods: JVM errors where PyTorch raises. */
    @Test
    void overflowingArangeAndZeroDimShapeOpsAreRefused() {
        Tensor s = ramp();
        badArg(() -> Tensor.arange(Long.MIN_VALUE, Long.MAX_VALUE, 1L), w(s), "arange");
        badArg(() -> Tensor.arange(0L, 5L, Long.MIN_VALUE), w(s), "arange");
        refuses(IndexOutOfBoundsException.class, () -> s.unflatten(0, 1), w(s), "unflatten", "no dimensions");
        refuses(IndexOutOfBoundsException.class, () -> s.roll(1, 0), w(s), "roll", "no dimensions");
    }
}
