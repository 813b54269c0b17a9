package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The hooks on one tensor's gradient ({@link Tensor#registerHook}) and the non-leaf tensors that keep theirs
 * ({@link Tensor#retainGrad}), kept on the node that receives that gradient: the tensor's {@code grad_fn}, or a
 * leaf's {@code AccumulateGrad}. The engine runs them, in registration order as PyTorch 1.13 does, on the
 * gradient before the node's backward; each hook may replace it.
 */
final class TensorHooks {
    /** A hook, or (hook null) a retained tensor. */
    private record Entry(Function<Tensor, Tensor> hook, Tensor retainer) {
    }

    private final List<Entry> entries = new ArrayList<>(2);

    static Tensor.HookHandle add(Node node, Function<Tensor, Tensor> hook) {
        TensorHooks h = of(node);
        Entry e = new Entry(hook, null);
        h.entries.add(e);
        return () -> h.entries.remove(e);
    }

    static void retain(Node node, Tensor t) {
        TensorHooks h = of(node);
        for (Entry e : h.entries) {
            if (e.retainer == t) {
                return;
            }
        }
        h.entries.add(new Entry(null, t));
    }

    static boolean retains(Node node, Tensor t) {
        if (node == null || node.hooks == null) {
            return false;
        }
        for (Entry e : node.hooks.entries) {
            if (e.retainer == t) {
                return true;
            }
        }
        return false;
    }

    private static TensorHooks of(Node node) {
        if (node.hooks == null) {
            node.hooks = new TensorHooks();
        }
        return node.hooks;
    }

    /**
     * Runs every entry on {@code g}, the gradient of the node's tensor: a retained tensor adds a copy to its
     * {@code grad} (the pass may release {@code g} later), a hook's non-null result replaces {@code g}.
     *
     * @return the gradient the node's backward receives; not the pass's own once a hook ran (the caller treats
     *         it as borrowed)
     */
    Tensor run(Node node, Tensor g) {
        for (Entry e : entries.toArray(new Entry[0])) {   // a hook may remove itself or add another
            if (e.retainer != null) {
                Tensor t = e.retainer;
                t.grad = t.grad == null ? g.clone() : t.grad.add(g);
                continue;
            }
            Tensor r = e.hook.apply(g);
            if (r == null) {
                continue;
            }
            if (r.dtype != g.dtype || !r.device().equals(g.device())) {
                throw new IllegalStateException("backward: hook has changed the type of value (a hook on the gradient "
                        + "of " + node.name() + ": was " + g.dtype.torchName() + " on " + g.device() + ", got "
                        + r.dtype.torchName() + " on " + r.device() + ")");
            }
            if (!Arrays.equals(r.shape, g.shape)) {
                throw new IllegalStateException("backward: hook has changed the size of value (a hook on the gradient "
                        + "of " + node.name() + ": was " + Shapes.str(g.shape) + ", got " + Shapes.str(r.shape) + ")");
            }
            g = r;
        }
        return g;
    }
}
