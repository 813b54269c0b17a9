package org.grad4j.nn;

import org.grad4j.Tensor;

/** PyTorch's {@code nn.Unflatten(dim, unflattened_size)}: {@link Tensor#unflatten(int, int...)}. */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /**
     * The module.
     *
     * @param dim the dimension to split
     * @param unflattenedSize its new sizes (one may be -1)
     */
    public Unflatten(int dim, int... unflattenedSize) {
        if (unflattenedSize == null || unflattenedSize.length == 0) {
            throw new IllegalArgumentException("Unflatten: unflattened_size must be a non-empty tuple of ints");
        }
        this.dim = dim;
        this.sizes = unflattenedSize.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("Unflatten.forward: expected an input tensor, got null");
        }
        return input.unflatten(dim, sizes);
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder("dim=").append(dim).append(", unflattened_size=(");
        for (int i = 0; i < sizes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(sizes[i]);
        }
        return sb.append(sizes.length == 1 ? ",)" : ")").toString();
    }
}
