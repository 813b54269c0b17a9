package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.AnomalyMode;
import org.grad4j.autograd.GradMode;

/**
 * Runs backward passes as one topological pass over the graph: {@link Pass#collect} finds every node
 * reachable from the root and counts its consumers (breadth first, no recursion, so deep graphs
 * cannot overflow the stack); then ready nodes run newest first, as in PyTorch's engine, so the
 * gradients reaching a node are summed in PyTorch's order. Each node's {@code backward} is called
 * once all its consumers have contributed, and its input gradients are routed to the next nodes (a node
 * may compute those of the one node it feeds too, see {@link #through}).
 * Who may reuse or free a gradient's memory is {@link GradientOwnership}'s decision.
 */
final class Engine {
    private static final ThreadLocal<Pass> PASSES = ThreadLocal.withInitial(Pass::new);

    private Engine() {
    }

    static void backward(Tensor root, Tensor grad, boolean retainGraph) {
        run(root, grad, retainGraph, false, null, null);
    }

    /**
     * {@code backward(gradient, retain_graph, create_graph)}: with {@code createGraph} the pass runs with grad mode
     * on, so the gradient formulas record their own graph (higher-order gradients), as PyTorch's engine does.
     */
    static void backward(Tensor root, Tensor grad, boolean retainGraph, boolean createGraph) {
        run(root, grad, retainGraph, createGraph, null, null);
    }

    /**
     * {@code torch.autograd.grad}: the gradient of {@code root} (seeded with {@code grad}) reaching each of
     * {@code inputs}, the nodes that receive the inputs' gradients; no leaf's {@code grad} changes.
     *
     * @return one gradient per input, null where none reached it
     */
    static Tensor[] grad(Tensor root, Tensor grad, boolean retainGraph, boolean createGraph, Node[] inputs) {
        Tensor[] captured = new Tensor[inputs.length];
        run(root, grad, retainGraph, createGraph, inputs, captured);
        return captured;
    }

    /** {@link org.grad4j.autograd.Autograd#grad}: checks, then the engine's pass that captures and accumulates nothing. */
    static Tensor[] autogradGrad(Tensor output, Tensor gradOutput, java.util.List<Tensor> inputs, boolean retainGraph,
                                 boolean createGraph, boolean allowUnused) {
        boolean nullInput = false;
        for (int i = 0; inputs != null && i < inputs.size(); i++) {
            nullInput |= inputs.get(i) == null;   // List.of(...).contains(null) would throw
        }
        if (output == null || inputs == null || inputs.isEmpty() || nullInput) {
            throw new IllegalArgumentException("grad: expected an output and a non-empty list of input tensors, got "
                    + (output == null ? "no output" : "inputs " + inputs));
        }
        if (!output.requiresGrad()) {
            throw new IllegalStateException("grad: element 0 of tensors does not require grad and does not have a "
                    + "grad_fn (output of shape " + Shapes.str(output.shape) + ")");
        }
        Node[] nodes = new Node[inputs.size()];
        for (int i = 0; i < nodes.length; i++) {
            Tensor in = inputs.get(i);
            if (!in.requiresGrad()) {
                throw new IllegalStateException("grad: One of the differentiated Tensors does not require grad (input "
                        + i + " of shape " + Shapes.str(in.shape) + ")");
            }
            nodes[i] = in.gradFn() != null ? in.gradFn() : in.accumulator();
        }
        Tensor seed;
        if (gradOutput == null) {
            if (output.numel() != 1) {
                throw new IllegalStateException("grad: grad can be implicitly created only for scalar outputs; the output "
                        + "has shape " + Shapes.str(output.shape) + ". Pass gradOutput");
            }
            seed = output.implicitOne();
        } else {
            seed = output.seedOf("grad: gradOutput", gradOutput);
        }
        Tensor[] grads = grad(output, seed, retainGraph, createGraph, nodes);
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null && !allowUnused) {
                throw new IllegalStateException("grad: One of the differentiated Tensors appears to not have been used "
                        + "in the graph. Set allow_unused=True if this is the desired behavior. (input " + i + " of shape "
                        + Shapes.str(inputs.get(i).shape) + "; allowUnused gives null for it)");
            }
        }
        return grads;
    }

    /**
     * The pass. With {@code createGraph} it runs with grad mode on and shares no memory trick: no gradient is
     * adopted, freed or added to in place, no fused two-node step runs, and saved temporaries are not freed with
     * the graph, since the new graph may hold any of them.
     */
    private static void run(Tensor root, Tensor grad, boolean retainGraph, boolean createGraph, Node[] capture,
                            Tensor[] captured) {
        Node rootNode = root.gradFn() != null ? root.gradFn() : root.accumulator();
        Pass pass = PASSES.get();
        if (pass.running) {
            pass = new Pass();   // a backward pass started from inside another one (e.g. in a custom function)
        }
        pass.running = true;
        boolean anomaly = AnomalyMode.isEnabled();
        try (GradMode.Scope ignored = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            pass.collect(rootNode);
            pass.grads[0] = grad;
            pass.ownership[0] = GradientOwnership.ofRoot();
            pass.createGraph = createGraph;
            pass.push(0);
            while (pass.heapSize > 0) {
                int slot = pass.pop();
                Node node = pass.nodes[slot];
                Tensor g = pass.grads[slot];
                byte owner = pass.ownership[slot];
                pass.grads[slot] = null;
                Tensor[] inputGrads = pass.through[slot];
                if (createGraph) {
                    owner = GradientOwnership.BORROWED;   // the new graph may save it: nobody writes or frees it
                }
                if (node.hooks != null && g != null) {
                    g = node.hooks.run(node, g);
                    owner = GradientOwnership.BORROWED;   // a hook may keep it or return a tensor of its own
                }
                if (capture != null && g != null) {
                    for (int i = 0; i < capture.length; i++) {
                        if (capture[i] == node) {
                            // g's memory may be shared with a gradient the pass frees; with a graph nothing is freed
                            // and the caller gets the gradient with its history, as PyTorch's
                            captured[i] = createGraph ? g : g.clone();
                        }
                    }
                    if (node instanceof Node.AccumulateGrad) {
                        continue;   // autograd.grad leaves every .grad as it was
                    }
                }
                if (inputGrads != null) {
                    pass.through[slot] = null;   // computed by its consumer's backwardThrough, routed in its turn
                } else if (g == null) {
                    inputGrads = new Tensor[node.next.length];
                } else if (node.hasBackwardThrough && !anomaly && capture == null && !createGraph
                        && through(pass, node, g, owner)) {
                    continue;
                } else if (createGraph) {
                    inputGrads = node.backwardWithGraph(g);
                } else {
                    inputGrads = node.backward(g, owner != GradientOwnership.BORROWED);
                }
                if (anomaly) {
                    checkForNaN(node, inputGrads);
                }
                if (GradientOwnership.freeAfterUse(node, g, owner, inputGrads)) {
                    g.storage.release();   // used, and none of its memory passed on: the next step reuses it
                }
                route(pass, node, g, owner, inputGrads);
            }
        } finally {
            pass.finish(retainGraph);
        }
    }

    /**
     * Runs {@code node}'s backward together with that of the one node it feeds, when {@code node}'s gradient
     * is all that node gets in this pass ({@link Node#backwardThrough}; cross_entropy's nll_loss and
     * log_softmax skip the [N, C] gradient between them). The result waits in that node's slot and is routed
     * when the node's turn comes, so every later sum adds in the same order as without it.
     *
     * @return whether it ran ({@code g} is then used)
     */
    private static boolean through(Pass pass, Node node, Tensor g, byte owner) {
        if (node.next.length != 1 || node.next[0] == null) {
            return false;
        }
        if (node.next[0].hooks != null) {
            return false;   // its gradient is looked at: it must exist
        }
        int t = pass.slotOf(node.next[0]);
        if (pass.pending[t] != 1 || pass.grads[t] != null) {
            return false;   // another consumer adds to its gradient
        }
        Tensor[] grads = node.backwardThrough(node.next[0], g);
        if (grads == null) {
            return false;
        }
        if (GradientOwnership.freeAfterUse(node, g, owner, grads)) {
            g.storage.release();
        }
        pass.through[t] = grads;
        pass.pending[t] = 0;
        pass.push(t);
        return true;
    }

    /** Hands each input gradient of {@code node} to the node it flows to; a node whose last consumer is done is ready. */
    private static void route(Pass pass, Node node, Tensor g, byte owner, Tensor[] inputGrads) {
        Node[] next = node.next;
        for (int i = 0; i < next.length; i++) {
            Node target = next[i];
            if (target == null) {
                continue;
            }
            int t = pass.slotOf(target);
            Tensor ig = inputGrads[i];
            if (ig != null) {
                Tensor pending = pass.grads[t];
                if (pending == null) {
                    pass.grads[t] = ig;
                    pass.ownership[t] = GradientOwnership.routed(node, g, owner, inputGrads, i);
                } else {
                    pass.grads[t] = pending.add(ig);   // recorded (AddBackward0) when the pass builds a graph
                    pass.ownership[t] = GradientOwnership.ofSum();
                }
            }
            if (--pass.pending[t] == 0) {
                pass.push(t);
            }
        }
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

    /**
     * One backward pass's state, reused per thread so that a pass over a small graph allocates nothing
     * of its own. Node {@code nodes[i]} has {@code pending[i]} consumers still to run, the gradient
     * {@code grads[i]} summed so far and its {@code ownership}; {@code heap} is a max-heap of ready
     * slots by the nodes' creation order.
     */
    private static final class Pass {
        Node[] nodes = new Node[32];
        int[] pending = new int[32];
        Tensor[] grads = new Tensor[32];
        byte[] ownership = new byte[32];
        /** A node's input gradients, computed ahead by its only consumer ({@link Engine#through}). */
        Tensor[][] through = new Tensor[32][];
        int count;
        int[] heap = new int[32];
        int heapSize;
        boolean running;
        /** Whether this pass records the graph of its gradients (keeps every saved temporary alive). */
        boolean createGraph;

        /** Visits every node reachable from {@code root} once (root in slot 0) and counts its incoming edges. */
        void collect(Node root) {
            add(root);
            for (int i = 0; i < count; i++) {
                for (Node next : nodes[i].next) {
                    if (next == null) {
                        continue;
                    }
                    int s = next.passSlot;
                    if (s < 0 || s >= count || nodes[s] != next) {
                        // Not in this pass yet: nothing else runs on this thread while a pass collects,
                        // so a node of this pass always has a valid hint here.
                        s = add(next);
                    }
                    pending[s]++;
                }
            }
        }

        private int add(Node n) {
            if (count == nodes.length) {
                int size = count * 2;
                nodes = Arrays.copyOf(nodes, size);
                pending = Arrays.copyOf(pending, size);
                grads = Arrays.copyOf(grads, size);
                ownership = Arrays.copyOf(ownership, size);
                through = Arrays.copyOf(through, size);
                heap = Arrays.copyOf(heap, size);
            }
            int s = count++;
            nodes[s] = n;
            pending[s] = 0;
            n.passSlot = s;
            return s;
        }

        /** The slot of {@code n}, which {@link #collect} reached. */
        int slotOf(Node n) {
            int s = n.passSlot;
            return s >= 0 && s < count && nodes[s] == n ? s : find(n);
        }

        /** The slot of {@code n} when a nested pass (run by a node's backward) has reset its hint: rare, so a scan. */
        private int find(Node n) {
            for (int i = 0; i < count; i++) {
                if (nodes[i] == n) {
                    n.passSlot = i;
                    return i;
                }
            }
            throw new IllegalStateException("autograd engine: " + n.name() + " was not reached from the root");
        }

        void push(int slot) {
            long seq = nodes[slot].sequence;
            int i = heapSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (nodes[heap[parent]].sequence >= seq) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = slot;
        }

        int pop() {
            int top = heap[0];
            int last = heap[--heapSize];
            if (heapSize > 0) {
                long seq = nodes[last].sequence;
                int i = 0;
                while (true) {
                    int child = 2 * i + 1;
                    if (child >= heapSize) {
                        break;
                    }
                    if (child + 1 < heapSize && nodes[heap[child + 1]].sequence > nodes[heap[child]].sequence) {
                        child++;
                    }
                    if (nodes[heap[child]].sequence <= seq) {
                        break;
                    }
                    heap[i] = heap[child];
                    i = child;
                }
                heap[i] = last;
            }
            return top;
        }

        /** Drops every reference the pass held; frees the graph's saved tensors unless {@code retainGraph}. */
        void finish(boolean retainGraph) {
            int n = count;
            count = 0;
            heapSize = 0;
            running = false;
            boolean createGraph = this.createGraph;
            this.createGraph = false;
            for (int i = 0; i < n; i++) {
                Node node = nodes[i];
                nodes[i] = null;
                grads[i] = null;
                through[i] = null;
                node.passSlot = -1;
                if (!retainGraph) {
                    node.release(!createGraph);
                }
            }
        }
    }
}
