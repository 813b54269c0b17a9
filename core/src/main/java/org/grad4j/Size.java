package org.grad4j;

import java.util.Arrays;

/**
 * A tensor's sizes as PyTorch's {@code torch.Size}: {@link Tensor#size()} returns one, and it prints as
 * {@code torch.Size([2, 3])}. Immutable; {@link Tensor#shape()} remains the plain {@code int[]}.
 */
public final class Size {
    private final int[] sizes;

    Size(int[] sizes) {
        this.sizes = sizes.clone();
    }

    /**
     * The size of dimension {@code dim}, like {@code t.size()[dim]} (negative counts from the end).
     *
     * @param dim the dimension; negative counts from the end
     * @return the number of elements along {@code dim}
     * @throws IndexOutOfBoundsException if {@code dim} is out of range
     */
    public int get(int dim) {
        if (dim < -sizes.length || dim >= sizes.length) {
            throw new IndexOutOfBoundsException("Size.get: tuple index " + dim + " out of range for " + this
                    + " (expected " + -sizes.length + " to " + (sizes.length - 1) + ")");
        }
        return sizes[dim < 0 ? dim + sizes.length : dim];
    }

    /**
     * The number of dimensions, {@code len(size)}.
     *
     * @return the number of dimensions
     */
    public int length() {
        return sizes.length;
    }

    /**
     * The number of elements a tensor of these sizes holds, {@code size.numel()}.
     *
     * @return the product of the sizes (1 for no dimension)
     */
    public long numel() {
        long n = 1;
        for (int s : sizes) {
            n *= s;
        }
        return n;
    }

    /**
     * The sizes as an array, as {@link Tensor#shape()} gives them.
     *
     * @return a new array
     */
    public int[] toArray() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Size s && Arrays.equals(sizes, s.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    /** PyTorch's repr: {@code torch.Size([2, 3])}, {@code torch.Size([])} for a 0-d tensor. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < sizes.length; i++) {
            sb.append(i > 0 ? ", " : "").append(sizes[i]);
        }
        return sb.append("])").toString();
    }
}
