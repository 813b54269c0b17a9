package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;
import org.grad4j.autograd.GradCheck;
import org.grad4j.nn.AdaptiveMaxPool1d;
import org.grad4j.nn.AdaptiveMaxPool2d;
import org.grad4j.nn.AvgPool1d;
import org.grad4j.nn.AvgPool2d;
import org.grad4j.nn.MaxPool1d;
import org.grad4j.nn.MaxPool2d;
import org.grad4j.nn.MaxUnpool2d;
import org.grad4j.nn.Module;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The poolings' options against PyTorch 1.13 ({@code golden/pools.json}, made by
 * {@code tools/golden/pools_golden.py}): max_pool1d/2d with ceil_mode, dilation and return_indices, max_unpool2d,
 * avg_pool1d/2d with ceil_mode, count_include_pad and divisor_override, adaptive_max_pool1d/2d with indices;
 * values, int64 indices, gradients of {@code (out * w).sum()}, grad_fn names and PyTorch's errors (kind and
 * message).
 *
 * <p>Max pooling and unpooling select: bit for bit on every backend. Average pooling sums each window in PyTorch's
 * order, then divides once, and the gradients add in PyTorch's order: bit for bit on the CPU backend (within
 * {@link #rtol} elsewhere, where a scatter-add may add in another order).
 */
public abstract class PoolsConformance extends DeviceConformance {

    private static JsonNode golden() {
        return Golden.load("pools.json");
    }

    private static int[] ints(JsonNode a, String key) {
        JsonNode v = a.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isArray() ? Golden.ints(v) : new int[] {v.asInt()};
    }

    private static boolean flag(JsonNode a, String key) {
        return a.get(key).asBoolean();
    }

    /** The op as grad4j spells it. */
    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "max_pool2d" -> Functional.maxPool2d(x, ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "dilation"), flag(a, "ceil_mode"));
            case "max_pool2d_indices" -> Functional.maxPool2dWithIndices(x, ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "dilation"), flag(a, "ceil_mode")).indices();
            case "max_pool2d_int" -> a.has("stride") ? Functional.maxPool2d(x, a.get("kernel_size").asInt(),
                    a.get("stride").asInt()) : Functional.maxPool2d(x, a.get("kernel_size").asInt());
            case "max_pool1d" -> Functional.maxPool1d(x, ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "dilation"), flag(a, "ceil_mode"));
            case "max_pool1d_with_indices" -> Functional.maxPool1dWithIndices(x, ints(a, "kernel_size"),
                    ints(a, "stride"), ints(a, "padding"), ints(a, "dilation"), flag(a, "ceil_mode")).values();
            case "max_pool1d_indices" -> Functional.maxPool1dWithIndices(x, ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "dilation"), flag(a, "ceil_mode")).indices();
            case "max_pool1d_int" -> Functional.maxPool1d(x, a.get("kernel_size").asInt());
            case "avg_pool2d" -> Functional.avgPool2d(x, ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), flag(a, "ceil_mode"), flag(a, "count_include_pad"),
                    a.get("divisor_override").isNull() ? null : a.get("divisor_override").asInt());
            case "avg_pool2d_int" -> a.has("stride") ? Functional.avgPool2d(x, a.get("kernel_size").asInt(),
                    a.get("stride").asInt()) : Functional.avgPool2d(x, a.get("kernel_size").asInt());
            case "avg_pool1d" -> Functional.avgPool1d(x, ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), flag(a, "ceil_mode"), flag(a, "count_include_pad"));
            case "avg_pool1d_int" -> Functional.avgPool1d(x, a.get("kernel_size").asInt());
            case "adaptive_max_pool2d" -> Functional.adaptiveMaxPool2dWithIndices(x, ints(a, "output_size")).values();
            case "adaptive_max_pool2d_indices" -> Functional.adaptiveMaxPool2dWithIndices(x, ints(a, "output_size"))
                    .indices();
            case "adaptive_max_pool1d" -> Functional.adaptiveMaxPool1d(x, a.get("output_size").asInt());
            case "adaptive_max_pool1d_with_indices" -> Functional.adaptiveMaxPool1dWithIndices(x,
                    a.get("output_size").asInt()).values();
            case "adaptive_max_pool1d_indices" -> Functional.adaptiveMaxPool1dWithIndices(x,
                    a.get("output_size").asInt()).indices();
            case "interpolate" -> Functional.interpolate(x, ints(a, "size"),
                    a.get("scale_factor").isNull() ? null : Golden.numbersPlain(a.get("scale_factor")),
                    a.get("mode").asText(), a.get("align_corners").isNull() ? null : a.get("align_corners").asBoolean(),
                    a.get("recompute_scale_factor").isNull() ? null : a.get("recompute_scale_factor").asBoolean());
            case "max_unpool2d" -> Functional.maxUnpool2d(x, in[1], ints(a, "kernel_size"), ints(a, "stride"),
                    ints(a, "padding"), ints(a, "output_size"));
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in PoolsConformance.apply");
        };
    }

    /** Average pooling's values within this tolerance off the CPU backend (sums in another order). */
    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-14 : 2e-6;
    }

    @TestFactory
    List<DynamicTest> casesMatchPyTorch() {
        backend();
        // selections are exact everywhere; sums (avg pooling, gradients adding overlapping windows) and linear
        // interpolation's fused multiply-adds on the CPU; area (a product) and bicubic interpolation (PyTorch's
        // compiled polynomials) and the interpolations' gradients (added in another order) within rtol
        boolean cpu = device().equals(org.grad4j.Device.CPU);
        return new GoldenCases(PoolsConformance::apply, PoolsConformance::rtol)
                .opName(op -> op.replaceAll("_(indices|int|with_indices)$", ""))
                .exact((op, args, input) -> {
                    if (!op.equals("interpolate")) {
                        return input < 0 ? !op.startsWith("avg") || cpu : cpu;
                    }
                    String mode = args.get("mode").asText();
                    return input < 0 && (mode.startsWith("nearest") || cpu && mode.endsWith("linear"));
                })
                .tests(golden(), device());
    }

    @Test
    void modulesPrintAsPyTorchAndComputeTheFunctionalForms() {
        Map<String, Module> modules = new LinkedHashMap<>();
        modules.put("MaxPool2d(2)", new MaxPool2d(2));
        modules.put("MaxPool2d(3, 2)", new MaxPool2d(3, 2));
        modules.put("MaxPool2d([3, 2], null, [1], [1], true, true)",
                new MaxPool2d(new int[] {3, 2}, null, new int[] {1}, new int[] {1}, true, true));
        modules.put("MaxPool1d(3, 2, 1, 2, true, true)", new MaxPool1d(3, 2, 1, 2, true, true));
        modules.put("AvgPool2d(2)", new AvgPool2d(2));
        modules.put("AvgPool2d(3, 2)", new AvgPool2d(3, 2));
        modules.put("AvgPool2d([3, 2], [2], [1], true, false, 5)",
                new AvgPool2d(new int[] {3, 2}, new int[] {2}, new int[] {1}, true, false, 5));
        modules.put("AvgPool1d(3, 2, 1, true, false)", new AvgPool1d(3, 2, 1, true, false));
        modules.put("MaxUnpool2d(2)", new MaxUnpool2d(2));
        modules.put("AdaptiveMaxPool2d([2, 3], true)", new AdaptiveMaxPool2d(new int[] {2, 3}, true));
        modules.put("AdaptiveMaxPool1d(4, true)", new AdaptiveMaxPool1d(4, true));
        modules.put("MaxUnpool2d([3], [2], [1])", new MaxUnpool2d(new int[] {3}, new int[] {2}, new int[] {1}));
        JsonNode reprs = golden().get("reprs");
        assertEquals(reprs.size(), modules.size());
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            assertEquals(reprs.get(e.getKey()).asText(), e.getValue().toString(), e.getKey());
        }
        Tensor x = Tensor.arange(2 * 3 * 7 * 8).reshape(2, 3, 7, 8).to(DType.FLOAT64).to(device()).sin();
        MaxPool2d pool = (MaxPool2d) modules.get("MaxPool2d([3, 2], null, [1], [1], true, true)");
        ValuesIndices vi = pool.forwardWithIndices(x);
        assertTrue(pool.returnIndices());
        assertArrayEquals(Functional.maxPool2d(x, new int[] {3, 2}, null, new int[] {1}, new int[] {1}, true)
                .toDoubleArray(), pool.call(x).toDoubleArray());
        MaxUnpool2d unpool = new MaxUnpool2d(new int[] {3, 2}, null, new int[] {1});
        Tensor back = unpool.forward(vi.values(), vi.indices(), new int[] {7, 8});
        assertArrayEquals(new int[] {2, 3, 7, 8}, back.shape());
        // every maximum back at its place: pooling the unpooled tensor gives the same maxima
        assertArrayEquals(vi.values().toDoubleArray(), pool.call(back.add(x.abs().neg().sub(2).mul(
                back.eq(0.0).to(DType.FLOAT64)))).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> unpool.call(x));
        AdaptiveMaxPool2d adaptive = (AdaptiveMaxPool2d) modules.get("AdaptiveMaxPool2d([2, 3], true)");
        assertTrue(adaptive.returnIndices());
        assertArrayEquals(adaptive.call(x).toDoubleArray(), adaptive.forwardWithIndices(x).values().toDoubleArray());
        AdaptiveMaxPool1d adaptive1 = (AdaptiveMaxPool1d) modules.get("AdaptiveMaxPool1d(4, true)");
        Tensor z = x.reshape(6, 56);
        assertArrayEquals(adaptive1.call(z).toDoubleArray(), adaptive1.forwardWithIndices(z).values().toDoubleArray());
        Tensor y = x.narrow(3, 0, 7).reshape(6, 7, 7).narrow(1, 0, 3).reshape(6, 21);
        assertArrayEquals(Functional.avgPool1d(y, new int[] {3}, new int[] {2}, new int[] {1}, true, false)
                .toDoubleArray(), modules.get("AvgPool1d(3, 2, 1, true, false)").call(y).toDoubleArray());
        assertArrayEquals(Functional.avgPool2d(x, new int[] {3, 2}, new int[] {2}, new int[] {1}, true, false, 5)
                .toDoubleArray(), modules.get("AvgPool2d([3, 2], [2], [1], true, false, 5)").call(x).toDoubleArray());
    }

    @Test
    void gradientsPassGradcheck() {
        Tensor x = Tensor.arange(2 * 2 * 6 * 7).reshape(2, 2, 6, 7).to(DType.FLOAT64).to(device()).mul(0.37).sin()
                .detach().requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> Functional.maxPool2d(t[0], new int[] {3, 2}, new int[] {2, 1},
                new int[] {1}, new int[] {1, 2}, true), x));
        assertTrue(GradCheck.gradcheck(t -> Functional.avgPool2d(t[0], new int[] {3}, new int[] {2}, new int[] {1},
                true, false, null), x));
        assertTrue(GradCheck.gradcheck(t -> Functional.avgPool2d(t[0], new int[] {2, 3}, new int[] {2}, new int[] {1},
                true, true, 4), x));
        Tensor l = x.detach().reshape(4, 42).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> Functional.maxPool1d(t[0], new int[] {4}, new int[] {3}, new int[] {2},
                new int[] {1}, true), l));
        assertTrue(GradCheck.gradcheck(t -> Functional.avgPool1d(t[0], new int[] {3}, new int[] {2}, new int[] {1},
                true, false), l));
        for (String mode : new String[] {"bilinear", "bicubic", "nearest-exact", "area"}) {
            Boolean corners = mode.startsWith("bi") ? Boolean.TRUE : null;
            assertTrue(GradCheck.gradcheck(t -> Functional.interpolate(t[0], new int[] {4, 9}, null, mode, corners,
                    null), x), mode);
        }
        ValuesIndices vi = Functional.maxPool2dWithIndices(x.detach(), new int[] {2}, null, new int[] {0},
                new int[] {1}, false);
        Tensor v = vi.values().detach().requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> Functional.maxUnpool2d(t[0], vi.indices(), new int[] {2}, null, null,
                new int[] {6, 7}), v));
    }
}
