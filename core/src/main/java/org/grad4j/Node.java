package org.grad4j;

import java.util.Arrays;

/**
 * A recorded operation in the autograd graph: PyTorch's {@code grad_fn}. Read-only for users
 * ({@link #name()}, {@link #nextFunctions()}); grad4j's operations create them.
 */
public abstract class Node {
    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    /** Creation order; the engine runs ready nodes newest first, as PyTorch does. */
    final long sequence = SEQUENCE.incrementAndGet();

    /** One per differentiable input: the node its gradient flows to, or null. */
    final Node[] next;
    private Tensor[] saved;
    private int[] savedVersions;
    /** Two saved tensors (the common case) live in fields: no arrays per recorded op. */
    private boolean savedPair;
    private Tensor saved0;
    private Tensor saved1;
    private int version0;
    private int version1;
    /** Bit i: saved tensor i was made by the operation for this node alone (a temporary no user holds). */
    private int temporaries;
    private boolean released;

    /**
     * Where the running backward pass keeps this node's state, -1 outside a pass. A hint: the pass checks
     * it against its own table, so a pass nested in a node's backward that reaches this node too stays correct.
     */
    int passSlot = -1;

    Node(Tensor... inputs) {
        next = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                next[i] = t.gradFn() != null ? t.gradFn() : t.accumulator();
            }
        }
    }

    /**
     * PyTorch's class name of this node, e.g. {@code AddmmBackward0}.
     *
     * @return the name, as printed in {@code grad_fn=<...>}
     */
    public abstract String name();

    /**
     * The nodes the gradient flows to next, one per input (null where none flows).
     *
     * @return a new array, one entry per input
     */
    public final Node[] nextFunctions() {
        return shownNext();
    }

    /**
     * What {@link #nextFunctions()} shows: the engine's own edges, unless a node stands for a PyTorch graph with a
     * node the engine does not need (Linear's {@code TBackward0}) and shows that one instead.
     */
    Node[] shownNext() {
        return next.clone();
    }

    /** Computes the input gradients from the output gradient; entries for inputs without an edge may be null. */
    abstract Tensor[] backward(Tensor grad);

    /**
     * {@link #backward(Tensor)}, told whether the pass owns {@code grad} (made by a built-in rule or by
     * summing contributions, not the caller's; see {@link GradientOwnership}): only a leaf's sink uses it.
     */
    Tensor[] backward(Tensor grad, boolean ownedByPass) {
        return backward(grad);
    }

    /**
     * {@link #backward(Tensor)} in a pass that builds the graph of its gradients ({@code create_graph}): grad mode
     * is on, so a rule written with tensor ops records its own graph. A node whose backward is not written that way
     * overrides this with a differentiable form, as PyTorch's double-backward formulas.
     */
    Tensor[] backwardWithGraph(Tensor grad) {
        return backward(grad);
    }

    /** Hooks on, and retain_grad of, the tensor whose gradient this node receives; null when none (the rule). */
    TensorHooks hooks;

    /** Whether this node has a {@link #backwardThrough} rule: a field, so the engine's check costs no call. */
    boolean hasBackwardThrough;

    /**
     * This node's backward and that of {@code next}, the node its only input gradient flows to, in one step:
     * {@code next}'s input gradients from this node's output gradient {@code grad}, or null where this pair
     * has no such rule (the engine then runs both as usual). The engine asks only when this node's gradient
     * is all {@code next} receives in the pass and nothing looks at it in between (no anomaly check, no hook or
     * retain_grad on the tensor between them); the result must have the bits
     * of the two backward calls.
     */
    Tensor[] backwardThrough(Node next, Tensor grad) {
        return null;
    }

    /** Whether the gradients this node returns are tensors nobody else holds (false for user-written rules). */
    boolean returnsOwnGradients() {
        return true;
    }

    /**
     * Saves tensors needed by {@link #backward}, remembering their versions for the in-place check; a null
     * entry keeps a position free for a value this op does not need.
     */
    final void save(Tensor... tensors) {
        if (tensors.length == 2) {
            save(tensors[0], tensors[1]);
            return;
        }
        savedPair = false;
        saved = tensors;
        savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            savedVersions[i] = tensors[i] == null ? 0 : tensors[i].version();
        }
    }

    /** {@link #save(Tensor...)} of two tensors, kept in fields. */
    final void save(Tensor a, Tensor b) {
        savedPair = true;
        saved = null;
        savedVersions = null;
        saved0 = a;
        saved1 = b;
        version0 = a == null ? 0 : a.version();
        version1 = b == null ? 0 : b.version();
    }

    /**
     * Marks saved tensor {@code i} as a temporary of the operation that nobody else holds: its
     * memory is released with the graph after backward, so the next step reuses it.
     */
    final void ownSaved(int i) {
        temporaries |= 1 << i;
    }

    /**
     * {@link #ownSaved} for every saved tensor on {@code t}'s memory ({@code t} itself or a view of it).
     *
     * @return whether any was saved
     */
    final boolean ownSavedStorage(Tensor t) {
        boolean found = false;
        for (int i = 0; saved != null && i < saved.length; i++) {
            if (saved[i] != null && saved[i].storage == t.storage) {
                ownSaved(i);
                found = true;
            }
        }
        return found;
    }

    /**
     * Frees {@code temporary}, an operation's own intermediate that nothing but its graph references once
     * {@code result} is made: with the graph after backward when its node saved it, else at once.
     */
    static void freeWithGraph(Tensor temporary, Tensor result) {
        Node fn = temporary.gradFn();
        if (fn != null) {
            fn.ownSavedStorage(temporary);
        } else if (result.storage != temporary.storage) {
            temporary.storage.release();
        }
    }

    /** A saved tensor, checked against freeing and in-place modification. */
    final Tensor saved(int i) {
        return saved(i, false);
    }

    /**
     * {@link #saved(int)}; {@code output}: the tensor is this node's own output, saved detached, which PyTorch's
     * in-place message names as "output 0 of" this node.
     */
    private Tensor saved(int i, boolean output) {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved "
                    + "tensors after they have already been freed). Saved intermediate values of the graph are freed when "
                    + "you call backward(). Specify retainGraph=true if you need to backward through the graph a second "
                    + "time or if you need to access saved tensors after calling backward.");
        }
        Tensor t;
        int version;
        if (savedPair) {
            if (i == 0) {
                t = saved0;
                version = version0;
            } else if (i == 1) {
                t = saved1;
                version = version1;
            } else {
                throw new IndexOutOfBoundsException(name() + ": saved tensor " + i + " of 2");
            }
        } else {
            t = saved[i];
            version = savedVersions[i];
        }
        if (t.version() != version) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
                    + "inplace operation: [" + t.typeName() + " " + Arrays.toString(t.shape()) + "]"
                    + (output ? ", which is output 0 of " + name() + ","
                            : t.gradFn() != null ? ", which is output 0 of " + t.gradFn().name() + "," : "")
                    + " is at version " + t.version() + "; expected version " + version
                    + " instead (" + name() + " saved it for backward)");
        }
        return t;
    }

    /**
     * Saved tensor {@code i}, this node's own output, which forward saved detached (no reference cycle). While a graph
     * is being recorded (create_graph) it comes back with this node as its grad_fn, as PyTorch unpacks a saved
     * output, so a gradient formula using it is differentiated through this node.
     */
    final Tensor savedOutput(int i) {
        Tensor t = saved(i, true);
        return org.grad4j.autograd.GradMode.isEnabled() ? Tensor.record(t.detach(), this) : t;
    }

    /** Frees saved tensors after a backward pass without retainGraph. */
    void release() {
        release(true);
    }

    /**
     * Drops the saved tensors after a backward pass without retainGraph; their memory too where {@code freeMemory}
     * and this node owns it (false after a pass that built a graph, which may have saved them again).
     */
    void release(boolean freeMemory) {
        if (!freeMemory) {
            temporaries = 0;
        }
        if (savedPair) {
            if ((temporaries & 1) != 0) {
                saved0.storage.release();
            }
            if ((temporaries & 2) != 0) {
                saved1.storage.release();
            }
            released = true;
            savedPair = false;
            saved0 = null;
            saved1 = null;
        } else if (saved != null) {
            for (int i = 0; i < saved.length; i++) {
                if ((temporaries & (1 << i)) != 0) {
                    saved[i].storage.release();
                }
            }
            released = true;
            saved = null;
        }
    }

    @Override
    public String toString() {
        return "<" + name() + ">";
    }

    /** The sink for a leaf's gradient: accumulates into {@code Tensor.grad()}. */
    static final class AccumulateGrad extends Node {
        private static final Tensor[] NO_GRADS = new Tensor[0];
        final Tensor leaf;

        AccumulateGrad(Tensor leaf) {
            super();
            this.leaf = leaf;
        }

        @Override
        public String name() {
            return "torch::autograd::AccumulateGrad";   // PyTorch's name(); its repr says AccumulateGrad
        }

        @Override
        Tensor[] backward(Tensor grad) {
            return backward(grad, false);
        }

        @Override
        Tensor[] backward(Tensor grad, boolean ownedByPass) {
            GradientOwnership.accumulate(leaf, grad, ownedByPass);
            return NO_GRADS;
        }

        @Override
        Tensor[] backwardWithGraph(Tensor grad) {
            GradientOwnership.accumulateWithGraph(leaf, grad);
            return NO_GRADS;
        }
    }
}
