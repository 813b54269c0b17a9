package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.Tensor;

/**
 * The {@code output_size} of PyTorch's 3-d adaptive poolings: one size, or three where None (null) keeps the
 * input's size in that dimension.
 */
final class OptionalSizes3d {
    private final Integer[] sizes;

    private OptionalSizes3d(Integer[] sizes) {
        this.sizes = sizes;
    }

    /** Checked sizes for {@code module}; the array is copied. */
    static OptionalSizes3d of(String module, Integer[] sizes) {
        if (sizes == null || (sizes.length != 1 && sizes.length != 3) || (sizes.length == 1 && sizes[0] == null)) {
            throw new IllegalArgumentException(module + ": expected one or three sizes for output_size");
        }
        return new OptionalSizes3d(sizes.clone());
    }

    static Integer[] boxed(int[] v) {
        return v == null ? null : Arrays.stream(v).boxed().toArray(Integer[]::new);
    }

    /** The sizes with None replaced by the input's (F.adaptive_*_pool3d's _list_with_default). */
    int[] resolve(String op, Tensor input) {
        int[] out = new int[sizes.length];
        for (int i = 0; i < out.length; i++) {
            if (sizes[i] == null) {
                if (input == null || input.dim() <= 3) {
                    throw new IllegalArgumentException(op + ": Input dimension should be at least 4, got "
                            + (input == null ? "null" : Arrays.toString(input.shape())));
                }
                out[i] = input.size(input.dim() - 3 + i);
            } else {
                out[i] = sizes[i];
            }
        }
        return out;
    }

    /** PyTorch's repr of the sizes: {@code output_size=2} or {@code output_size=(2, None, 3)}. */
    String repr() {
        if (sizes.length == 1) {
            return "output_size=" + sizes[0];
        }
        return "output_size=(" + (sizes[0] == null ? "None" : sizes[0]) + ", " + (sizes[1] == null ? "None" : sizes[1])
                + ", " + (sizes[2] == null ? "None" : sizes[2]) + ")";
    }
}
