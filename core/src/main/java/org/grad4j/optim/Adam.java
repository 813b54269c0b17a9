package org.grad4j.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.grad4j.Tensor;

/**
 * Adam, PyTorch's {@code torch.optim.Adam}: first and second moment estimates with bias correction,
 * L2 weight decay added to the gradient, optional AMSGrad and maximize.
 * Its arithmetic is PyTorch 1.13's CPU update, rounding for rounding (see the conformance suite's
 * golden trajectories); the update is described on {@code AdamFamily}'s source.
 *
 * <pre>{@code
 * Adam opt = Adam.builder(model.parameters()).lr(1e-3).betas(0.9, 0.999).build();
 * opt.zeroGrad(); loss.backward(); opt.step();
 * }</pre>
 *
 * Options (PyTorch's names in the groups and the state dict): {@code lr} (default 1e-3), {@code betas}
 * (0.9, 0.999), {@code eps} (1e-8), {@code weight_decay} (0), {@code amsgrad} (false), {@code maximize} (false).
 * State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad.
 */
public final class Adam extends Optimizer {
    /**
     * Adam with PyTorch's defaults, like {@code torch.optim.Adam(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     */
    public Adam(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Adam with learning rate {@code lr} and PyTorch's other defaults, like {@code torch.optim.Adam(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @param lr the learning rate, non-negative
     */
    public Adam(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adam(AdamBuilder<Adam> b) {
        super("Adam", b.params(), b.options(), AdamFamily.STATE_KEYS);
    }

    @Override
    void validate(Map<String, Object> o) {
        AdamFamily.validate("Adam", o);
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("lr", "betas", "eps");
    }

    /** One step of every parameter that has a gradient; all gradients are checked before anything is written. */
    @Override
    public void step() {
        stepEachParameter();
    }

    @Override
    void update(ParamGroup group, Tensor p, Tensor grad) {
        AdamFamily.update(this, false, group, p, grad);
    }

    /**
     * A builder for every option.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad
     * @return a new builder with PyTorch's defaults
     */
    public static AdamBuilder<Adam> builder(List<Tensor> params) {
        return new AdamBuilder<>(params, 0.0, Adam::new);
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach", "capturable", "differentiable", "fused");
    }
}
