package org.grad4j.format;

/** The printers' row-major (C-order) layout helpers: element counts, strides, and the elements shown when summarizing. */
final class Layout {
    private Layout() {
    }

    /** Refuses a null argument of a public printer with an IllegalArgumentException naming it. */
    static void nonNull(Object value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("format: expected " + what + ", got null");
        }
    }

    /** Validates the arguments and returns the number of elements. */
    static int check(double[] values, int[] shape) {
        nonNull(values, "values");
        nonNull(shape, "a shape");
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape too large");
            }
        }
        if (n != values.length) {
            throw new IllegalArgumentException(
                    "shape holds " + n + " elements but " + values.length + " values were given");
        }
        return (int) n;
    }

    /** Throws unless every non-NaN value is a float32 value widened to double. */
    static void checkFloat32(double[] values) {
        for (double v : values) {
            if (!Double.isNaN(v) && (double) (float) v != v) {
                throw new IllegalArgumentException("not a float32 value: " + v);
            }
        }
    }

    /** Row-major strides, in elements. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /**
     * The elements that a summarised print shows: along every axis longer than
     * {@code 2 * edgeItems}, only the first and last {@code edgeItems} indices (NumPy's
     * {@code _leading_trailing}, PyTorch's {@code get_summarized_data}); all elements when
     * {@code summarize} is false.
     */
    static double[] shown(double[] values, int[] shape, boolean summarize, int edgeItems) {
        if (!summarize) {
            return values;
        }
        int[] strides = strides(shape);
        int count = 1;
        for (int d : shape) {
            count *= d > 2 * edgeItems ? 2 * edgeItems : d;
        }
        double[] out = new double[count];
        int[] pos = {0};
        collect(values, shape, strides, 0, 0, edgeItems, out, pos);
        return out;
    }

    private static void collect(double[] values, int[] shape, int[] strides, int axis, int base,
            int edge, double[] out, int[] pos) {
        if (axis == shape.length) {
            out[pos[0]++] = values[base];
            return;
        }
        int n = shape[axis];
        for (int i = 0; i < n; i++) {
            if (n > 2 * edge && i >= edge && i < n - edge) {
                continue;
            }
            collect(values, shape, strides, axis + 1, base + i * strides[axis], edge, out, pos);
        }
    }
}
