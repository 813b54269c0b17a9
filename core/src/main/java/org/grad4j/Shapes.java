package org.grad4j;

import java.util.Arrays;

/** Shape arithmetic and the checks that produce grad4j's shape errors. */
final class Shapes {
    static final int[] SCALAR = new int[0];

    private Shapes() {
    }

    /** The element count of a shape every tensor already has (checked by {@link #checkIndexable} when it was made). */
    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The most elements, and the largest extent, a backend indexes: offsets and strides are Java ints.
     * A shape is indexable when the product of its sizes, each counted as at least 1, is at most this:
     * then its element count and its row-major strides fit too, whatever the order of its sizes (a
     * zero-size dimension does not make {@code [0, 65536, 65536]} acceptable while
     * {@code [65536, 65536, 0]} is refused).
     */
    static final long MAX_EXTENT = Integer.MAX_VALUE;

    /**
     * Refuses a shape that no backend can index, naming the op; exact arithmetic, so no product wraps.
     *
     * @return {@code shape} itself
     */
    static int[] checkIndexable(String op, int[] shape) {
        long extent = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": Trying to create tensor with negative dimension " + d + ": "
                        + Arrays.toString(shape));   // PyTorch's words
            }
            extent *= Math.max(d, 1);   // both factors <= 2^31: no long overflow before the check
            if (extent > MAX_EXTENT) {
                throw tooLarge(op, shape);
            }
        }
        return shape;
    }

    static IllegalArgumentException tooLarge(String op, int[] shape) {
        return new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " is too large: grad4j indexes "
                + "at most " + MAX_EXTENT + " (2^31-1) elements per tensor (the product of the sizes, each counted as at "
                + "least 1, is " + extentString(shape) + ")");
    }

    private static String extentString(int[] shape) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int d : shape) {
            p = p.multiply(java.math.BigInteger.valueOf(Math.max(d, 1)));
        }
        return p.toString();
    }

    private static final int[] ONE = {1};
    private static final int[] ONE_ONE = {1, 1};

    /** Row-major strides; the common tiny cases share one immutable array (tensors never mutate strides). */
    static int[] contiguousStrides(int[] shape) {
        if (shape.length == 0) {
            return SCALAR;
        }
        if (shape.length == 1) {
            return ONE;
        }
        if (shape.length == 2 && shape[1] == 1) {
            return ONE_ONE;
        }
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** Validates sizes given by a user: none negative, product fits in an int. */
    static int[] checkSizes(String op, int[] shape) {
        if (shape == null) {
            throw new IllegalArgumentException(op + ": expected a shape, got null");
        }
        return checkIndexable(op, shape.clone());
    }

    /** Wraps a possibly negative dimension index, PyTorch style. */
    static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dimension " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected to be in range [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** PyTorch's broadcasting of two shapes, or an error naming the op, both shapes and the first clash. */
    static int[] broadcast(String op, int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int[] out = broadcastOrNull(a, b);
        if (out == null) {
            int rank = Math.max(a.length, b.length);
            int i = 0;
            while (size(a, i, rank) == size(b, i, rank) || size(a, i, rank) == 1 || size(b, i, rank) == 1) {
                i++;
            }
            throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                    + " cannot be broadcast (dimension " + i + " of the broadcast shape: " + size(a, i, rank) + " vs "
                    + size(b, i, rank) + ")");
        }
        return checkIndexable(op, out);
    }

    /** The broadcast shape of {@code a} and {@code b}, or null where they cannot be broadcast. */
    static int[] broadcastOrNull(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = size(a, i, rank);
            int db = size(b, i, rank);
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Size of dimension {@code i} of {@code shape} right-aligned to {@code rank} dimensions (1 where it has none). */
    private static int size(int[] shape, int i, int rank) {
        int lead = rank - shape.length;
        return i < lead ? 1 : shape[i - lead];
    }

    /** Strides that read a tensor of shape {@code shape}/{@code strides} as broadcast to {@code target}. */
    /** All-zero strides by rank, shared: a one-element operand broadcast to any shape stays on its element. */
    private static final int[][] ZERO_STRIDES = {SCALAR, new int[1], new int[2], new int[3], new int[4]};

    static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        if (Arrays.equals(shape, target)) {
            return strides;
        }
        if (target.length < ZERO_STRIDES.length && numel(shape) == 1 && shape.length <= target.length) {
            return ZERO_STRIDES[target.length];   // the strides of size-1 dims never move the offset
        }
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }
        return out;
    }

    /** Whether {@code from} broadcasts to exactly {@code to} (an in-place operand's check), without allocating. */
    static boolean broadcastsTo(int[] from, int[] to) {
        int lead = to.length - from.length;
        if (lead < 0) {
            return false;
        }
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[lead + i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
