package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The common tensor methods (mm, bmm, dot, mv, outer, square, reciprocal, expandAs, viewAs, reshapeAs, typeAs,
 * isclose, allclose, equal and the in-place variants) against PyTorch 1.13 ({@code golden/api.json}, made by
 * {@code tools/golden/api_golden.py}, in tensor_ops.json's format): shape, dtype and values, the gradient of
 * {@code (out * w).sum()} for each floating input, grad_fn's name, and PyTorch's errors (kind, with a message).
 *
 * <p>Bit-exact but for the transcendental in-place ops (exp_, log_, sigmoid_, tanh_, sin_, cos_, rsqrt_) and the products (grad4j's GEMM sums in another
 * order than reference BLAS): those within {@link TensorOpsConformance#rtol}, as the op table and the matmul goldens
 * allow their out-of-place forms. {@link #productsAreMatmulBits} checks that mm, bmm, dot and mv give matmul's bits.
 */
public abstract class ApiConformance extends DeviceConformance {
    private static final Set<String> INEXACT = Set.of("exp_", "sigmoid_", "tanh_", "log_", "sin_", "cos_", "rsqrt_", "mm", "bmm", "dot", "mv");

    private static Tensor inPlace(JsonNode a, Tensor x, UnaryOperator<Tensor> f) {
        if (a.has("leaf")) {
            return f.apply(x);   // a leaf that requires grad: refused
        }
        if (a.has("expanded")) {
            return f.apply(x.clone().expand(2, x.size(0)));   // internal overlap: refused
        }
        if (a.has("view")) {
            Tensor base = x.clone();
            f.apply(base.select(0, 1));
            return base;
        }
        return f.apply(x.clone());
    }

    private static Tensor bool(boolean value) {
        return Tensor.of(new boolean[] {value});
    }

    private static Tensor mask(JsonNode a, Tensor x) {
        JsonNode m = a.get("mask");
        boolean[] mask = new boolean[m.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = m.get(i).asBoolean();
        }
        return Tensor.of(mask, mask.length).to(x.device());
    }

    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        Tensor y = in.length > 1 ? in[1] : null;
        double rtol = a.has("rtol") ? a.get("rtol").asDouble() : 0;
        double atol = a.has("atol") ? a.get("atol").asDouble() : 0;
        boolean nan = a.has("equal_nan") && a.get("equal_nan").asBoolean();
        return switch (op) {
            case "mm" -> x.mm(y);
            case "bmm" -> x.bmm(y);
            case "dot" -> x.dot(y);
            case "mv" -> x.mv(y);
            case "outer" -> x.outer(y);
            case "square" -> x.square();
            case "reciprocal" -> x.reciprocal();
            case "expand_as" -> x.expandAs(y);
            case "view_as" -> x.viewAs(y);
            case "reshape_as" -> x.reshapeAs(y);
            case "type_as" -> x.typeAs(y);
            case "isclose" -> x.isclose(y, rtol, atol, nan);
            case "allclose" -> bool(x.allclose(y, rtol, atol, nan));
            case "equal" -> bool(x.equal(y));
            case "clamp_" -> inPlace(a, x, t -> t.clamp_(a.get("min").asDouble(), a.get("max").asDouble()));
            case "clamp_min_" -> inPlace(a, x, t -> t.clampMin_(a.get("min").asDouble()));
            case "clamp_max_" -> inPlace(a, x, t -> t.clampMax_(a.get("max").asDouble()));
            case "relu_" -> inPlace(a, x, Tensor::relu_);
            case "neg_" -> inPlace(a, x, Tensor::neg_);
            case "exp_" -> inPlace(a, x, Tensor::exp_);
            case "sqrt_" -> inPlace(a, x, Tensor::sqrt_);
            case "sigmoid_" -> inPlace(a, x, Tensor::sigmoid_);
            case "tanh_" -> inPlace(a, x, Tensor::tanh_);
            case "abs_" -> inPlace(a, x, Tensor::abs_);
            case "pow_", "pow_3", "pow_half" -> inPlace(a, x, t -> t.pow_(a.get("exponent").asDouble()));
            case "pow_int" -> inPlace(a, x, t -> t.pow_(a.get("exponent").asLong()));
            case "square_" -> inPlace(a, x, Tensor::square_);
            case "reciprocal_" -> inPlace(a, x, Tensor::reciprocal_);
            case "log_" -> inPlace(a, x, Tensor::log_);
            case "floor_" -> inPlace(a, x, Tensor::floor_);
            case "ceil_" -> inPlace(a, x, Tensor::ceil_);
            case "round_" -> inPlace(a, x, Tensor::round_);
            case "trunc_" -> inPlace(a, x, Tensor::trunc_);
            case "sign_" -> inPlace(a, x, Tensor::sign_);
            case "sin_" -> inPlace(a, x, Tensor::sin_);
            case "cos_" -> inPlace(a, x, Tensor::cos_);
            case "rsqrt_" -> inPlace(a, x, Tensor::rsqrt_);
            case "clamp_int" -> inPlace(a, x, t -> t.clamp_(a.get("min").asLong(), a.get("max").asLong()));
            case "clamp_min_int" -> inPlace(a, x, t -> t.clampMin_(a.get("min").asLong()));
            case "clamp_max_int" -> inPlace(a, x, t -> t.clampMax_(a.get("max").asLong()));
            case "masked_fill_t" -> {
                Tensor mask = mask(a, x);
                yield a.has("detached") ? x.detach().clone().maskedFill_(mask, y)   // only the value requires grad
                        : inPlace(a, x, t -> t.maskedFill_(mask, y));
            }
            case "masked_fill_" -> {
                Tensor mask = mask(a, x);
                yield inPlace(a, x, t -> t.maskedFill_(mask, a.get("value").asDouble()));
            }
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in ApiConformance.apply");
        };
    }

    Tensor input(JsonNode t) {
        return Golden.tensor(t, Golden.dtype(t.get("dtype")), device());
    }

    /** PyTorch's matmul dispatches to mm, bmm, dot and mv: grad4j's give the same bits as its matmul. */
    @Test
    void productsAreMatmulBits() {
        backend();
        java.util.Random random = new java.util.Random(5);
        for (org.grad4j.DType dtype : new org.grad4j.DType[] {org.grad4j.DType.FLOAT32, org.grad4j.DType.FLOAT64}) {
            Tensor a = sample(random, dtype, 7, 33);
            Tensor b = sample(random, dtype, 33, 5);
            Tensor v = sample(random, dtype, 33);
            Tensor ba = sample(random, dtype, 3, 7, 33);
            Tensor bb = sample(random, dtype, 3, 33, 5);
            assertArrayEquals(a.matmul(b).toDoubleArray(), a.mm(b).toDoubleArray(), dtype + " mm");
            assertArrayEquals(a.t().matmul(a).toDoubleArray(), a.t().mm(a).toDoubleArray(), dtype + " mm transposed");
            assertArrayEquals(ba.matmul(bb).toDoubleArray(), ba.bmm(bb).toDoubleArray(), dtype + " bmm");
            assertArrayEquals(v.matmul(v).toDoubleArray(), v.dot(v).toDoubleArray(), dtype + " dot");
            assertArrayEquals(a.matmul(v).toDoubleArray(), a.mv(v).toDoubleArray(), dtype + " mv");
        }
    }

    /**
     * {@code data()} is PyTorch's {@code tensor.data} (checked there, 1.13): the memory is shared and a change through
     * it is seen by the tensor and by saved values, but its version counter is its own, so autograd does not refuse
     * the change ({@code p * p}'s gradient is then {@code 2 * p} with the new values) where {@code detach()}'s would
     * be refused; in-place ops still see the shared memory, and {@code MemoryScope.keep} keeps it.
     */
    @Test
    void dataSharesMemoryButNotTheVersionCounter() {
        backend();
        Tensor p = Tensor.of(new double[] {1, 2, 3}, org.grad4j.DType.FLOAT64, device(), 3).requiresGrad_(true);
        Tensor y = p.mul(p);
        Tensor d = p.data();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        d.mul_(2.0);
        assertEquals(0, p.version());
        assertEquals(1, d.version());
        assertArrayEquals(new double[] {2, 4, 6}, p.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {4, 8, 12}, p.grad().toDoubleArray());

        Tensor q = Tensor.of(new double[] {1, 2, 3}, org.grad4j.DType.FLOAT64, device(), 3).requiresGrad_(true);
        Tensor z = q.mul(q);
        q.detach().mul_(2.0);
        assertThrows(IllegalStateException.class, () -> z.sum().backward());

        Tensor m = Tensor.of(new double[] {1, 2, 3, 4}, org.grad4j.DType.FLOAT64, device(), 2, 2);
        assertThrows(IllegalArgumentException.class, () -> m.data().add_(m.t()));
        assertArrayEquals(new double[] {1, 2, 3, 4}, m.toDoubleArray());

        Tensor kept;
        try (org.grad4j.MemoryScope ignored = org.grad4j.MemoryScope.open()) {
            kept = org.grad4j.MemoryScope.keep(Tensor.of(new double[] {5, 6}, org.grad4j.DType.FLOAT64, device(), 2)
                    .data());
        }
        assertArrayEquals(new double[] {5, 6}, kept.toDoubleArray());
    }

    /** An in-place op returns its tensor with the version bumped once; a refused one changes neither values nor version. */
    @Test
    void inPlaceBumpsVersionOrChangesNothing() {
        backend();
        Tensor x = Tensor.of(new double[] {-1.5, 0.25, 2, 4}, org.grad4j.DType.FLOAT64, device(), 4);
        List<UnaryOperator<Tensor>> ops = List.of(t -> t.relu_(), t -> t.neg_(), t -> t.exp_(), t -> t.abs_(),
                t -> t.sqrt_(), t -> t.sigmoid_(), t -> t.tanh_(), t -> t.pow_(2.0), t -> t.clamp_(-1.0, 1.0),
                t -> t.clampMin_(0.0), t -> t.clampMax_(0.0), t -> t.square_(), t -> t.reciprocal_(),
                t -> t.maskedFill_(Tensor.of(new boolean[] {true, false, true, false}, 4).to(device()), 3.0));
        for (UnaryOperator<Tensor> op : ops) {
            Tensor t = x.clone();
            int version = t.version();
            assertSame(t, op.apply(t));
            assertEquals(version + 1, t.version());
        }
        Tensor ints = Tensor.of(new long[] {1, -2, 3}, 3).to(device());
        Tensor bools = Tensor.of(new boolean[] {true, false}, 2).to(device());
        Tensor leaf = x.clone().detach().requiresGrad_(true);
        List<Runnable> refused = List.of(() -> ints.sqrt_(), () -> ints.exp_(), () -> ints.sigmoid_(),
                () -> ints.pow_(0.5), () -> ints.clamp_(0.5, 1.0), () -> ints.reciprocal_(), () -> bools.neg_(),
                () -> x.maskedFill_(Tensor.of(new boolean[] {true, false}, 2).to(device()), 1.0),
                () -> leaf.relu_(), () -> leaf.clamp_(0.0, 1.0), () -> leaf.maskedFill_(bools, 1.0));
        for (int i = 0; i < refused.size(); i++) {
            Tensor[] all = {ints, bools, x, leaf};
            double[][] before = new double[all.length][];
            int[] versions = new int[all.length];
            for (int j = 0; j < all.length; j++) {
                before[j] = all[j].toDoubleArray();
                versions[j] = all[j].version();
            }
            Runnable r = refused.get(i);
            RuntimeException e = assertThrows(RuntimeException.class, r::run, "refusal " + i);
            assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException, "refusal " + i + ": " + e);
            for (int j = 0; j < all.length; j++) {
                assertArrayEquals(before[j], all[j].toDoubleArray(), "refusal " + i + " changed tensor " + j);
                assertEquals(versions[j], all[j].version(), "refusal " + i + " bumped tensor " + j);
            }
        }
    }

    private Tensor sample(java.util.Random random, org.grad4j.DType dtype, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = random.nextDouble() * 6 - 3;
        }
        return Tensor.of(data, dtype, device(), shape);
    }

    @TestFactory
    List<DynamicTest> commonMethodsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("api.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args"),
                    () -> TensorOpsConformance.checkCase(c, this::input, ApiConformance::apply,
                            (op, out) -> !INEXACT.contains(op))));
        }
        return tests;
    }
}
