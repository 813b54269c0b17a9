package org.grad4j;

/** A node whose grad_fn name is given when it is built: one backward rule serving several PyTorch names. */
abstract class NamedNode extends Node {
    private final String name;

    NamedNode(String name, Tensor... inputs) {
        super(inputs);
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }
}
