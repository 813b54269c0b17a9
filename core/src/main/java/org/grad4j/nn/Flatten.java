package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.Tensor;

/**
 * Flattens dimensions {@code startDim..endDim} into one, PyTorch's {@code nn.Flatten}: by default every
 * dimension but the batch dimension ({@code [N, 8, 8] -> [N, 64]}). The result is a view when possible
 * ({@link Tensor#reshape(int...)}).
 */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** {@code Flatten(start_dim=1, end_dim=-1)}. */
    public Flatten() {
        this(1, -1);
    }

    /**
     * Flattens {@code startDim..endDim} (inclusive; negative values count from the end).
     *
     * @param startDim the first dimension to flatten
     * @param endDim the last dimension to flatten
     */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return flatten(input, startDim, endDim);
    }

    /**
     * PyTorch's {@code torch.flatten(input, start_dim, end_dim)}.
     *
     * @param input the input
     * @param startDim the first dimension to flatten
     * @param endDim the last dimension to flatten
     * @return the flattened tensor (a 0-d input becomes shape {@code [1]})
     */
    public static Tensor flatten(Tensor input, int startDim, int endDim) {
        if (input == null) {
            throw new IllegalArgumentException("flatten: expected a tensor, got null");
        }
        int[] shape = input.shape();
        if (shape.length == 0) {
            wrap(startDim, 1);
            wrap(endDim, 1);
            return input.reshape(1);
        }
        int s = wrap(startDim, shape.length);
        int e = wrap(endDim, shape.length);
        if (s > e) {
            throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim (start_dim="
                    + startDim + ", end_dim=" + endDim + ", input of shape " + Arrays.toString(shape) + ")");
        }
        if (s == e) {
            return input;
        }
        int[] out = new int[shape.length - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) {
            out[k++] = shape[i];
        }
        int n = 1;
        for (int i = s; i <= e; i++) {
            n *= shape[i];
        }
        out[k++] = n;
        for (int i = e + 1; i < shape.length; i++) {
            out[k++] = shape[i];
        }
        return input.reshape(out);
    }

    private static int wrap(int dim, int rank) {
        if (dim < -rank || dim >= rank) {
            throw new IndexOutOfBoundsException("flatten: Dimension out of range (expected to be in range of ["
                    + (-rank) + ", " + (rank - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + rank : dim;
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
