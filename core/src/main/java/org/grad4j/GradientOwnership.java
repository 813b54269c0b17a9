package org.grad4j;

import java.util.Arrays;

/**
 * Who may reuse a gradient's memory during a backward pass: the policy that lets a training step
 * run without copying gradients, yet never writes into a tensor someone else holds.
 *
 * <p>Every gradient the engine routes carries one of three ownerships:
 * <ul>
 *   <li>{@link #BORROWED}: someone outside the pass may hold it (the caller's {@code backward(gradient)},
 *       what a user-written {@link AutogradFunction} returned). Never adopted, never freed, never written;</li>
 *   <li>{@link #OWNED}: made by this pass (a built-in rule's result or a sum of contributions), but its
 *       memory may be shared with another gradient of the pass (a rule that passes one tensor to two inputs);</li>
 *   <li>{@link #EXCLUSIVE}: made by this pass and held by nothing else: its memory can be freed as soon
 *       as the node it went to has used it and passed none of it on.</li>
 * </ul>
 *
 * <p>A leaf's first gradient is adopted as {@code .grad} without a copy when the pass owns it and it
 * has exactly the leaf's layout, as PyTorch's {@code AccumulateGrad} steals a gradient nobody else
 * references ({@code use_count() <= 1}) that obeys the layout contract; otherwise it is cloned. Later
 * gradients are added in place into {@code .grad} (PyTorch does the same when not creating a graph).
 */
final class GradientOwnership {
    /** Someone outside this pass may hold the gradient. */
    static final byte BORROWED = 0;
    /** Made by this pass; its memory may be shared with another gradient of the pass. */
    static final byte OWNED = 1;
    /** Made by this pass and held by nothing else. */
    static final byte EXCLUSIVE = 2;

    private GradientOwnership() {
    }

    /** The gradient a pass starts from is the caller's. */
    static byte ofRoot() {
        return BORROWED;
    }

    /** The sum of two contributions to one node is a fresh tensor of this pass. */
    static byte ofSum() {
        return EXCLUSIVE;
    }

    /**
     * The ownership of {@code inputGrads[i]}, the gradient {@code node} computed for its input {@code i}
     * from {@code g} (whose ownership was {@code gOwnership}), when it is the first to reach its target.
     * A rule that passes its own gradient on passes its ownership on; a built-in rule's fresh result is
     * the pass's; a user-written rule's result is borrowed. Exclusive only if no other input gradient
     * of the node (nor {@code g}) shares its memory.
     */
    static byte routed(Node node, Tensor g, byte gOwnership, Tensor[] inputGrads, int i) {
        Tensor ig = inputGrads[i];
        if (ig == g) {
            if (gOwnership == BORROWED) {
                return BORROWED;
            }
            return gOwnership == EXCLUSIVE && !sharesStorage(inputGrads, ig, i) ? EXCLUSIVE : OWNED;
        }
        if (!node.returnsOwnGradients()) {
            return BORROWED;
        }
        return !sharesStorage(inputGrads, ig, i) && (g == null || !ig.storage.sameMemory(g.storage)) ? EXCLUSIVE : OWNED;
    }

    /**
     * Whether {@code g}'s memory can be freed once {@code node} has computed {@code inputGrads} from it:
     * the pass held it alone, a built-in rule used it (a leaf's sink may have adopted it, a user rule
     * may have kept it), and none of the input gradients shares its memory.
     */
    static boolean freeAfterUse(Node node, Tensor g, byte gOwnership, Tensor[] inputGrads) {
        return g != null && gOwnership == EXCLUSIVE && !(node instanceof Node.AccumulateGrad)
                && node.returnsOwnGradients() && !sharesStorage(inputGrads, g, -1);
    }

    /**
     * PyTorch's {@code AccumulateGrad}: the first gradient becomes {@code leaf.grad} (adopted when
     * {@link #mayAdopt} allows, else a clone); later ones are added in place. The new {@code .grad}
     * outlives any {@link MemoryScope} and is marked as autograd's, so {@code clearGrad} may release it.
     */
    static void accumulate(Tensor leaf, Tensor g, boolean ownedByPass) {
        if (leaf.grad == null && leaf.gradZeroed) {
            // zero_grad() left zeros: PyTorch adds into them, so -0.0 becomes +0.0 (x + 0.0 keeps every other x)
            leaf.gradZeroed = false;
            Tensor grad = MemoryScope.keep(mayAdopt(leaf, g, ownedByPass) ? g.add_(0.0) : g.add(0.0));
            grad.storage.gradient = true;
            leaf.grad = grad;
        } else if (leaf.grad == null) {
            Tensor grad = MemoryScope.keep(mayAdopt(leaf, g, ownedByPass) ? g : obeyContract(leaf, g, "CloneBackward0"));
            grad.storage.gradient = true;
            leaf.grad = grad;
        } else {
            leaf.grad.add_(g);
        }
    }

    /**
     * PyTorch's {@code AccumulateGrad} while the pass builds a graph (grad mode on): the first gradient becomes a
     * copy with the leaf's layout ({@code new_empty_strided(...).copy_(grad)}, grad_fn {@code CopyBackwards}),
     * later ones {@code grad + new} out of place, so {@code .grad} carries the gradient's history. Its memory is
     * not marked as autograd's: the new graph may hold it.
     */
    static void accumulateWithGraph(Tensor leaf, Tensor g) {
        if (leaf.grad == null && leaf.gradZeroed) {
            leaf.gradZeroed = false;
            leaf.grad = MemoryScope.keep(g.add(0.0));   // zeros + g: +0.0 where g is -0.0, as PyTorch's sum
        } else if (leaf.grad == null) {
            leaf.grad = MemoryScope.keep(obeyContract(leaf, g, "CopyBackwards"));
        } else {
            leaf.grad = MemoryScope.keep(leaf.grad.add(g));
        }
    }

    /**
     * ATen's {@code clone_obey_contract}: a copy of {@code g} with the leaf's strides when the leaf is dense and
     * non-overlapping (a transposed parameter gets a transposed {@code .grad}), else row-major.
     */
    private static Tensor obeyContract(Tensor leaf, Tensor g, String nodeName) {
        int[] strides = Views.nonOverlappingAndDense(leaf.shape, leaf.strides) && Arrays.equals(leaf.shape, g.shape)
                ? leaf.strides : Shapes.contiguousStrides(g.shape);
        return Views.copyWithStrides(g, g.dtype, strides, nodeName);
    }

    /**
     * Whether {@code leaf} may take {@code g} itself as its first gradient: the pass owns it, and it
     * is a whole, contiguous, fresh storage of the leaf's dtype and shape that no other leaf's
     * gradient already holds (a rule may pass one tensor to two leaves) and that records no history.
     */
    static boolean mayAdopt(Tensor leaf, Tensor g, boolean ownedByPass) {
        return ownedByPass && !g.isView() && !g.requiresGrad() && g.offset == 0 && !g.storage.gradient
                && g.dtype == leaf.dtype && Arrays.equals(g.shape, leaf.shape) && g.isContiguous()
                && g.storage.buffer.length() == g.numel();
    }

    /** Whether an entry of {@code grads} other than entry {@code skip} shares {@code t}'s memory. */
    static boolean sharesStorage(Tensor[] grads, Tensor t, int skip) {
        for (int j = 0; j < grads.length; j++) {
            if (j != skip && grads[j] != null && grads[j].storage.sameMemory(t.storage)) {
                return true;
            }
        }
        return false;
    }
}
