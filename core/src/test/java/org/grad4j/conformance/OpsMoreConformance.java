package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The opsmore ops outside the op table's uniform cases against PyTorch 1.13 ({@code golden/ops_more.json}, made by
 * {@code tools/golden/ops_more_golden.py}, in tensor_ops.json's format): logit with eps, nan_to_num, deg2rad/rad2deg,
 * signbit, the Python-number forms of fmod/copysign/xlogy, integer, bool and mixed-dtype operands, PyTorch's
 * refusals; plus gradcheck in float64 of the composed ops. The op table's new ops (asin ... logit, atan2 ...
 * heaviside) are checked on float32/float64 by {@link OpTableConformance}.
 *
 * <p>Bit-exact: deg2rad/rad2deg (one product with the constant rounded to the dtype, as PyTorch's mul), nan_to_num,
 * signbit, fmod, copysign, heaviside, frac and every integer or bool result. Others (the libm functions: logit,
 * xlogy, atan2, ...) within {@link TensorOpsConformance#rtol}: 1e-5 relative in float32 (PyTorch's SIMD kernels
 * differ from a correctly rounded result by a few ulps there), 1e-12 in float64.
 */
public abstract class OpsMoreConformance extends DeviceConformance {
    private static final Set<String> EXACT = Set.of("deg2rad", "rad2deg", "nan_to_num", "signbit", "fmod", "fmod_s",
            "fmod_l", "copysign", "copysign_s", "heaviside", "frac", "movedim", "swapaxes", "swapdims", "mT", "tile",
            "meshgrid", "hstack", "vstack", "dstack", "column_stack", "addmm", "baddbmm", "addmv", "diag", "diag_embed", "trace", "diff", "kron", "cross",
            "tensordot");

    private static Double optional(JsonNode a, String key) {
        return a.get(key) == null || a.get(key).isNull() ? null : a.get(key).asDouble();
    }

    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        if (a.has("detach")) {   // forward only (see the script's atan2 note)
            in = java.util.Arrays.stream(in).map(Tensor::detach).toArray(Tensor[]::new);
        }
        Tensor x = in[0];
        return switch (op) {
            case "logit" -> a.has("eps") ? x.logit(a.get("eps").asDouble()) : x.logit();
            case "deg2rad" -> x.deg2rad();
            case "rad2deg" -> x.rad2deg();
            case "signbit" -> x.signbit();
            case "nan_to_num" -> a.has("nan") ? x.nanToNum(a.get("nan").asDouble(), optional(a, "posinf"),
                    optional(a, "neginf")) : x.nanToNum();
            case "fmod_s" -> x.fmod(a.get("other").asDouble());
            case "fmod_l" -> x.fmod(a.get("other").asLong());
            case "copysign_s" -> x.copysign(a.get("other").asDouble());
            case "xlogy_s" -> x.xlogy(a.get("other").asDouble());
            case "xlogy_sf" -> Tensor.xlogy(a.get("self").asDouble(), x);
            case "bitwise_and_l" -> x.bitwiseAnd(a.get("other").asLong());
            case "bitwise_or_l" -> x.bitwiseOr(a.get("other").asLong());
            case "bitwise_xor_l" -> x.bitwiseXor(a.get("other").asLong());
            case "bitwise_and_b" -> x.bitwiseAnd(a.get("other").asBoolean());
            case "bitwise_or_b" -> x.bitwiseOr(a.get("other").asBoolean());
            case "bitwise_xor_b" -> x.bitwiseXor(a.get("other").asBoolean());
            case "movedim" -> a.get("list").asBoolean() ? x.movedim(Golden.ints(a.get("source")),
                    Golden.ints(a.get("destination"))) : x.movedim(a.get("source").get(0).asInt(), a.get("destination").get(0).asInt());
            case "swapaxes" -> x.swapaxes(a.get("dim0").asInt(), a.get("dim1").asInt());
            case "swapdims" -> x.swapdims(a.get("dim0").asInt(), a.get("dim1").asInt());
            case "mT" -> x.mT();
            case "tile" -> x.tile(Golden.ints(a.get("dims")));
            case "meshgrid" -> Tensor.meshgrid(a.get("indexing").asText(), in).get(a.get("k").asInt());
            case "hstack" -> Tensor.hstack(java.util.List.of(in));
            case "vstack" -> Tensor.vstack(java.util.List.of(in));
            case "dstack" -> Tensor.dstack(java.util.List.of(in));
            case "column_stack" -> Tensor.columnStack(java.util.List.of(in));
            case "addmm" -> x.addmm(in[1], in[2], a.get("beta").asDouble(), a.get("alpha").asDouble());
            case "baddbmm" -> x.baddbmm(in[1], in[2], a.get("beta").asDouble(), a.get("alpha").asDouble());
            case "addmv" -> x.addmv(in[1], in[2], a.get("beta").asDouble(), a.get("alpha").asDouble());
            case "diag" -> x.diag(a.get("k").asInt());
            case "diag_embed" -> x.diagEmbed(a.get("offset").asInt(), a.get("dim1").asInt(), a.get("dim2").asInt());
            case "trace" -> x.trace();
            case "diff" -> x.diff(a.get("n").asInt(), a.get("dim").asInt(), in.length > 1 ? in[1] : null,
                    in.length > 2 ? in[2] : null);
            case "kron" -> x.kron(in[1]);
            case "cross" -> a.has("dim") ? x.cross(in[1], a.get("dim").asInt()) : x.cross(in[1]);
            case "tensordot" -> a.has("dims") ? x.tensordot(in[1], a.get("dims").asInt())
                    : x.tensordot(in[1], Golden.ints(a.get("dims_a")), Golden.ints(a.get("dims_b")));
            case "einsum" -> Tensor.einsum(a.get("equation").asText(), in);
            default -> GradientConformance.call(op, x, java.util.Arrays.copyOfRange(in, 1, in.length));
        };
    }

    /** A golden tensor of any dtype (int64 and bool from their exact values). */
    Tensor input(JsonNode t) {
        String dtype = t.get("dtype").asText();
        if (dtype.equals("int32") || dtype.equals("uint8")) {
            return input(((com.fasterxml.jackson.databind.node.ObjectNode) t.deepCopy()).put("dtype", "int64"))
                    .to(dtype.equals("int32") ? DType.INT32 : DType.UINT8);
        }
        return Golden.anyTensor(t, device());
    }

    void check(JsonNode c) {
        TensorOpsConformance.checkCase(c, this::input, OpsMoreConformance::apply,
                (op, out) -> EXACT.contains(op) || !out.isFloatingPoint());
    }

    @TestFactory
    List<DynamicTest> opsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("ops_more.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args"),
                    () -> check(c)));
        }
        return tests;
    }

    /** NaN's sign bit, which the golden file's hex cannot carry: signbit and copysign read it (C's signbit). */
    @Test
    void signbitAndCopysignReadTheSignOfNaN() {
        backend();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double negativeNaN = Double.longBitsToDouble(0xfff8000000000000L);
            Tensor x = Tensor.of(new double[] {Double.NaN, negativeNaN, -0.0}, dt, device(), 3);
            assertArrayEquals(new double[] {0, 1, 1}, x.signbit().toDoubleArray(), dt + " signbit");
            Tensor ones = Tensor.of(new double[] {2, 2, 2}, dt, device(), 3);
            assertArrayEquals(new double[] {2, -2, -2}, ones.copysign(x).toDoubleArray(), dt + " copysign");
            assertEquals(DType.BOOL, x.signbit().dtype());
        }
    }

    @Test
    void heavisideRefusesMixedDtypesAndRecordsNoGradient() {
        backend();
        Tensor x = Tensor.of(new double[] {-1, 0, 2}, DType.FLOAT64, device(), 3).requiresGrad_(true);
        Tensor v = Tensor.of(new double[] {0.5}, DType.FLOAT32, device(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.heaviside(v));
        assertTrue(e.getMessage().startsWith("heaviside:") && e.getMessage().contains("torch.float32"), e.getMessage());
        assertEquals(null, x.heaviside(v.toDouble()).gradFn());
    }

    /** A float64 leaf on this device from fixed values in {@code [lo, hi)}. */
    private Tensor leaf(double lo, double hi, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * ((i * 0.618033988749895 + 0.1) % 1.0);
        }
        return Tensor.of(v, DType.FLOAT64, device(), shape).requiresGrad_(true);
    }

    private DynamicTest grad(String name, Function<Tensor[], Tensor> fn, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> assertTrue(GradCheck.gradcheck(fn, in)));
    }

    @TestFactory
    List<DynamicTest> gradientsMatchFiniteDifferences() {
        backend();
        List<DynamicTest> l = new ArrayList<>();
        l.add(grad("logit eps", in -> in[0].logit(0.2), leaf(0.05, 0.95, 3, 4)));
        l.add(grad("logit", in -> in[0].logit(), leaf(0.05, 0.95, 3, 4)));
        l.add(grad("deg2rad", in -> in[0].deg2rad(), leaf(-2, 2, 3, 4)));
        l.add(grad("rad2deg", in -> in[0].rad2deg(), leaf(-2, 2, 3, 4)));
        l.add(grad("nanToNum", in -> in[0].nanToNum(1.0, 2.0, -2.0), leaf(-2, 2, 3, 4)));
        l.add(grad("fmod scalar", in -> in[0].fmod(0.7), leaf(-2, 2, 3, 4)));
        l.add(grad("copysign scalar", in -> in[0].copysign(-1.5), leaf(0.1, 2, 3, 4)));
        l.add(grad("xlogy scalar", in -> in[0].xlogy(2.5), leaf(-2, 2, 3, 4)));
        l.add(grad("xlogy scalar first", in -> Tensor.xlogy(1.5, in[0]), leaf(0.5, 2, 3, 4)));
        l.add(grad("atan2 broadcast", in -> in[0].atan2(in[1]), leaf(-2, 2, 3, 4), leaf(0.3, 2, 4)));
        l.add(grad("logaddexp of sums", in -> in[0].logaddexp(in[1].sum()), leaf(-2, 2, 3, 4), leaf(-1, 1, 2)));
        l.add(grad("addmm beta alpha", in -> in[0].addmm(in[1], in[2], 0.5, -1.5), leaf(-2, 2, 4), leaf(-2, 2, 3, 2),
                leaf(-2, 2, 2, 4)));
        l.add(grad("baddbmm", in -> in[0].baddbmm(in[1], in[2], 2.0, 0.5), leaf(-2, 2, 3, 1), leaf(-2, 2, 2, 3, 2),
                leaf(-2, 2, 2, 2, 4)));
        l.add(grad("addmv", in -> in[0].addmv(in[1], in[2], -1.0, 3.0), leaf(-2, 2, 3), leaf(-2, 2, 3, 2), leaf(-2, 2, 2)));
        l.add(grad("movedim", in -> in[0].movedim(new int[] {0, 1}, new int[] {2, 0}).mul(in[1]), leaf(-2, 2, 2, 3, 4),
                leaf(-2, 2, 3, 4, 2)));
        l.add(grad("tile", in -> in[0].tile(2, 1, 2), leaf(-2, 2, 2, 3)));
        l.add(grad("meshgrid xy", in -> Tensor.meshgrid("xy", in[0], in[1]).get(0).mul(Tensor.meshgrid("xy", in[0], in[1])
                .get(1)), leaf(-2, 2, 3), leaf(-2, 2, 4)));
        l.add(grad("dstack", in -> Tensor.dstack(java.util.List.of(in[0], in[1])), leaf(-2, 2, 3), leaf(-2, 2, 3)));
        l.add(grad("diag vector", in -> in[0].diag(-1), leaf(-2, 2, 3)));
        l.add(grad("diag matrix", in -> in[0].diag(1), leaf(-2, 2, 3, 4)));
        l.add(grad("diagEmbed", in -> in[0].diagEmbed(1, 0, 2), leaf(-2, 2, 2, 3)));
        l.add(grad("trace", in -> in[0].trace(), leaf(-2, 2, 3, 4)));
        l.add(grad("diff", in -> in[0].diff(2, 1, in[1], null), leaf(-2, 2, 3, 4), leaf(-2, 2, 3, 1)));
        l.add(grad("kron", in -> in[0].kron(in[1]), leaf(-2, 2, 2, 3), leaf(-2, 2, 3, 1)));
        l.add(grad("cross", in -> in[0].cross(in[1], 1), leaf(-2, 2, 2, 3), leaf(-2, 2, 1, 3)));
        l.add(grad("einsum chain", in -> Tensor.einsum("bn,anm,bm->ba", in[0], in[1], in[2]), leaf(-2, 2, 2, 3),
                leaf(-2, 2, 4, 3, 5), leaf(-2, 2, 2, 5)));
        l.add(grad("einsum diagonal ellipsis", in -> Tensor.einsum("ii...->...i", in[0]), leaf(-2, 2, 3, 3, 2)));
        l.add(grad("tensordot", in -> in[0].tensordot(in[1], new int[] {0, 2}, new int[] {1, 0}), leaf(-2, 2, 2, 3, 4),
                leaf(-2, 2, 4, 2)));
        return l;
    }
}
