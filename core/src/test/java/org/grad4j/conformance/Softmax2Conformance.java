package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.function.Function;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Special;
import org.grad4j.Tensor;
import org.grad4j.nn.LogSoftmax;
import org.grad4j.nn.Softmax;
import org.grad4j.nn.Softmax2d;
import org.grad4j.nn.Softmin;
import org.junit.jupiter.api.Test;

/**
 * softmax and log_softmax over a dim that is not the last, forward and backward, and logsumexp with its gradient,
 * against PyTorch 1.13's CPU kernels ({@code tools/golden/softmax2_golden.py}); also nn.Softmax2d, Softmin,
 * LogSoftmax, softmax with a dtype and cross_entropy over the class dim of {@code [N, C, d1, ...]}.
 *
 * <p>On the CPU every bit must match, except in the last {@code inner % 8} (float32) or {@code inner % 4} (float64)
 * columns of a non-last-dim softmax: PyTorch computes those with glibc's scalar {@code exp}, which Java lacks
 * (grad4j uses {@code StrictMath.exp}, which disagrees with glibc in about 0.1% of values by one ulp); there the
 * values must be within {@link #TAIL_ULPS} ulps, and the count of exact ones is checked to be most of them.
 * Another device is allowed that tolerance everywhere.
 */
public abstract class Softmax2Conformance extends DeviceConformance {
    /** One ulp of exp, carried through a column's sum, its log or reciprocal and one more operation. */
    private static final int TAIL_ULPS = 4;

    /** Elements in glibc-exp columns seen by {@link #check}, and how many of them had PyTorch's bits. */
    private int tailValues;
    private int tailExact;

    private static JsonNode golden() {
        return Golden.load("softmax2.json.gz");
    }

    private boolean exact() {
        return device().type().equals("cpu");
    }

    private Tensor tensor(JsonNode t, DType dtype) {
        return Golden.tensor(t, dtype, device());
    }

    /**
     * Compares bits; {@code tail} marks the elements PyTorch computes with glibc's exp (null: none), which may be
     * {@link #TAIL_ULPS} ulps away (ulps of the largest magnitude in the output, as a difference such as
     * {@code g - sum} loses the operands' scale).
     */
    private void check(String what, double[] want, Tensor got, boolean[] tail) {
        double[] g = got.toDoubleArray();
        assertEquals(want.length, g.length, what + ": length");
        boolean f32 = got.dtype() == DType.FLOAT32;
        double scale = 0;
        for (double w : want) {
            scale = Double.isFinite(w) ? Math.max(scale, Math.abs(w)) : scale;
        }
        int bad = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < want.length; i++) {
            boolean same = f32 ? Float.floatToIntBits((float) want[i]) == Float.floatToIntBits((float) g[i])
                    : Double.doubleToLongBits(want[i]) == Double.doubleToLongBits(g[i]);
            if (tail != null && tail[i]) {
                tailValues++;
                tailExact += same ? 1 : 0;
            }
            if (!same && (!exact() || tail != null && tail[i])) {
                double ulp = f32 ? Math.ulp((float) Math.max(scale, Math.abs(want[i])))
                        : Math.ulp(Math.max(scale, Math.abs(want[i])));
                same = Double.isNaN(want[i]) ? Double.isNaN(g[i]) : Math.abs(g[i] - want[i]) <= TAIL_ULPS * ulp;
            }
            if (!same && bad++ == 0) {
                first.append(" first at ").append(i).append(": got ").append(g[i]).append(", PyTorch ").append(want[i]);
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + want.length + " values differ from PyTorch's" + first);
        }
    }

    /** On the CPU, nearly all of the glibc-exp columns' values must still be PyTorch's to the bit. */
    private void checkTailsMostlyExact(String what) {
        if (System.getProperty("grad4j.softmax2.stats") != null) {
            System.out.println(what + ": " + tailExact + " of " + tailValues + " glibc-exp column values exact");
        }
        if (exact() && tailValues > 0) {
            assertTrue(tailExact >= 0.9 * tailValues, what + ": only " + tailExact + " of " + tailValues
                    + " values in the glibc-exp columns have PyTorch's bits");
        }
    }

    /** The elements of the columns PyTorch's non-last-dim kernels leave to the scalar loop (glibc's exp). */
    private static boolean[] tailColumns(int[] shape, int dim, DType dtype) {
        int d = dim < 0 ? dim + shape.length : dim;
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int lanes = dtype == DType.FLOAT32 ? 8 : 4;
        int vectorColumns = inner - inner % lanes;
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        boolean[] tail = new boolean[n];
        for (int i = 0; i < n; i++) {
            tail[i] = inner > 1 && i % inner >= vectorColumns;
        }
        return tail;
    }

    @Test
    void softmaxOverANonLastDimHasPyTorchsBits() {
        int cases = 0;
        for (JsonNode c : golden().get("softmax")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String op = c.get("op").asText();
            int dim = c.get("dim").asInt();
            Tensor x = tensor(c.get("x"), dtype).requiresGrad_(c.has("gx"));
            Tensor y = op.equals("softmax") ? x.softmax(dim) : x.logSoftmax(dim);
            String what = op + " " + dtype + " " + Arrays.toString(x.shape()) + " dim " + dim;
            boolean[] tail = tailColumns(x.shape(), dim, dtype);
            check(what, Golden.numbers(c.get("y").get("data")), y, tail);
            if (c.has("gx")) {
                y.backward(tensor(c.get("up"), dtype));
                check(what + " backward", Golden.numbers(c.get("gx").get("data")), x.grad(), tail);
            }
            cases++;
        }
        assertTrue(cases >= 40, "expected the golden's 44 cases, got " + cases);
        checkTailsMostlyExact("softmaxOverANonLastDimHasPyTorchsBits");
    }

    @Test
    void logsumexpAndItsGradientHavePyTorchsBits() {
        for (JsonNode c : golden().get("logsumexp")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            int[] dims = Golden.ints(c.get("dims"));
            boolean keepdim = c.get("keepdim").asBoolean();
            Tensor x = tensor(c.get("x"), dtype).requiresGrad_(c.has("gx"));
            Tensor y = x.logsumexp(dims, keepdim);
            String what = "logsumexp " + dtype + " " + Arrays.toString(x.shape()) + " dims " + Arrays.toString(dims)
                    + (keepdim ? " keepdim" : "");
            check(what, Golden.numbers(c.get("y").get("data")), y, null);
            if (c.has("gx")) {
                y.backward(tensor(c.get("up"), dtype));
                check(what + " backward", Golden.numbers(c.get("gx").get("data")), x.grad(), null);
            }
        }
    }

    @Test
    void softmaxModulesAndTheDtypeArgumentUseTheNonLastDimKernels() {
        for (JsonNode c : golden().get("modules")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String name = c.get("module").asText();
            Function<Tensor, Tensor> module = switch (name) {
                case "Softmax2d" -> new Softmax2d()::forward;
                case "Softmin1" -> new Softmin(1)::forward;
                case "LogSoftmax1" -> new LogSoftmax(1)::forward;
                case "Softmax0" -> new Softmax(0)::forward;
                case "softmax_float64" -> t -> Special.softmax(t, 2, DType.FLOAT64);
                default -> throw new AssertionError("unknown module " + name);
            };
            int dim = switch (name) {
                case "Softmax0" -> 0;
                case "softmax_float64" -> 2;
                default -> 1;
            };
            Tensor x = tensor(c.get("x"), dtype).requiresGrad_(true);
            Tensor y = module.apply(x);
            boolean[] tail = tailColumns(x.shape(), dim, y.dtype());
            String what = name + " " + dtype;
            check(what, Golden.numbers(c.get("y").get("data")), y, tail);
            y.backward(tensor(c.get("up"), y.dtype()));
            check(what + " backward", Golden.numbers(c.get("gx").get("data")), x.grad(), tail);
        }
        checkTailsMostlyExact("softmaxModulesAndTheDtypeArgumentUseTheNonLastDimKernels");
    }

    @Test
    void crossEntropyOverClassDimOneHasPyTorchsBits() {
        for (JsonNode c : golden().get("cross_entropy")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            Tensor x = tensor(c.get("x"), dtype).requiresGrad_(true);
            Tensor target = tensor(c.get("target"), DType.INT64);
            Reduction reduction = c.get("reduction").asText().equals("sum") ? Reduction.SUM
                    : Reduction.MEAN;
            Tensor loss = Functional.crossEntropy(x, target, null, -100, reduction, 0.0);
            String what = "cross_entropy " + dtype + " " + Arrays.toString(x.shape()) + " " + reduction;
            boolean[] tail = tailColumns(x.shape(), 1, dtype);
            boolean anyTail = false;
            for (boolean t : tail) {
                anyTail |= t;
            }
            // the loss sums log_softmax values, tail columns among them
            check(what, new double[] {Golden.number(c.get("loss"))}, loss, anyTail ? new boolean[] {true} : null);
            loss.backward();
            check(what + " backward", Golden.numbers(c.get("gx").get("data")), x.grad(), tail);
        }
        checkTailsMostlyExact("crossEntropyOverClassDimOneHasPyTorchsBits");
    }
}
