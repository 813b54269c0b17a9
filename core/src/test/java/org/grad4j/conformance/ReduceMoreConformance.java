package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.MinMax;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reductions of {@code ReduceMore} against PyTorch 1.13 ({@code golden/reduce_more.json.gz}, made by
 * {@code tools/golden/reduce_more_golden.py}, in tensor_ops.json's format): median, nanmedian, kthvalue and mode
 * (values, indices with PyTorch's choice on ties, the gradient to the selected position), nansum, nanmean,
 * aminmax, var_mean and std_mean (Welford's bits), count_nonzero, cummax/cummin (PyTorch's tie and NaN rule),
 * logcumsumexp, quantile and nanquantile (scalar and 1-d q, every interpolation), searchsorted, bucketize and
 * histc; every dim, keepdim, 0-d and empty inputs, integer and bool inputs, NaN, PyTorch's refusals. Plus
 * gradcheck in float64.
 *
 * <p>Bit-exact: every selecting op (a value of the input), aminmax, var_mean/std_mean (the host's Welford loop, as
 * {@code var}), histc, and every integer result; nansum, nanmean, logcumsumexp and quantile within
 * {@link TensorOpsConformance#rtol}.
 */
public abstract class ReduceMoreConformance extends DeviceConformance {
    private static final Set<String> EXACT = Set.of("median", "median_all", "nanmedian", "nanmedian_all", "kthvalue",
            "mode", "aminmax", "var_mean", "std_mean", "cummax", "cummin", "histc");

    private static Tensor part(JsonNode a, ValuesIndices r) {
        return a.get("part").asText().equals("values") ? r.values() : r.indices();
    }

    private static Tensor part(JsonNode a, MinMax r) {
        return a.get("part").asText().equals("min") ? r.min() : r.max();
    }

    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "median_all" -> x.median();
            case "nanmedian_all" -> x.nanmedian();
            case "median" -> part(a, a.get("keepdim").asBoolean() ? x.median(a.get("dim").asInt(), true)
                    : x.median(a.get("dim").asInt()));
            case "nanmedian" -> part(a, a.get("keepdim").asBoolean() ? x.nanmedian(a.get("dim").asInt(), true)
                    : x.nanmedian(a.get("dim").asInt()));
            case "kthvalue" -> part(a, x.kthvalue(a.get("k").asInt(), a.get("dim").asInt(),
                    a.get("keepdim").asBoolean()));
            case "mode" -> part(a, a.get("keepdim").asBoolean() ? x.mode(a.get("dim").asInt(), true)
                    : x.mode(a.get("dim").asInt()));
            case "nansum" -> Golden.ints(a.get("dims")).length == 0 && !a.get("keepdim").asBoolean() ? x.nansum()
                    : x.nansum(Golden.ints(a.get("dims")), a.get("keepdim").asBoolean());
            case "nanmean" -> Golden.ints(a.get("dims")).length == 0 && !a.get("keepdim").asBoolean() ? x.nanmean()
                    : x.nanmean(Golden.ints(a.get("dims")), a.get("keepdim").asBoolean());
            case "aminmax" -> part(a, a.get("dim").isNull() && !a.get("keepdim").asBoolean() ? x.aminmax()
                    : x.aminmax(a.get("dim").isNull() ? null : a.get("dim").asInt(), a.get("keepdim").asBoolean()));
            case "var_mean" -> x.varMean(Golden.ints(a.get("dims")), a.get("correction").asInt(),
                    a.get("keepdim").asBoolean())[a.get("part").asInt()];
            case "std_mean" -> x.stdMean(Golden.ints(a.get("dims")), a.get("correction").asInt(),
                    a.get("keepdim").asBoolean())[a.get("part").asInt()];
            case "count_nonzero" -> Golden.ints(a.get("dims")).length == 0 ? x.countNonzero()
                    : x.countNonzero(Golden.ints(a.get("dims")));
            case "cummax" -> part(a, x.cummax(a.get("dim").asInt()));
            case "cummin" -> part(a, x.cummin(a.get("dim").asInt()));
            case "logcumsumexp" -> x.logcumsumexp(a.get("dim").asInt());
            case "quantile", "nanquantile" -> quantile(op.equals("nanquantile"), a, in);
            case "searchsorted" -> a.has("side") || a.has("int32") ? Tensor.searchsorted(x, in[1], a.has("int32"),
                    a.get("right").asBoolean(), a.has("side") ? a.get("side").asText() : null)
                    : a.get("right").asBoolean() ? Tensor.searchsorted(x, in[1], false, true, null)
                    : Tensor.searchsorted(x, in[1]);
            case "bucketize" -> a.has("int32") ? Tensor.bucketize(x, in[1], true, a.get("right").asBoolean())
                    : Tensor.bucketize(x, in[1], a.get("right").asBoolean());
            case "histc" -> a.get("bins").asInt() == 100 && a.get("min").asDouble() == 0 && a.get("max").asDouble() == 0
                    ? x.histc() : x.histc(a.get("bins").asInt(), a.get("min").asDouble(), a.get("max").asDouble());
            default -> throw new IllegalStateException("no such op in reduce_more.json: " + op);
        };
    }

    private static Tensor quantile(boolean nan, JsonNode a, Tensor[] in) {
        Integer dim = a.get("dim").isNull() ? null : a.get("dim").asInt();
        boolean keep = a.get("keepdim").asBoolean();
        String interp = a.get("interpolation").asText();
        JsonNode qs = a.get("q");
        if (qs.isObject()) {
            double[] v = Golden.numbers(qs.get("values"));
            DType dt = qs.get("dtype").asText().equals("float32") ? DType.FLOAT32 : DType.FLOAT64;
            Tensor q = Tensor.of(v, dt, in[0].device(), Golden.ints(qs.get("shape")));
            return nan ? in[0].nanquantile(q, dim, keep, interp) : in[0].quantile(q, dim, keep, interp);
        }
        double q = a.get("q").asDouble();
        return nan ? in[0].nanquantile(q, dim, keep, interp) : in[0].quantile(q, dim, keep, interp);
    }

    /** A golden tensor of any dtype (int64 and bool from their exact values). */
    Tensor input(JsonNode t) {
        return Golden.anyTensor(t, device());
    }

    void check(JsonNode c) {
        TensorOpsConformance.checkCase(c, this::input, ReduceMoreConformance::apply,
                (op, out) -> EXACT.contains(op) || !out.isFloatingPoint());
    }

    @TestFactory
    List<DynamicTest> reductionsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("reduce_more.json.gz").get("cases")) {
            String name = i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args");
            tests.add(DynamicTest.dynamicTest(name, () -> check(c)));
        }
        return tests;
    }

    /** A float64 leaf on this device from fixed, distinct values in {@code [lo, hi)}. */
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
        l.add(grad("median", in -> in[0].median(), leaf(-2, 2, 3, 5)));
        l.add(grad("median dim", in -> in[0].median(1, true).values(), leaf(-2, 2, 3, 5)));
        l.add(grad("nanmedian dim", in -> in[0].nanmedian(0).values(), leaf(-2, 2, 4, 3)));
        l.add(grad("kthvalue", in -> in[0].kthvalue(2, 0, false).values(), leaf(-2, 2, 4, 3)));
        l.add(grad("mode", in -> in[0].mode(-1).values(), leaf(-2, 2, 2, 3)));
        l.add(grad("nansum", in -> in[0].nansum(new int[] {0}, false), leaf(-2, 2, 4, 3)));
        l.add(grad("nanmean", in -> in[0].nanmean(new int[] {-1}, true), leaf(-2, 2, 4, 3)));
        l.add(grad("var_mean var", in -> in[0].varMean(new int[] {1}, 1, false)[0], leaf(-2, 2, 4, 3)));
        l.add(grad("var_mean mean", in -> in[0].varMean(new int[] {0}, 0, true)[1], leaf(-2, 2, 4, 3)));
        l.add(grad("std_mean", in -> in[0].stdMean()[0].add(in[0].stdMean()[1]), leaf(-2, 2, 4, 3)));
        l.add(grad("cummax", in -> in[0].cummax(1).values(), leaf(-2, 2, 3, 4)));
        l.add(grad("cummin", in -> in[0].cummin(0).values(), leaf(-2, 2, 3, 4)));
        l.add(grad("logcumsumexp", in -> in[0].logcumsumexp(-1), leaf(-2, 2, 3, 4)));
        l.add(grad("quantile", in -> in[0].quantile(0.3, 1, false, "linear"), leaf(-2, 2, 3, 4)));
        l.add(grad("nanquantile midpoint", in -> in[0].nanquantile(0.5, null, true, "midpoint"), leaf(-2, 2, 3, 4)));
        return l;
    }
}
