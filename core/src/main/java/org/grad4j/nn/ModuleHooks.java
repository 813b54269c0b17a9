package org.grad4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.AutogradFunction;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * One module's hooks and PyTorch 1.13's {@code Module._call_impl} around them: forward pre-hooks (each may replace
 * the input), the backward hook's identity on the input, {@code forward}, forward hooks (each may replace the
 * output), the backward hook's identity on the output. Hooks run in registration order.
 *
 * <p>Full backward hooks follow PyTorch's {@code BackwardHook}: the input and the output pass through an identity
 * ({@code BackwardHookFunctionBackward}); the output's gradient is remembered, and when the input's gradient is
 * complete each hook sees {@code (grad_input, grad_output)} and may return a replacement for grad_input. When the
 * input does not require grad, the hooks are called from the output's side with {@code grad_input = [null]}.
 */
final class ModuleHooks {
    private final Map<Object, Module.ForwardPreHook> pre = new LinkedHashMap<>();
    private final Map<Object, Module.ForwardHook> post = new LinkedHashMap<>();
    private final Map<Object, Module.BackwardHook> backward = new LinkedHashMap<>();

    Tensor.HookHandle addPre(Module.ForwardPreHook hook) {
        return add(pre, hook, "registerForwardPreHook");
    }

    Tensor.HookHandle addPost(Module.ForwardHook hook) {
        return add(post, hook, "registerForwardHook");
    }

    Tensor.HookHandle addBackward(Module.BackwardHook hook) {
        return add(backward, hook, "registerFullBackwardHook");
    }

    private static <H> Tensor.HookHandle add(Map<Object, H> hooks, H hook, String op) {
        if (hook == null) {
            throw new IllegalArgumentException(op + ": expected a hook, got null");
        }
        Object key = new Object();   // the same hook registered twice runs twice, each removable alone
        hooks.put(key, hook);
        return () -> hooks.remove(key);
    }

    /** PyTorch's {@code __call__} of {@code module} on {@code input}. */
    Tensor call(Module module, Tensor input) {
        Tensor x = input;
        for (Module.ForwardPreHook h : new ArrayList<>(pre.values())) {
            Tensor r = h.apply(module, x);
            if (r != null) {
                x = r;
            }
        }
        List<Module.BackwardHook> bw = new ArrayList<>(backward.values());
        Pending pending = null;
        if (!bw.isEmpty() && GradMode.isEnabled()) {
            pending = new Pending(module, bw);
            x = pending.setupInput(x);
        }
        Tensor out = module.forward(x);
        for (Module.ForwardHook h : new ArrayList<>(post.values())) {
            Tensor r = h.apply(module, x, out);
            if (r != null) {
                out = r;
            }
        }
        return pending == null ? out : pending.setupOutput(out);
    }

    /** The identity whose node PyTorch names {@code BackwardHookFunctionBackward}. */
    static final class BackwardHookFunction extends AutogradFunction {
        @Override
        protected Tensor forward(Context ctx, Tensor... inputs) {
            return inputs[0];   // apply() detaches the result: a new tensor sharing the input's storage
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gradOutput) {
            return new Tensor[] {gradOutput};
        }
    }

    /** One call's backward hooks: PyTorch's per-call {@code BackwardHook} object. */
    private static final class Pending {
        private final Module module;
        private final List<Module.BackwardHook> hooks;
        private boolean inputTracked;
        private Tensor[] gradOutput;

        Pending(Module module, List<Module.BackwardHook> hooks) {
            this.module = module;
            this.hooks = hooks;
        }

        Tensor setupInput(Tensor x) {
            if (x == null || !x.requiresGrad()) {
                return x;
            }
            inputTracked = true;
            Tensor wrapped = new BackwardHookFunction().apply(x);
            wrapped.registerHook(this::onGradInput);
            return wrapped;
        }

        Tensor setupOutput(Tensor out) {
            if (out == null || !out.requiresGrad()) {
                return out;
            }
            Tensor wrapped = new BackwardHookFunction().apply(out);
            wrapped.registerHook(this::onGradOutput);
            return wrapped;
        }

        private Tensor onGradOutput(Tensor g) {
            gradOutput = new Tensor[] {g};
            if (!inputTracked) {
                for (Module.BackwardHook h : hooks) {
                    Tensor[] r = h.apply(module, new Tensor[] {null}, gradOutput);
                    if (r != null && !(r.length == 1 && r[0] == null)) {
                        throw new IllegalStateException("registerFullBackwardHook: Backward hook for Modules where no "
                                + "input requires gradient should always return None or None for all gradients ("
                                + module.getClass().getSimpleName() + ")");
                    }
                }
                gradOutput = null;
            }
            return null;
        }

        private Tensor onGradInput(Tensor g) {
            if (gradOutput == null) {
                return null;   // the gradient reached the input without passing through the output
            }
            Tensor[] res = {g};
            for (Module.BackwardHook h : hooks) {
                Tensor[] r = h.apply(module, res, gradOutput);
                if (r == null) {
                    continue;
                }
                if (r.length != res.length) {
                    throw new IllegalStateException("registerFullBackwardHook: Backward hook returned an invalid number "
                            + "of grad_input, got " + r.length + ", but expected " + res.length + " ("
                            + module.getClass().getSimpleName() + ")");
                }
                res = r;
            }
            gradOutput = null;
            return res[0];   // null keeps the gradient (PyTorch would drop it)
        }
    }
}
