package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.grad4j.nn.BCELoss;
import org.grad4j.nn.BCEWithLogitsLoss;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.HuberLoss;
import org.grad4j.nn.KLDivLoss;
import org.grad4j.nn.L1Loss;
import org.grad4j.nn.NLLLoss;
import org.grad4j.nn.SmoothL1Loss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The losses against PyTorch 1.13 ({@code golden/losses.json}, made by {@code tools/golden/loss_golden.py}):
 * output shape and values, the gradient of {@code (out * w).sum()} for every input PyTorch differentiates
 * (input, and target where differentiable), grad_fn's name, and PyTorch's errors: the exception kind and, where
 * grad4j reproduces it, PyTorch's message.
 *
 * <p>Tolerance: values within {@link #rtol} relative, with an absolute floor of rtol times the largest expected
 * value: the losses sum in another order than PyTorch's kernels (cascade sums in nll_loss, vector lanes in
 * log_softmax). Measured on the CPU backend: every value and gradient of the golden file within one ulp of the
 * result's scale (rtol 2.3e-16 float64, 1.2e-7 float32 pass); the suite's bound leaves room for other backends'
 * exp, log and summation orders.
 */
public abstract class LossConformance extends DeviceConformance {

    static double rtol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-14 : 1e-6;
    }

    static Reduction reduction(JsonNode a) {
        return switch (a.get("reduction").asText()) {
            case "none" -> Reduction.NONE;
            case "mean", "batchmean" -> Reduction.MEAN;
            case "sum" -> Reduction.SUM;
            default -> throw new AssertionError("unknown reduction " + a.get("reduction"));
        };
    }

    /** The op as grad4j spells it; absent optional inputs are null. */
    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        Tensor y = in[1];
        Tensor w = in.length > 2 ? in[2] : null;
        return switch (op) {
            case "cross_entropy" -> Functional.crossEntropy(x, y, w, a.get("ignore_index").asLong(), reduction(a),
                    a.get("label_smoothing").asDouble());
            case "nll_loss" -> Functional.nllLoss(x, y, w, a.get("ignore_index").asLong(), reduction(a));
            case "binary_cross_entropy" -> Functional.binaryCrossEntropy(x, y, w, reduction(a));
            case "binary_cross_entropy_with_logits" -> Functional.binaryCrossEntropyWithLogits(x, y, w, reduction(a),
                    in.length > 3 ? in[3] : null);
            case "l1_loss" -> Functional.l1Loss(x, y, reduction(a));
            case "smooth_l1_loss" -> Functional.smoothL1Loss(x, y, reduction(a), a.get("beta").asDouble());
            case "huber_loss" -> Functional.huberLoss(x, y, reduction(a), a.get("delta").asDouble());
            case "kl_div" -> a.get("reduction").asText().equals("batchmean")
                    ? Functional.klDivBatchmean(x, y, a.get("log_target").asBoolean())
                    : Functional.klDiv(x, y, reduction(a), a.get("log_target").asBoolean());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in LossConformance.apply");
        };
    }

    @TestFactory
    List<DynamicTest> lossesMatchPyTorch() {
        backend();   // skips when the device is unavailable
        return new GoldenCases(LossConformance::apply, LossConformance::rtol)
                .message(m -> m.replaceAll("\\(?torch\\.Size\\((\\[[^\\]]*\\])\\)\\)?", "$1"))
                .tests(Golden.load("losses.json"), device());
    }

    // ---------------------------------------------------------------- modules and gradcheck

    private final Generator gen = new Generator(15);

    private Tensor randn(int... shape) {
        return Tensor.randn(gen, shape).toDouble().to(device());
    }

    private Tensor rand(int... shape) {
        return Tensor.rand(gen, shape).toDouble().to(device());
    }

    private static void same(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray());
    }

    @Test
    void modulesComputeWhatTheFunctionalFormsCompute() {
        Tensor x = randn(4, 3);
        Tensor labels = Tensor.tensor(0L, 2L, -100L, 1L).to(device());
        Tensor w = rand(3).add(0.5);
        same(Functional.crossEntropy(x, labels), new CrossEntropyLoss().forward(x, labels));
        Tensor labels1 = Tensor.tensor(0L, 2L, 1L, 1L).to(device());   // 1 ignored below
        same(Functional.crossEntropy(x, labels1, w, 1, Reduction.SUM, 0.1),
                new CrossEntropyLoss(w, 1, Reduction.SUM, 0.1).forward(x, labels1));
        same(Functional.crossEntropy(x, labels, null, -100, Reduction.NONE, 0.0),
                new CrossEntropyLoss(Reduction.NONE).forward(x, labels));
        Tensor logp = x.logSoftmax(1);
        same(Functional.nllLoss(logp, labels), new NLLLoss().forward(logp, labels));
        same(Functional.nllLoss(logp, labels1, w, 2, Reduction.NONE),
                new NLLLoss(w, 2, Reduction.NONE).forward(logp, labels1));
        Tensor p = rand(4, 3).mul(0.9).add(0.05);
        Tensor y = rand(4, 3);
        same(Functional.binaryCrossEntropy(p, y), new BCELoss().forward(p, y));
        same(Functional.binaryCrossEntropy(p, y, w, Reduction.SUM), new BCELoss(w, Reduction.SUM).forward(p, y));
        same(Functional.binaryCrossEntropyWithLogits(x, y), new BCEWithLogitsLoss().forward(x, y));
        same(Functional.binaryCrossEntropyWithLogits(x, y, w, Reduction.NONE, w.mul(2.0)),
                new BCEWithLogitsLoss(w, Reduction.NONE, w.mul(2.0)).forward(x, y));
        same(Functional.l1Loss(x, y, Reduction.MEAN), new L1Loss().forward(x, y));
        same(Functional.smoothL1Loss(x, y, Reduction.MEAN, 1.0), new SmoothL1Loss().forward(x, y));
        same(Functional.smoothL1Loss(x, y, Reduction.SUM, 0.3), new SmoothL1Loss(Reduction.SUM, 0.3).forward(x, y));
        same(Functional.huberLoss(x, y, Reduction.MEAN, 1.0), new HuberLoss().forward(x, y));
        same(Functional.huberLoss(x, y, Reduction.NONE, 0.4), new HuberLoss(Reduction.NONE, 0.4).forward(x, y));
        Tensor q = y.softmax(1);
        same(Functional.klDiv(logp, q, Reduction.MEAN, false), new KLDivLoss().forward(logp, q));
        same(Functional.klDivBatchmean(logp, q, false), KLDivLoss.batchmean(false).forward(logp, q));
        same(Functional.klDiv(logp, q.log(), Reduction.SUM, true),
                new KLDivLoss(Reduction.SUM, true).forward(logp, q.log()));
        assertTrue(KLDivLoss.batchmean(true).isBatchmean());
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
    }

    @Test
    void batchmeanIsTheSumOverTheBatchSize() {
        Tensor logp = randn(5, 3).logSoftmax(1);
        Tensor q = randn(5, 3).softmax(1);
        double sum = Functional.klDiv(logp, q, Reduction.SUM, false).item();
        assertEquals(sum / 5, Functional.klDivBatchmean(logp, q, false).item(), 0.0);
    }

    @Test
    void modulesRefuseBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(null, -100, Reduction.MEAN, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(null));
        assertThrows(IllegalArgumentException.class, () -> new NLLLoss(null));
        assertThrows(IllegalArgumentException.class, () -> new BCELoss(null, null));
        assertThrows(IllegalArgumentException.class, () -> new BCEWithLogitsLoss(null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new L1Loss(null));
        assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(null, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new HuberLoss(null, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new KLDivLoss(null, false));
        Tensor x = randn(3, 4);
        assertThrows(IllegalArgumentException.class, () -> Functional.crossEntropy(x, null));
        Tensor three = Tensor.tensor(0L, 1L, 2L).to(device());
        assertThrows(IllegalArgumentException.class, () -> Functional.nllLoss(randn(3, 4), three, null, -100, null));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> new CrossEntropyLoss().forward(x, Tensor.tensor(0L, 7L, 2L).to(device())));
        assertTrue(e.getMessage().contains("Target 7 is out of bounds."), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().forward(x, Tensor.tensor(0.0, 1.0, 2.0).toFloat().to(device())));
        assertTrue(f.getMessage().contains("expected scalar type Long but found Float"), f.getMessage());
    }

    private static void check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        assertTrue(GradCheck.gradcheck(fn, inputs));
    }

    @Test
    void gradcheckEveryLossInFloat64() {
        Tensor labels = Tensor.tensor(0L, 2L, -100L, 1L, 2L).to(device());
        Tensor labels3 = Tensor.of(new long[] {0, 2, 1, -100, 1, 0}, 2, 3).to(device());
        Tensor w = rand(3).add(0.5);
        for (Reduction r : Reduction.values()) {
            for (double ls : new double[] {0.0, 0.2}) {
                check(in -> Functional.crossEntropy(in[0], labels, w, -100, r, ls), randn(5, 3).requiresGrad_(true));
                check(in -> Functional.crossEntropy(in[0], labels3, null, -100, r, ls),
                        randn(2, 3, 3).requiresGrad_(true));
                check(in -> Functional.crossEntropy(in[0], in[1], w, -100, r, ls), randn(4, 3).requiresGrad_(true),
                        rand(4, 3).requiresGrad_(true));
            }
            check(in -> Functional.nllLoss(in[0], labels, w, -100, r), randn(5, 3).requiresGrad_(true));
            check(in -> Functional.nllLoss(in[0], labels.mul(0L).add(1L), w, 2, r), randn(5, 3).requiresGrad_(true));
            check(in -> Functional.binaryCrossEntropy(in[0], in[1], w, r),
                    rand(4, 3).mul(0.8).add(0.1).requiresGrad_(true), rand(4, 3).requiresGrad_(true));
            check(in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], w, r, w.mul(3.0)),
                    randn(4, 3).requiresGrad_(true), rand(4, 3).requiresGrad_(true));
            check(in -> Functional.binaryCrossEntropyWithLogits(in[0], in[1], null, r, null),
                    randn(4, 3).requiresGrad_(true), rand(4, 3).requiresGrad_(true));
            check(in -> Functional.l1Loss(in[0], in[1], r), randn(4, 3).requiresGrad_(true),
                    randn(4, 3).requiresGrad_(true));
            check(in -> Functional.smoothL1Loss(in[0], in[1], r, 0.7), randn(4, 3).requiresGrad_(true),
                    randn(4, 3).requiresGrad_(true));
            check(in -> Functional.huberLoss(in[0], in[1], r, 0.7), randn(4, 3).requiresGrad_(true),
                    randn(4, 3).requiresGrad_(true));
            for (boolean logTarget : new boolean[] {false, true}) {
                Tensor t = logTarget ? randn(4, 3) : rand(4, 3).add(0.1);
                check(in -> Functional.klDiv(in[0], in[1], r, logTarget), randn(4, 3).requiresGrad_(true),
                        t.requiresGrad_(true));
            }
        }
        check(in -> Functional.klDivBatchmean(in[0], in[1], false), randn(4, 3).requiresGrad_(true),
                rand(4, 3).add(0.1).requiresGrad_(true));
    }
}
