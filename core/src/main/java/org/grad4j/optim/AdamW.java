package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * AdamW, PyTorch's {@code torch.optim.AdamW}: Adam with decoupled weight decay
 * ({@code p *= 1 - lr*weight_decay} before the moment update), optional AMSGrad and maximize.
 * Its arithmetic is PyTorch 1.13's CPU update, rounding for rounding (see the conformance suite's
 * golden trajectories); the update is described on {@code AdamFamily}'s source.
 *
 * <pre>{@code
 * AdamW opt = AdamW.builder(model.parameters()).lr(1e-3).weightDecay(0.01).build();
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 *
 * Options (PyTorch's names in the groups and the state dict): {@code lr} (default 1e-3), {@code betas}
 * (0.9, 0.999), {@code eps} (1e-8), {@code weight_decay} (0.01), {@code amsgrad} (false), {@code maximize} (false).
 * State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad.
 */
public final class AdamW extends Optimizer {
    /**
     * AdamW with PyTorch's defaults, like {@code torch.optim.AdamW(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public AdamW(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * AdamW with learning rate {@code lr} and PyTorch's other defaults, like {@code torch.optim.AdamW(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public AdamW(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private AdamW(AdamBuilder<AdamW> b) {
        super("AdamW", b.params(), b.options(), AdamFamily.STATE_KEYS);
    }

    @Override
    void validate(Map<String, Object> o) {
        AdamFamily.validate("AdamW", o);
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "betas", "eps", "weight_decay");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        AdamFamily.update(this, true, group, p, grad);
    }

    /**
     * A builder for every option.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @return a new builder with PyTorch's defaults
     */
    public static AdamBuilder<AdamW> builder(List<Tensor> params) {
        return new AdamBuilder<>(params, 1e-2, AdamW::new);
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "foreach", "maximize", "capturable");
    }
}
