package org.grad4j;

/**
 * {@code torch.rand(size, dtype=)}, {@code torch.randn(size, dtype=)} and {@code rand_like(input, dtype=)}: random
 * creation with an explicit dtype, which the tutorials use ({@code torch.rand_like(x_data, dtype=torch.float)}).
 * The draws are those of the default-dtype methods, in the requested floating dtype. Also
 * {@code torch.tensor([[1, 2], [3, 4]])}: an int64 matrix from rows of Java longs.
 */
final class TypedCreation {
    private TypedCreation() {
    }

    static Tensor random(String op, int[] shape, DType dtype, Generator generator, boolean normal) {
        int[] s = Shapes.checkSizes(op, shape);
        checkFloating(op, dtype, normal);
        if (generator == null) {
            throw new IllegalArgumentException(op + ": expected a Generator, got null");
        }
        return Creation.samples(op, s, dtype, Backends.defaultDevice(), generator, normal);
    }

    static Tensor randomLike(String op, Tensor input, DType dtype, boolean normal) {
        if (input == null) {
            throw new IllegalArgumentException(op + ": expected an input tensor, got null");
        }
        checkFloating(op, dtype, normal);
        return Creation.samples(op, input.shape(), dtype, input.device(), Generator.defaultGenerator(), normal);
    }

    /** PyTorch's kernels refuse integer and bool dtypes by the name of the kernel: {@code "check_uniform_bounds"}. */
    private static void checkFloating(String op, DType dtype, boolean normal) {
        if (dtype == null) {
            throw new IllegalArgumentException(op + ": expected a dtype, got null");
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": \"" + (normal ? "normal_kernel_cpu" : "check_uniform_bounds")
                    + "\" not implemented for '" + DTypes.typeName(dtype) + "' (dtype " + dtype.torchName()
                    + "; expected a floating point dtype)");
        }
    }

    static Tensor int64Rows(long[][] rows) {
        if (rows == null || rows.length == 0) {
            return Tensor.of(new long[0], 0);
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException("Tensor.tensor: row " + i + " is null; expected " + rows.length
                        + " rows of equal length");
            }
            if (rows[i].length != rows[0].length) {
                // PyTorch's ValueError, naming the row
                throw new IllegalArgumentException("Tensor.tensor: expected sequence of length " + rows[0].length
                        + " at dim 1 (got " + rows[i].length + ") (row " + i + ")");
            }
        }
        int cols = rows[0].length;
        int[] s = Shapes.checkSizes("Tensor.tensor", new int[] {rows.length, cols});
        long[] flat = Allocation.guard("Tensor.tensor", s, DType.INT64, null, () -> new long[Shapes.numel(s)]);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return Tensor.of(flat, rows.length, cols);
    }
}
