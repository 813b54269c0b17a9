package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.AnomalyMode;
import org.grad4j.autograd.GradMode;

/**
 * Runs backward passes. A breadth-first walk from the root counts each node's consumers (no
 * recursion, so deep graphs cannot overflow the stack); then ready nodes run newest first, as in
 * PyTorch's engine, so gradients reaching a node are summed in PyTorch's order. The work arrays
 * are reused per thread, so a backward pass over a small graph allocates nothing of its own.
 */
final class Engine {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static long passes;

    private Engine() {
    }

    /** Reusable work arrays: every node reached, and a max-heap of ready nodes by sequence number. */
    private static final class Scratch {
        Node[] seen = new Node[32];
        int seenCount;
        Node[] heap = new Node[32];
        int heapSize;
        boolean busy;

        void addSeen(Node n) {
            if (seenCount == seen.length) {
                seen = Arrays.copyOf(seen, seenCount * 2);
            }
            seen[seenCount++] = n;
        }

        void push(Node n) {
            if (heapSize == heap.length) {
                heap = Arrays.copyOf(heap, heapSize * 2);
            }
            int i = heapSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent].sequence >= n.sequence) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = n;
        }

        Node pop() {
            Node top = heap[0];
            Node last = heap[--heapSize];
            heap[heapSize] = null;
            if (heapSize > 0) {
                int i = 0;
                while (true) {
                    int child = 2 * i + 1;
                    if (child >= heapSize) {
                        break;
                    }
                    if (child + 1 < heapSize && heap[child + 1].sequence > heap[child].sequence) {
                        child++;
                    }
                    if (heap[child].sequence <= last.sequence) {
                        break;
                    }
                    heap[i] = heap[child];
                    i = child;
                }
                heap[i] = last;
            }
            return top;
        }
    }

    private static synchronized long nextPass() {
        return ++passes;
    }

    static void backward(Tensor root, Tensor grad, boolean retainGraph) {
        Node rootNode = root.gradFn() != null ? root.gradFn() : root.accumulator();
        Scratch s = SCRATCH.get();
        if (s.busy) {
            s = new Scratch();   // a backward pass started from inside another one (e.g. in a custom function)
        }
        s.busy = true;
        boolean anomaly = AnomalyMode.isEnabled();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            countDependencies(s, rootNode, nextPass());
            rootNode.pendingGrad = grad;
            rootNode.pendingOwned = false;
            rootNode.pendingReleasable = false;
            s.push(rootNode);
            while (s.heapSize > 0) {
                Node node = s.pop();
                Tensor g = node.pendingGrad;
                node.pendingGrad = null;
                Tensor[] inputGrads = g == null ? new Tensor[node.next.length] : node.backward(g, node.pendingOwned);
                if (anomaly) {
                    checkForNaN(node, inputGrads);
                }
                if (g != null && node.pendingReleasable && !(node instanceof Node.AccumulateGrad)
                        && node.returnsOwnGradients() && !sharesStorage(inputGrads, g, -1)) {
                    // a built-in rule has used it and passed none of its memory on: free it for the next step
                    g.storage.release();
                }
                for (int i = 0; i < node.next.length; i++) {
                    Node target = node.next[i];
                    if (target == null) {
                        continue;
                    }
                    Tensor ig = inputGrads[i];
                    if (ig != null) {
                        if (target.pendingGrad == null) {
                            target.pendingGrad = ig;
                            // A rule that passes its own input gradient on passes on its ownership too.
                            target.pendingOwned = ig == g ? node.pendingOwned : node.returnsOwnGradients();
                            target.pendingReleasable = target.pendingOwned && !sharesStorage(inputGrads, ig, i)
                                    && (ig == g ? node.pendingReleasable : g == null || ig.storage != g.storage);
                        } else {
                            target.pendingGrad = target.pendingGrad.add(ig);
                            target.pendingOwned = true;
                            target.pendingReleasable = true;
                        }
                    }
                    if (--target.dependencies == 0) {
                        s.push(target);
                    }
                }
            }
        } finally {
            for (int i = 0; i < s.seenCount; i++) {
                Node n = s.seen[i];
                s.seen[i] = null;
                n.pendingGrad = null;
                n.pendingOwned = false;
                n.pendingReleasable = false;
                n.dependencies = 0;
                if (!retainGraph) {
                    n.release();
                }
            }
            while (s.heapSize > 0) {
                s.heap[--s.heapSize] = null;
            }
            s.seenCount = 0;
            s.busy = false;
        }
    }

    /** Whether an entry of {@code grads} other than entry {@code skip} shares {@code t}'s memory. */
    private static boolean sharesStorage(Tensor[] grads, Tensor t, int skip) {
        for (int j = 0; j < grads.length; j++) {
            if (j != skip && grads[j] != null && grads[j].storage == t.storage) {
                return true;
            }
        }
        return false;
    }

    /** Anomaly mode: stops at the first node whose gradient holds a NaN, with PyTorch's message. */
    private static void checkForNaN(Node node, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null) {
                continue;
            }
            for (double v : grads[i].toDoubleArray()) {
                if (Double.isNaN(v)) {
                    throw new IllegalStateException("Function '" + node.name() + "' returned nan values in its " + i
                            + ordinal(i) + " output.");
                }
            }
        }
    }

    private static String ordinal(int i) {
        return i % 100 >= 11 && i % 100 <= 13 ? "th" : switch (i % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    /** Visits every node reachable from root once; sets each one's number of incoming edges. */
    private static void countDependencies(Scratch s, Node root, long mark) {
        root.visitMark = mark;
        root.dependencies = 0;
        s.addSeen(root);
        for (int i = 0; i < s.seenCount; i++) {
            for (Node next : s.seen[i].next) {
                if (next == null) {
                    continue;
                }
                if (next.visitMark != mark) {
                    next.visitMark = mark;
                    next.dependencies = 0;
                    s.addSeen(next);
                }
                next.dependencies++;
            }
        }
    }
}
