package org.grad4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.grad4j.autograd.AnomalyMode;
import org.grad4j.autograd.GradMode;

/**
 * Runs backward passes: an iterative topological sort from the root (no recursion, so deep graphs
 * cannot overflow the stack), then each node once, after all its consumers, with the sum of the
 * gradients they sent it.
 */
final class Engine {
    private static final AtomicLong PASSES = new AtomicLong();

    private Engine() {
    }

    static void backward(Tensor root, Tensor grad, boolean retainGraph) {
        Node rootNode = root.gradFn() != null ? root.gradFn() : root.accumulator();
        long mark = PASSES.incrementAndGet();
        ArrayList<Node> order = countDependencies(rootNode, mark);
        boolean anomaly = AnomalyMode.isEnabled();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            rootNode.pendingGrad = grad;
            ArrayDeque<Node> ready = new ArrayDeque<>();
            ready.add(rootNode);
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor g = node.pendingGrad;
                node.pendingGrad = null;
                Tensor[] inputGrads = g == null ? new Tensor[node.next.length] : node.backward(g);
                if (anomaly) {
                    AnomalyMode.check(node, inputGrads);
                }
                for (int i = 0; i < node.next.length; i++) {
                    Node target = node.next[i];
                    if (target == null) {
                        continue;
                    }
                    Tensor ig = inputGrads[i];
                    if (ig != null) {
                        target.pendingGrad = target.pendingGrad == null ? ig : target.pendingGrad.add(ig);
                    }
                    if (--target.dependencies == 0) {
                        ready.add(target);
                    }
                }
            }
        } finally {
            for (Node n : order) {
                n.pendingGrad = null;
                n.dependencies = 0;
                if (!retainGraph) {
                    n.release();
                }
            }
        }
    }

    /** Visits every node reachable from root once; sets each one's number of incoming edges. */
    private static ArrayList<Node> countDependencies(Node root, long mark) {
        ArrayList<Node> seen = new ArrayList<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        root.visitMark = mark;
        root.dependencies = 0;
        seen.add(root);
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node next : n.next) {
                if (next == null) {
                    continue;
                }
                if (next.visitMark != mark) {
                    next.visitMark = mark;
                    next.dependencies = 0;
                    seen.add(next);
                    stack.push(next);
                }
                next.dependencies++;
            }
        }
        return seen;
    }
}
