package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.grad4j.AutogradFunction;
import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Reduction;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of a small training step give the bits of the primitives they replace: mse_loss's
 * one-call forward and backward (MEAN and SUM, same-shape operands, contiguous or not) against
 * {@code (x - y)} squared, summed and divided, and {@code norm * (x - y) * g}; and a gradient summed
 * over size-1 dims only (a batch-1 bias) against the sum kernel, signed zeros and NaN included; and the
 * implicit gradient {@code 1} of {@code loss.backward()} stays 1 even when a user's rule changes it in place.
 */
public abstract class SmallStepConformance extends DeviceConformance {
    private static final double[] SPECIAL = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-310, -3.5, 0.1};

    private Tensor random(SplittableRandom r, DType dtype, boolean special, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = special && r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextDouble(-3, 3);
        }
        return Tensor.of(v, dtype, device(), shape);
    }

    private static long[] bits(Tensor t) {
        double[] v = t.toDoubleArray();
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToLongBits(v[i]);
        }
        return b;
    }

    @Test
    void mseLossAndGradientsAreThePrimitivesBits() {
        SplittableRandom r = new SplittableRandom(16);
        int[][] shapes = {{1, 1}, {}, {1}, {3}, {2, 5}, {7, 3}, {33}, {4, 3, 5}};
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (int[] shape : shapes) {
                for (Reduction reduction : new Reduction[] {Reduction.MEAN, Reduction.SUM}) {
                    for (boolean transposed : new boolean[] {false, true}) {
                        if (transposed && shape.length < 2) {
                            continue;
                        }
                        check(r, dtype, shape, reduction, transposed);
                    }
                }
            }
        }
    }

    private void check(SplittableRandom r, DType dtype, int[] shape, Reduction reduction, boolean transposed) {
        String what = "mse_loss " + reduction + " " + java.util.Arrays.toString(shape) + " " + dtype
                + (transposed ? " transposed" : "");
        Tensor x0 = random(r, dtype, true, shape);
        Tensor y0 = random(r, dtype, true, shape);
        if (transposed) {
            int d = shape.length;
            x0 = x0.transpose(d - 2, d - 1);   // a non-contiguous operand of the transposed shape
            y0 = y0.transpose(d - 2, d - 1).contiguous();
        }
        Tensor g = random(r, dtype, false);
        Tensor x = x0.detach().requiresGrad_(true);
        Tensor y = y0.detach().requiresGrad_(true);
        Tensor loss = Functional.mseLoss(x, y, reduction);
        loss.backward(g);
        int n = x0.numel();
        double norm = reduction == Reduction.MEAN ? 2.0 / n : 2.0;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor d = x0.sub(y0);
            Tensor sum = d.mul(d).sum();
            Tensor expected = reduction == Reduction.MEAN ? sum.div(n) : sum;
            assertArrayEquals(bits(expected), bits(loss), what + ": loss");
            Tensor gx = d.mul(norm).mul(g);
            assertArrayEquals(bits(gx), bits(x.grad()), what + ": input gradient");
            assertArrayEquals(bits(gx.neg()), bits(y.grad()), what + ": target gradient");
        }
    }

    @Test
    void gradientSummedOverUnitDimsIsTheSumKernelsBits() {
        SplittableRandom r = new SplittableRandom(61);
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            // leaf shape, other operand's shape (the sum's broadcast shape), whether g is non-contiguous
            int[][][] cases = {{{1}, {1, 1}}, {{3}, {1, 3}}, {{2, 1}, {1, 2, 1}}, {{3, 2}, {1, 1, 3, 2}}};
            for (int[][] c : cases) {
                for (boolean transposedGrad : new boolean[] {false, true}) {
                    int[] shape = c[1];
                    int d = shape.length;
                    Tensor g;
                    if (transposedGrad) {
                        int[] swapped = shape.clone();
                        swapped[d - 2] = shape[d - 1];
                        swapped[d - 1] = shape[d - 2];
                        g = random(r, dtype, true, swapped).transpose(d - 2, d - 1);
                    } else {
                        g = random(r, dtype, true, shape);
                    }
                    Tensor a = random(r, dtype, false, c[0]).requiresGrad_(true);
                    Tensor b = random(r, dtype, false, shape);
                    a.add(b).backward(g);
                    int[] lead = new int[d - c[0].length];
                    for (int i = 0; i < lead.length; i++) {
                        lead[i] = i;
                    }
                    Tensor expected;
                    try (GradMode.Scope ignored = GradMode.noGrad()) {
                        expected = g.sum(lead, false);
                    }
                    assertArrayEquals(bits(expected), bits(a.grad()), "sum_to " + java.util.Arrays.toString(shape)
                            + " -> " + java.util.Arrays.toString(c[0]) + " " + dtype + (transposedGrad ? " strided" : ""));
                }
            }
        }
    }

    /** A user rule that (badly) scales its incoming gradient in place and passes it on. */
    private static final class TripleInPlace extends AutogradFunction {
        @Override
        protected Tensor forward(Context ctx, Tensor... inputs) {
            return inputs[0].mul(1.0);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gradOutput) {
            return new Tensor[] {gradOutput.mul_(3.0)};
        }
    }

    @Test
    void implicitGradientIsOneEveryTime() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor x = Tensor.of(new double[] {2.0}, dtype, device()).requiresGrad_(true);
            for (int step = 0; step < 3; step++) {
                x.clearGrad();
                // AddBackward0 (a built-in root) hands the implicit 1 itself to the user's rule
                new TripleInPlace().apply(x).add(0.0).backward();
                assertEquals(3.0, x.grad().item(), dtype + ", backward " + step);
            }
        }
    }
}
