package org.grad4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Autograd nodes of {@link Linalg}: one output ({@link Single}) or several outputs sharing PyTorch's one grad_fn
 * ({@link #multi}: U, S and Vh of an SVD all show {@code LinalgSvdBackward0}). The engine hands a node one gradient,
 * so each output gets a small node of the shared name that places its gradient in its slot of a flat, packed
 * gradient; the engine sums those into the joint node, which unpacks them (zeros for outputs no loss reached) and
 * runs the op's rule once. Rules are written with tensor ops on the saved (detached) results.
 */
final class LinalgNodes {
    private LinalgNodes() {
    }

    /** A backward rule: the inputs' gradients from the outputs' gradients and the saved tensors. */
    interface Rule {
        Tensor[] apply(Tensor[] grads, Tensor[] saved);
    }

    /** One output: the gradient and the saved tensors (version-checked) go to the rule. */
    static final class Single extends NamedNode {
        private final Rule rule;
        private final int count;

        Single(String name, Rule rule, Tensor[] inputs, Tensor... saved) {
            super(name, inputs);
            this.rule = rule;
            this.count = saved.length;
            save(saved);
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor[] s = new Tensor[count];
            for (int i = 0; i < count; i++) {
                s[i] = saved(i);
            }
            return rule.apply(new Tensor[] {g}, s);
        }
    }

    /** Records {@code out} (one output) with a node of {@code name} when any input needs grad. */
    static Tensor single(String name, Tensor out, Rule rule, Tensor[] inputs, Tensor... saved) {
        if (anyNeedsGrad(inputs)) {
            Tensor.record(out, new Single(name, rule, inputs, saved));
        }
        return out;
    }

    static boolean anyNeedsGrad(Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t != null && Tensor.needsGrad(t)) {
                return true;
            }
        }
        return false;
    }

    /** The joint node: receives the packed gradient of every differentiable output. */
    private static final class Joint extends NamedNode {
        private final Rule rule;
        private final int[][] shapes;
        private final int count;

        Joint(String name, Rule rule, int[][] shapes, Tensor[] inputs, Tensor[] saved) {
            super(name, inputs);
            this.rule = rule;
            this.shapes = shapes;
            this.count = saved.length;
            save(saved);
        }

        @Override
        Tensor[] backward(Tensor packed) {
            Tensor[] grads = new Tensor[shapes.length];
            int at = 0;
            for (int k = 0; k < shapes.length; k++) {
                int n = Shapes.numel(shapes[k]);
                grads[k] = packed.narrow(0, at, n).reshape(shapes[k]);
                at += n;
            }
            Tensor[] s = new Tensor[count];
            for (int i = 0; i < count; i++) {
                s[i] = saved(i);
            }
            return rule.apply(grads, s);
        }
    }

    /** One output's node: its gradient placed in its slot of the packed gradient, zeros elsewhere. */
    private static final class Part extends NamedNode {
        private final Joint joint;
        private final int before;
        private final int after;

        Part(String name, Joint joint, Tensor holder, int before, int after) {
            super(name, holder);
            this.joint = joint;
            this.before = before;
            this.after = after;
        }

        @Override
        Tensor[] backward(Tensor g) {
            List<Tensor> pieces = new ArrayList<>(3);
            if (before > 0) {
                pieces.add(Tensor.full(new int[] {before}, 0.0, g.dtype(), g.device()));
            }
            pieces.add(g.reshape(-1));
            if (after > 0) {
                pieces.add(Tensor.full(new int[] {after}, 0.0, g.dtype(), g.device()));
            }
            return new Tensor[] {pieces.size() == 1 ? pieces.get(0) : Tensor.cat(pieces, 0)};
        }

        @Override
        Node[] shownNext() {
            return joint.shownNext();   // PyTorch's outputs point at the op's inputs, not at a packing step
        }
    }

    /**
     * Records the differentiable outputs {@code outs} of one op (those at {@code differentiable}) with nodes named
     * {@code name} whose gradients meet in one rule, when any input needs grad.
     */
    static void multi(String name, Tensor[] outs, boolean[] differentiable, Rule rule, Tensor[] inputs, Tensor... saved) {
        if (!anyNeedsGrad(inputs)) {
            return;
        }
        int count = 0;
        for (boolean d : differentiable) {
            count += d ? 1 : 0;
        }
        int[][] shapes = new int[count][];
        int total = 0;
        int k = 0;
        for (int i = 0; i < outs.length; i++) {
            if (differentiable[i]) {
                shapes[k++] = outs[i].shape();
                total += outs[i].numel();
            }
        }
        Joint joint = new Joint(name, rule, shapes, inputs, saved);
        Tensor holder = Tensor.full(new int[] {0}, 0.0, outs[0].dtype(), outs[0].device());   // carries the joint node
        Tensor.record(holder, joint);
        int at = 0;
        for (int i = 0; i < outs.length; i++) {
            if (differentiable[i]) {
                int n = outs[i].numel();
                Tensor.record(outs[i], new Part(name, joint, holder, at, total - at - n));
                at += n;
            }
        }
    }
}
