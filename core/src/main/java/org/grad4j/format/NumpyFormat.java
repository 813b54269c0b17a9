package org.grad4j.format;

import java.util.function.IntFunction;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * NumPy 1.24's {@code str(ndarray)} for float, integer and bool arrays, with the default print options: precision
 * 8, floatmode {@code 'maxprec'}, suppress off, sign {@code '-'}, threshold 1000 with 3 edge
 * items, linewidth 75.
 */
public final class NumpyFormat {
    private static final int PRECISION = 8;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 75;

    private NumpyFormat() {
    }

    /**
     * What {@code print(tensor.numpy())} prints: NumPy's {@code str} of the tensor's values (copied to
     * the host), e.g. {@code [[0.06]]}; integer tensors print as NumPy's integer arrays ({@code [  1 -20   3]}),
     * bool tensors as its bool arrays ({@code [ True False]}).
     *
     * @param tensor any tensor, on any device
     * @return NumPy's text for its values
     * @throws IllegalArgumentException if {@code tensor} is null
     */
    public static String str(Tensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("NumpyFormat.str: expected a tensor, got null");
        }
        if (!tensor.dtype().isFloatingPoint()) {
            return integerStr(tensor.toLongArray(), tensor.shape(), tensor.dtype() == DType.BOOL);
        }
        return str(tensor.toDoubleArray(), tensor.shape(), tensor.dtype());
    }

    /**
     * Exactly what {@code str(a)} prints for a NumPy array {@code a} of the given dtype and shape,
     * e.g. {@code [[0.06]]}, {@code [1.  2.5]}, {@code [1.0e-08 1.5e+10]}, {@code [nan inf]}; a 0-d
     * array (empty shape) prints like its scalar ({@code 7.0756000000000006}); an array with a zero
     * dimension prints {@code []}.
     *
     * @param values the elements in row-major order; for {@link DType#FLOAT32} each must be a
     *     float32 value widened to double
     * @param shape the dimensions; {@code new int[0]} for a 0-d array
     * @param dtype the array's element type (decides which shortest digits are printed; an integer or bool
     *     dtype prints the values as NumPy's integer or bool arrays do)
     * @return NumPy's text
     * @throws IllegalArgumentException if {@code values.length} does not match {@code shape}, a
     *     FLOAT32 value is not a float32, or a value of an integer or bool dtype is not an integer
     */
    public static String str(double[] values, int[] shape, DType dtype) {
        Layout.nonNull(dtype, "a dtype");
        int n = Layout.check(values, shape);
        if (!dtype.isFloatingPoint()) {
            long[] ints = new long[n];
            for (int i = 0; i < n; i++) {
                ints[i] = (long) values[i];
                if (ints[i] != values[i]) {
                    throw new IllegalArgumentException("NumpyFormat.str: value " + values[i] + " at position " + i
                            + " is not a " + dtype.torchName() + " value");
                }
            }
            return integerStr(ints, shape, dtype == DType.BOOL);
        }
        boolean single = dtype == DType.FLOAT32;
        if (single) {
            Layout.checkFloat32(values);
        }
        if (shape.length == 0) {
            return PythonFloat.numpyScalar(values[0], single);
        }
        if (n == 0) {
            return "[]";
        }
        boolean summarize = n > THRESHOLD;
        FloatFormat f = new FloatFormat(Layout.shown(values, shape, summarize, EDGE_ITEMS), single);
        return new Printer(i -> f.format(values[i]), shape, summarize).recurse(0, 0, " ", LINE_WIDTH);
    }

    /**
     * NumPy's {@code IntegerFormat} ({@code %Nd}, N the longest of the shown values) or {@code BoolFormat}
     * ({@code ' True'} beside {@code 'False'}; a 0-d array prints {@code True}).
     */
    static String integerStr(long[] values, int[] shape, boolean bool) {
        double[] positions = new double[values.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        int n = Layout.check(positions, shape);
        if (shape.length == 0) {
            return bool ? (values[0] != 0 ? "True" : "False") : Long.toString(values[0]);
        }
        if (n == 0) {
            return "[]";
        }
        boolean summarize = n > THRESHOLD;
        IntFunction<String> element;
        if (bool) {
            element = i -> values[i] != 0 ? " True" : "False";
        } else {
            int width = 0;
            for (double p : Layout.shown(positions, shape, summarize, EDGE_ITEMS)) {
                width = Math.max(width, Long.toString(values[(int) p]).length());
            }
            int w = width;
            element = i -> {
                String v = Long.toString(values[i]);
                return v.length() >= w ? v : " ".repeat(w - v.length()) + v;
            };
        }
        return new Printer(element, shape, summarize).recurse(0, 0, " ", LINE_WIDTH);
    }

    /** NumPy's {@code FloatingFormat} for floatmode 'maxprec' and sign '-'. */
    static final class FloatFormat {
        private final boolean single;
        private boolean expFormat;
        private int padLeft;
        private int padRight;
        private int precision = PRECISION;
        private int minDigits;
        private int expSize = -1;

        FloatFormat(double[] data, boolean single) {
            this.single = single;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            int finite = 0;
            boolean nonFinite = false;
            boolean negInf = false;
            for (double v : data) {
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    nonFinite = true;
                    negInf |= v == Double.NEGATIVE_INFINITY;
                    continue;
                }
                finite++;
                if (v != 0) {
                    double a = Math.abs(v);
                    max = Math.max(max, a);
                    min = Math.min(min, a);
                }
            }
            if (max > 0) {
                // max_val / min_val is computed in the array's dtype (float32 for float32)
                double ratio = single ? (double) ((float) max / (float) min) : max / min;
                expFormat = max >= 1e8 || min < 0.0001 || ratio > 1000.0;
            }
            if (finite == 0) {
                padLeft = 0;
                padRight = 0;
            } else if (expFormat) {
                int maxFrac = 0;
                int maxExp = 0;
                int maxInt = 0;
                for (double v : data) {
                    if (Double.isNaN(v) || Double.isInfinite(v)) {
                        continue;
                    }
                    DecimalDigits d = sciDigits(v);
                    maxFrac = Math.max(maxFrac, d.significantAfterFirst());
                    maxExp = Math.max(maxExp, Math.max(2, Integer.toString(Math.abs(d.exp)).length()));
                    maxInt = Math.max(maxInt, 1 + (negative(v) ? 1 : 0));
                }
                expSize = maxExp;
                precision = maxFrac;
                minDigits = maxFrac;
                padLeft = maxInt;
                padRight = expSize + 2 + precision;
            } else {
                int maxInt = 0;
                int maxFrac = 0;
                for (double v : data) {
                    if (Double.isNaN(v) || Double.isInfinite(v)) {
                        continue;
                    }
                    DecimalDigits d = posDigits(v);
                    maxInt = Math.max(maxInt, d.integerPart().length() + (negative(v) ? 1 : 0));
                    maxFrac = Math.max(maxFrac, d.fractionalPart().length());
                }
                padLeft = maxInt;
                padRight = maxFrac;
                minDigits = 0;
            }
            if (nonFinite) {
                int offset = padRight + 1;
                padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
            }
        }

        private static boolean negative(double v) {
            return Double.doubleToRawLongBits(v) < 0;
        }

        /** Dragon4 positional, unique, cut off at {@code precision} fractional digits. */
        private DecimalDigits posDigits(double v) {
            if (v == 0) {
                return DecimalDigits.ZERO;
            }
            DecimalDigits d = DecimalDigits.shortest(Math.abs(v), single);
            return d.fractionalDigits() > precision ? DecimalDigits.roundFractional(v, precision) : d;
        }

        /** Dragon4 scientific, unique, cut off at {@code precision} digits after the first. */
        private DecimalDigits sciDigits(double v) {
            if (v == 0) {
                return DecimalDigits.ZERO;
            }
            DecimalDigits d = DecimalDigits.shortest(Math.abs(v), single);
            return d.significantAfterFirst() > precision ? DecimalDigits.roundSignificant(v, precision + 1) : d;
        }

        String format(double v) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                String ret = Double.isNaN(v) ? "nan" : v < 0 ? "-inf" : "inf";
                return pad(ret, padLeft + padRight + 1);
            }
            String sign = negative(v) ? "-" : "";
            if (expFormat) {
                DecimalDigits d = sciDigits(v);
                if (v != 0 && d.significantAfterFirst() < minDigits) {
                    // Dragon4 goes on past the unique digits until min_digits, rounding the exact value
                    d = DecimalDigits.roundSignificant(v, minDigits + 1);
                }
                String frac = d.digits.substring(1);
                if (frac.length() < minDigits) {
                    frac = frac + "0".repeat(minDigits - frac.length());
                }
                return pad(sign + d.digits.charAt(0), padLeft) + "." + frac
                        + DecimalDigits.exponent(d.exp, expSize);
            }
            DecimalDigits d = posDigits(v);
            String frac = d.fractionalPart();
            return pad(sign + d.integerPart(), padLeft) + "." + frac
                    + " ".repeat(Math.max(0, padRight - frac.length()));
        }

        private static String pad(String s, int width) {
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }
    }

    /** NumPy's {@code _formatArray} (non-legacy), with separator {@code ' '}. */
    private static final class Printer {
        /** The formatted element at a row-major position. */
        private final IntFunction<String> element;
        private final int[] shape;
        private final int[] strides;
        private final boolean summarize;

        Printer(IntFunction<String> element, int[] shape, boolean summarize) {
            this.element = element;
            this.shape = shape;
            this.strides = Layout.strides(shape);
            this.summarize = summarize;
        }

        String recurse(int axis, int base, String hangingIndent, int currWidth) {
            int axesLeft = shape.length - axis;
            if (axesLeft == 0) {
                return element.apply(base);
            }
            String nextHangingIndent = hangingIndent + " ";
            int nextWidth = currWidth - 1;
            int len = shape[axis];
            boolean showSummary = summarize && 2 * EDGE_ITEMS < len;
            int leading = showSummary ? EDGE_ITEMS : 0;
            int trailing = showSummary ? EDGE_ITEMS : len;
            int stride = strides[axis];
            StringBuilder s = new StringBuilder();
            if (axesLeft == 1) {
                int elemWidth = currWidth - 1;
                String[] line = {hangingIndent};
                for (int i = 0; i < leading; i++) {
                    String word = recurse(axis + 1, base + i * stride, nextHangingIndent, nextWidth);
                    extendLine(s, line, word, elemWidth, hangingIndent);
                    line[0] += " ";
                }
                if (showSummary) {
                    extendLine(s, line, "...", elemWidth, hangingIndent);
                    line[0] += " ";
                }
                for (int i = trailing; i > 1; i--) {
                    String word = recurse(axis + 1, base + (len - i) * stride, nextHangingIndent, nextWidth);
                    extendLine(s, line, word, elemWidth, hangingIndent);
                    line[0] += " ";
                }
                String word = recurse(axis + 1, base + (len - 1) * stride, nextHangingIndent, nextWidth);
                extendLine(s, line, word, elemWidth, hangingIndent);
                s.append(line[0]);
            } else {
                String lineSep = "\n".repeat(axesLeft - 1);
                for (int i = 0; i < leading; i++) {
                    s.append(hangingIndent)
                            .append(recurse(axis + 1, base + i * stride, nextHangingIndent, nextWidth))
                            .append(lineSep);
                }
                if (showSummary) {
                    s.append(hangingIndent).append("...").append(lineSep);
                }
                for (int i = trailing; i > 1; i--) {
                    s.append(hangingIndent)
                            .append(recurse(axis + 1, base + (len - i) * stride, nextHangingIndent, nextWidth))
                            .append(lineSep);
                }
                s.append(hangingIndent)
                        .append(recurse(axis + 1, base + (len - 1) * stride, nextHangingIndent, nextWidth));
            }
            return "[" + s.substring(hangingIndent.length()) + "]";
        }

        /** NumPy's {@code _extendLine}: wraps before {@code word} if it would pass the width. */
        private static void extendLine(StringBuilder s, String[] line, String word, int lineWidth,
                String nextLinePrefix) {
            boolean needsWrap = line[0].length() + word.length() > lineWidth;
            if (line[0].length() <= nextLinePrefix.length()) {
                needsWrap = false;
            }
            if (needsWrap) {
                s.append(line[0].stripTrailing()).append('\n');
                line[0] = nextLinePrefix;
            }
            line[0] += word;
        }
    }
}
