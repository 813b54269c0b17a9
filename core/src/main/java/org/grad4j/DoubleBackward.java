package org.grad4j;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;

/**
 * The backward functions PyTorch records as ops of their own when a pass builds a graph (create_graph):
 * {@code tanh_backward}, {@code sigmoid_backward}, {@code threshold_backward}, {@code _softmax_backward_data},
 * {@code _log_softmax_backward_data} and {@code mse_loss_backward}, with their grad_fn names
 * ({@code TanhBackwardBackward0}, ...) and derivatives.yaml's formulas for their inputs. Each value is the
 * first-order backward's own (computed with grad mode off, so the bits do not depend on create_graph); the node
 * is recorded only when an input carries history.
 */
final class DoubleBackward {
    private DoubleBackward() {
    }

    /** The gradients of a recorded backward function's inputs, from the gradient of its result. */
    private interface Rule {
        Tensor[] apply(Tensor gg, RuleNode node);
    }

    /** A backward function recorded as an op: its inputs are saved, so a freed graph fails as PyTorch's. */
    private static final class RuleNode extends NamedNode {
        private final Rule rule;

        RuleNode(String name, Rule rule, Tensor... inputs) {
            super(name, inputs);
            this.rule = rule;
            save(inputs.clone());
        }

        @Override
        Tensor[] backward(Tensor gg) {
            return rule.apply(gg, this);
        }
    }

    private static Tensor record(Tensor value, String name, Rule rule, Tensor... inputs) {
        boolean history = false;
        for (Tensor t : inputs) {
            history |= t != null && t.requiresGrad();
        }
        return history && GradMode.isEnabled() ? Tensor.record(value, new RuleNode(name, rule, inputs)) : value;
    }

    /**
     * {@code t}, a gradient composed of recorded ops, under the grad_fn name PyTorch's one double-backward node has
     * ({@code ConvolutionBackwardBackward0}, ...): an alias whose node passes the gradient on; null stays null.
     */
    static Tensor named(Tensor t, String name) {
        if (t == null || t.gradFn() == null) {
            return t;
        }
        return Tensor.record(t.detach(), new Indexing.FnNode(name, g -> new Tensor[] {g}, t));
    }

    private static GradMode.Scope off() {
        return GradMode.noGrad();
    }

    /**
     * The named form of a unary op's backward from {@code saved} (its input or output, as its rule saves), or null
     * where PyTorch's formula is a composite of other ops.
     */
    static Tensor ofUnary(UnaryOp op, Tensor g, Tensor saved) {
        return switch (op) {
            case TANH -> tanhBackward(g, saved);
            case SIGMOID -> sigmoidBackward(g, saved);
            case RELU -> thresholdBackward(g, saved);
            case GELU -> pointwise("GeluBackwardBackward0", g, saved, Derivatives.of(op).grad()::apply,
                    // d/dx (Phi(x) + x phi(x)) = phi(x) (2 - x^2)
                    x -> x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI).mul(x.mul(x).rsub(2.0)));
            case GELU_TANH -> pointwise("GeluBackwardBackward0", g, saved, Derivatives.of(op).grad()::apply,
                    DoubleBackward::geluTanhCurvature);
            case LOGSIGMOID -> pointwise("LogSigmoidBackwardBackward0", g, saved, Derivatives.of(op).grad()::apply,
                    // d/dx sigmoid(-x) = -sigmoid(-x) sigmoid(x)
                    x -> x.neg().sigmoid().mul(x.sigmoid()).neg());
            default -> null;
        };
    }

    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    /**
     * The second derivative of the tanh-approximated gelu, {@code x/2 (1 + tanh(u))} with
     * {@code u = sqrt(2/pi) (x + 0.044715 x^3)}: {@code (1 - t^2) (u' + x/2 (u'' - 2 t u'^2))}, t = tanh(u).
     */
    private static Tensor geluTanhCurvature(Tensor x) {
        Tensor x2 = x.mul(x);
        Tensor t = x.add(x2.mul(x).mul(0.044715)).mul(SQRT_2_OVER_PI).tanh();
        Tensor du = x2.mul(3 * 0.044715).add(1.0).mul(SQRT_2_OVER_PI);
        Tensor ddu = x.mul(6 * 0.044715 * SQRT_2_OVER_PI);
        Tensor inner = du.add(x.mul(0.5).mul(ddu.sub(t.mul(2.0).mul(du).mul(du))));
        return t.mul(t).rsub(1.0).mul(inner);
    }

    /**
     * A pointwise activation's backward {@code g * slope(x)} ({@code firstOrder(g, x)}), recorded as {@code name}:
     * d/dg is the same backward of gg, d/dx is {@code gg g curvature(x)} (zeros where {@code curvature} is null).
     */
    static Tensor pointwise(String name, Tensor g, Tensor x, java.util.function.BinaryOperator<Tensor> firstOrder,
                            java.util.function.UnaryOperator<Tensor> curvature) {
        Tensor v;
        try (GradMode.Scope ignored = off()) {
            v = firstOrder.apply(g, x);
        }
        return record(v, name, (gg, n) -> {
            Tensor in = n.saved(1);
            return new Tensor[] {
                pointwise(name, gg, in, firstOrder, curvature),
                curvature == null ? Tensor.full(in.shape, 0.0, gg.dtype, gg.device())
                        : gg.mul(n.saved(0)).mul(curvature.apply(in))
            };
        }, g, x);
    }

    /** {@code tanh_backward(g, y) = g (1 - y^2)}; d/dg: tanh_backward(gg, y), d/dy: gg (-2 y g). */
    static Tensor tanhBackward(Tensor g, Tensor y) {
        Tensor v;
        try (GradMode.Scope ignored = off()) {
            v = Derivatives.tanhBackward(g, y);   // the first-order kernel's bits (one FMA), as without a graph
        }
        return record(v, "TanhBackwardBackward0", (gg, n) -> new Tensor[] {
            tanhBackward(gg, n.saved(1)), gg.mul(n.saved(1).mul(-2.0).mul(n.saved(0)))
        }, g, y);
    }

    /** {@code sigmoid_backward(g, y) = g (1 - y) y}; d/dg: sigmoid_backward(gg, y), d/dy: gg g (1 - 2y). */
    static Tensor sigmoidBackward(Tensor g, Tensor y) {
        Tensor v;
        try (GradMode.Scope ignored = off()) {
            v = g.mul(y.rsub(1.0)).mul(y);
        }
        return record(v, "SigmoidBackwardBackward0", (gg, n) -> new Tensor[] {
            sigmoidBackward(gg, n.saved(1)), gg.mul(n.saved(0)).mul(n.saved(1).mul(-2.0).add(1.0))
        }, g, y);
    }

    /** {@code threshold_backward(g, y, 0)}: g where y > 0, else +0.0; d/dg: the same of gg, d/dy: zeros. */
    static Tensor thresholdBackward(Tensor g, Tensor y) {
        Tensor v;
        try (GradMode.Scope ignored = off()) {
            v = Pointwise.gradThrough(g, Pointwise.mask(BinaryOp.NE, y, 0.0));
        }
        return record(v, "ThresholdBackwardBackward0", (gg, n) -> new Tensor[] {
            thresholdBackward(gg, n.saved(1)), Tensor.full(n.saved(1).shape, 0.0, gg.dtype, gg.device())
        }, g, y);
    }

    /**
     * {@code _softmax_backward_data(g, y, dim) = y (g - sum(g y))} (value: {@code first}, the first-order kernel's);
     * d/dg: the same of gg; d/dy: PyTorch's softmax_double_backward,
     * {@code g gg - sum(y g) gg - g sum(y gg)}.
     */
    static Tensor softmaxBackwardData(Tensor first, Tensor g, Tensor y, int dim) {
        return record(first, "SoftmaxBackwardDataBackward0", (gg, n) -> {
            Tensor go = n.saved(0);
            Tensor out = n.saved(1);
            int[] d = {dim};
            Tensor ggIn;
            try (GradMode.Scope ignored = off()) {
                ggIn = out.mul(gg.sub(gg.mul(out).sum(d, true)));
            }
            return new Tensor[] {
                softmaxBackwardData(ggIn, gg, out, dim),
                go.mul(gg).sub(out.mul(go).sum(d, true).mul(gg)).sub(go.mul(out.mul(gg).sum(d, true)))
            };
        }, g, y);
    }

    /**
     * {@code _log_softmax_backward_data(g, y, dim) = g - exp(y) sum(g)} (value: {@code first}); d/dg:
     * {@code gg - sum(gg exp(y))}, d/dy: {@code -sum(g) exp(y) gg}, as derivatives.yaml writes them.
     */
    static Tensor logSoftmaxBackwardData(Tensor first, Tensor g, Tensor y, int dim) {
        return record(first, "LogSoftmaxBackwardDataBackward0", (gg, n) -> {
            Tensor go = n.saved(0);
            Tensor out = n.saved(1);
            int[] d = {dim};
            return new Tensor[] {
                gg.sub(gg.mul(out.exp()).sum(d, true)),
                go.sum(d, true).neg().mul(out.exp()).mul(gg)
            };
        }, g, y);
    }

    /**
     * {@code mse_loss_backward(g, x, t)} (value: {@code first}, of the broadcast shape; {@code mean}: divided by
     * {@code count}; {@code reduced}: g is the gradient of a reduced loss): d/dg: the unreduced backward of gg, or
     * {@code sum(mse_loss_backward(1, x, t) gg)} for a reduced loss; d/dx: {@code 2 gg g} (divided by the count for
     * the mean), d/dt: its negation; each summed to its input's shape.
     */
    static Tensor mseLossBackward(Tensor first, Tensor g, Tensor x, Tensor t, int count, boolean mean,
                                  boolean reduced) {
        return record(first, "MseLossBackwardBackward0", (gg, n) -> {
            Tensor go = n.saved(0);
            Tensor in = n.saved(1);
            Tensor target = n.saved(2);
            double norm = mean ? 2.0 / count : 2.0;
            Tensor gGo;
            if (reduced) {
                gGo = in.sub(target).mul(norm).mul(gg).sum();
            } else {
                Tensor v;
                try (GradMode.Scope ignored = off()) {
                    v = in.sub(target).mul(norm).mul(gg);
                }
                gGo = mseLossBackward(v, gg, in, target, count, mean, false);
            }
            Tensor gIn = gg.mul(go).mul(2.0);
            gIn = mean ? gIn.div(count) : gIn;
            return new Tensor[] {
                PrimitiveReductions.sumTo(gGo, go.shape),
                PrimitiveReductions.sumTo(gIn, in.shape),
                PrimitiveReductions.sumTo(gIn.neg(), target.shape)
            };
        }, g, x, t);
    }
}
