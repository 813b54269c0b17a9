package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;
import org.grad4j.internal.Internals;

/**
 * Adam's and AdamW's shared update, PyTorch 1.13's {@code _single_tensor_adam(w)} (the path its CPU
 * runs with the default {@code foreach=None}), operation for operation so that every rounding matches:
 * <pre>
 * g = maximize ? -grad : grad;  step += 1
 * AdamW: p *= 1 - lr*wd            Adam: g = fma(wd, p, g)   (g.add(p, alpha=wd))
 * m = fma(1-b1, g, m*b1)                                   (mul_, then add_(g, alpha=1-b1))
 * v = fma((1-b2)*g, g, v*b2)                               (mul_, then addcmul_)
 * amsgrad: vmax = max(vmax, v), used for v below
 * denom = sqrt(v) / sqrt(1 - b2^step) + eps
 * p = p + (-(lr / (1 - b1^step)) * m) / denom              (addcdiv_)
 * </pre>
 * The scalars are computed in double as Python does ({@code b^step} with {@link Math#pow}, which differs
 * from glibc's {@code pow} in the last bit for about 0.1% of (b, step); that changes {@code 1 - b^step}
 * only when b is very close to 1, e.g. 0.9999) and rounded to the tensor's dtype by each kernel.
 */
final class AdamFamily {
    /** The state Adam and AdamW keep besides {@code step}. */
    static final Set<String> STATE_KEYS = Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");

    private AdamFamily() {
    }

    /** PyTorch's constructor checks of Adam's and AdamW's options; {@code n} names the optimizer. */
    static void validate(String n, Map<String, Object> o) {
        double lr = (Double) o.get("lr");
        double eps = (Double) o.get("eps");
        List<?> betas = (List<?>) o.get("betas");
        double wd = (Double) o.get("weight_decay");
        Optimizers.check(lr >= 0.0, n + ": Invalid learning rate: " + lr + " (expected >= 0)");
        Optimizers.check(eps >= 0.0, n + ": Invalid epsilon value: " + eps + " (expected >= 0)");
        for (int i = 0; i < 2; i++) {
            double b = (Double) betas.get(i);
            Optimizers.check(b >= 0.0 && b < 1.0, n + ": Invalid beta parameter at index " + i + ": " + b
                    + " (expected 0 <= beta < 1)");
        }
        Optimizers.check(wd >= 0.0, n + ": Invalid weight_decay value: " + wd + " (expected >= 0)");
    }

    /** One parameter's update; {@code decoupled}: AdamW's weight decay. */
    static void update(Optimizer opt, boolean decoupled, ParamGroup group, Tensor p, Tensor grad) {
        List<Double> betas = group.getList("betas");
        double beta1 = betas.get(0);
        double beta2 = betas.get(1);
        double lr = group.getDouble("lr");
        double eps = group.getDouble("eps");
        double wd = group.getDouble("weight_decay");
        boolean amsgrad = group.getBoolean("amsgrad");
        boolean maximize = group.getBoolean("maximize");
        Optimizer.ParamState st = opt.started(p, "exp_avg", "exp_avg_sq");
        st.zerosIfWanted(amsgrad, "max_exp_avg_sq", p);
        st.incrementStep();
        Map<String, Tensor> s = st.tensors;
        Tensor expAvg = s.get("exp_avg");
        Tensor expAvgSq = s.get("exp_avg_sq");
        double step = st.step;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        Tensor maxSq = amsgrad ? s.get("max_exp_avg_sq") : null;
        if (fusedStep(decoupled, p, grad, expAvg, expAvgSq, maxSq, beta1, beta2, eps, lr, wd, maximize, stepSize,
                biasCorrection2Sqrt)) {
            return;
        }
        Tensor g = maximize ? grad.neg() : grad;
        if (decoupled) {
            p.mul_(1 - lr * wd);
        } else if (wd != 0) {
            g = g.clone().add_(p, wd);
        }
        expAvg.mul_(beta1).add_(g, 1 - beta1);
        expAvgSq.mul_(beta2).addcmul_(g, g, 1 - beta2);
        Tensor second = expAvgSq;
        if (amsgrad) {
            maxSq.copy_(maxSq.maximum(expAvgSq));
            second = maxSq;
        }
        Tensor denom = second.sqrt().div(biasCorrection2Sqrt).add_(eps);
        p.addcdiv_(expAvg, denom, -stepSize);
    }

    /**
     * The whole update of one parameter in one backend call ({@code FusedKernels.adamStep}: the same bits as
     * the primitives below it in {@link #update}), where the backend fuses it for these tensors; false
     * (nothing written) otherwise.
     */
    private static boolean fusedStep(boolean decoupled, Tensor p, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxSq, double beta1,
            double beta2, double eps, double lr, double wd, boolean maximize, double stepSize, double bc2Sqrt) {
        if (!p.device().equals(grad.device())) {
            return false;
        }
        Internals.TensorAccess t = Internals.tensors();
        boolean done = t.backend(p).fused().adamStep(t.shape(p), t.strided(p), t.strided(grad), t.strided(expAvg),
                t.strided(expAvgSq), maxSq == null ? null : t.strided(maxSq), beta1, beta2, eps, lr, wd, decoupled,
                maximize, stepSize, bc2Sqrt);
        if (done) {
            t.bumpVersion(p);
            t.bumpVersion(expAvg);
            t.bumpVersion(expAvgSq);
            if (maxSq != null) {
                t.bumpVersion(maxSq);
            }
        }
        return done;
    }
}
