package org.grad4j.format;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.grad4j.DType;

/**
 * PyTorch 1.13's {@code repr(tensor)} (torch/_tensor_str.py) under its print options: by default precision 4,
 * threshold 1000 with 3 edge items, linewidth 80, sci_mode chosen automatically; {@link #setPrintOptions} changes
 * them for the whole process, as {@code torch.set_printoptions}.
 */
public final class TorchFormat {
    private static final String PREFIX = "tensor(";

    /** PyTorch's {@code PRINT_OPTS}; {@code sciMode} null is its {@code None} (chosen from the values). */
    record Options(int precision, double threshold, int edgeItems, int lineWidth, Boolean sciMode) {
    }

    private static final Options DEFAULT = new Options(4, 1000, 3, 80, null);
    private static volatile Options options = DEFAULT;

    private TorchFormat() {
    }

    /**
     * {@code torch.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)}: a null argument
     * keeps the current value, except {@code sciMode}, which PyTorch 1.13 always sets (null: chosen from the values,
     * as by default). {@code profile} first resets the other three-and-one options: "default" (precision 4, threshold
     * 1000, 3 edge items, linewidth 80), "short" (2, 1000, 2, 80) or "full" (4, infinite threshold, 3, 80); then the
     * arguments given apply. Affects every later {@code toString()} of a tensor, on every thread.
     *
     * @param precision digits after the decimal point, not negative
     * @param threshold how many elements a tensor may have before it prints summarised ({@code Double.POSITIVE_INFINITY}
     *     never), not negative
     * @param edgeItems how many items of each dimension's start and end a summary shows, not negative
     * @param lineWidth characters per line, positive
     * @param profile "default", "short", "full" or null
     * @param sciMode true for scientific notation, false for fixed, null for PyTorch's choice
     * @throws IllegalArgumentException for a negative option or another profile (PyTorch would ignore it silently);
     *     nothing changes then
     */
    public static void setPrintOptions(Integer precision, Double threshold, Integer edgeItems, Integer lineWidth,
            String profile, Boolean sciMode) {
        Options o = options;
        if (profile != null) {
            o = switch (profile) {
                case "default" -> DEFAULT;
                case "short" -> new Options(2, 1000, 2, 80, null);
                case "full" -> new Options(4, Double.POSITIVE_INFINITY, 3, 80, null);
                default -> throw new IllegalArgumentException("set_printoptions: unknown profile '" + profile
                        + "'; expected \"default\", \"short\" or \"full\"");
            };
        }
        check(precision, 0, "precision");
        check(edgeItems, 0, "edgeitems");
        check(lineWidth, 1, "linewidth");
        if (threshold != null && !(threshold >= 0)) {
            throw new IllegalArgumentException("set_printoptions: threshold must be a non-negative number, got " + threshold);
        }
        options = new Options(precision != null ? precision : o.precision(), threshold != null ? threshold : o.threshold(),
                edgeItems != null ? edgeItems : o.edgeItems(), lineWidth != null ? lineWidth : o.lineWidth(), sciMode);
    }

    private static void check(Integer value, int min, String name) {
        if (value != null && value < min) {
            throw new IllegalArgumentException("set_printoptions: " + name + " must be at least " + min + ", got " + value);
        }
    }

    /** The options the next print uses. */
    static Options options() {
        return options;
    }

    /**
     * Exactly what {@code repr(t)} prints in PyTorch 1.13 for a strided float tensor {@code t},
     * e.g. {@code tensor([[0.3000]])}, {@code tensor([1., 2.])},
     * {@code tensor([1.0000e-08, 1.0000e+10])}, {@code tensor(1.4400)}, {@code tensor([])},
     * {@code tensor([], size=(0, 3))}, followed by PyTorch's suffixes in its order:
     * {@code device='cuda:0'}, {@code dtype=torch.float64}, then {@code grad_fn=<AddBackward0>} or
     * {@code requires_grad=True}; a suffix that would pass 80 columns goes onto a new line.
     *
     * @param values the elements in row-major order; for {@link DType#FLOAT32} each is a float32
     *     value widened to double
     * @param shape the dimensions; {@code new int[0]} for a 0-d tensor
     * @param dtype the tensor's dtype
     * @param defaultDType the current default dtype ({@code torch.get_default_dtype()}); the dtype
     *     suffix is printed when {@code dtype} differs from it
     * @param device the device as PyTorch prints it ({@code "cuda:0"}); {@code null} or
     *     {@code "cpu"} prints no device suffix
     * @param requiresGrad whether the tensor requires grad; printed only when {@code gradFnName}
     *     is null
     * @param gradFnName the class name of the tensor's grad_fn ({@code "AddBackward0"}), or null
     * @return PyTorch's text
     * @throws IllegalArgumentException if {@code values.length} does not match {@code shape}, or a
     *     FLOAT32 value is not a float32
     */
    public static String repr(double[] values, int[] shape, DType dtype, DType defaultDType,
            String device, boolean requiresGrad, String gradFnName) {
        Layout.nonNull(dtype, "a dtype");
        Layout.nonNull(defaultDType, "a default dtype");
        int n = Layout.check(values, shape);
        if (dtype == DType.FLOAT32) {
            Layout.checkFloat32(values);
        }
        Options o = options;
        return render(o, n, shape, dtype, defaultDType, device, requiresGrad, gradFnName, suffixes -> {
            if (dtype != defaultDType) {
                suffixes.add("dtype=" + dtype.torchName());
            }
            boolean summarize = n > o.threshold();
            // with 0 edge items, get_summarized_data's self[:0] and self[-0:] give a vector whole
            double[] shown = summarize && o.edgeItems() == 0 && shape.length == 1 ? values
                    : Layout.shown(values, shape, summarize, o.edgeItems());
            Formatter f = new Formatter(shown, o.precision(), o.sciMode());
            return new Printer(o, i -> f.format(values[i]), f.width(), shape, summarize).tensorStr(0, 0, PREFIX.length());
        });
    }

    /**
     * Exactly what {@code repr(t)} prints in PyTorch 1.13 for an int64 or bool tensor {@code t}:
     * {@code tensor([1, 2])}, {@code tensor([ True, False])}, {@code tensor(3)},
     * {@code tensor([], dtype=torch.int64)}, {@code tensor([1, 2], dtype=torch.int32)}. Each element is printed
     * as Python's {@code str} of it, right-aligned to the widest shown element; int64 and bool print no dtype
     * suffix unless the tensor is empty (then the dtype is printed whenever it is not the default dtype), int32
     * and uint8 always print it.
     *
     * @param values the elements in row-major order (0 or 1 for bool)
     * @param shape the dimensions; {@code new int[0]} for a 0-d tensor
     * @param dtype an integer dtype or {@link DType#BOOL}
     * @param defaultDType the current default dtype
     * @param device the device as PyTorch prints it; {@code null} or {@code "cpu"} prints no device suffix
     * @param requiresGrad whether the tensor requires grad (never true for these dtypes in PyTorch)
     * @param gradFnName the class name of the tensor's grad_fn, or null
     * @return PyTorch's text
     * @throws IllegalArgumentException if {@code values.length} does not match {@code shape}, or
     *     {@code dtype} is a floating type
     */
    public static String repr(long[] values, int[] shape, DType dtype, DType defaultDType,
            String device, boolean requiresGrad, String gradFnName) {
        Layout.nonNull(values, "values");
        Layout.nonNull(dtype, "a dtype");
        Layout.nonNull(defaultDType, "a default dtype");
        if (dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("TorchFormat.repr: long values need an integer or bool dtype, got "
                    + dtype.torchName());
        }
        double[] positions = new double[values.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        int n = Layout.check(positions, shape);
        Options o = options;
        return render(o, n, shape, dtype, defaultDType, device, requiresGrad, gradFnName, suffixes -> {
            IntFunction<String> str = dtype == DType.BOOL ? i -> values[i] != 0 ? "True" : "False"
                    : i -> Long.toString(values[i]);
            boolean summarize = n > o.threshold();
            int width = 1;
            double[] shown = summarize && o.edgeItems() == 0 && shape.length == 1 ? positions
                    : Layout.shown(positions, shape, summarize, o.edgeItems());
            for (double p : shown) {
                width = Math.max(width, str.apply((int) p).length());
            }
            int w = width;
            IntFunction<String> padded = i -> {
                String v = str.apply(i);
                return v.length() >= w ? v : " ".repeat(w - v.length()) + v;
            };
            if (dtype != DType.INT64 && dtype != DType.BOOL) {
                suffixes.add("dtype=" + dtype.torchName());   // int64 and bool are the only implied dtypes
            }
            return new Printer(o, padded, width, shape, summarize).tensorStr(0, 0, PREFIX.length());
        });
    }

    /**
     * {@code tensor(...)} around a body: an empty tensor's size and dtype, or what {@code nonEmpty} prints (it may
     * add suffixes after the device's {@code device='cuda:0'}, which a tensor off the CPU gets first).
     */
    private static String render(Options o, int n, int[] shape, DType dtype, DType defaultDType, String device,
            boolean requiresGrad, String gradFnName, Function<List<String>, String> nonEmpty) {
        List<String> suffixes = new ArrayList<>();
        if (device != null && !device.equals("cpu")) {
            suffixes.add("device='" + device + "'");
        }
        String body = n == 0 ? emptyBody(shape, dtype, defaultDType, suffixes) : nonEmpty.apply(suffixes);
        return finish(o, body, suffixes, requiresGrad, gradFnName, PREFIX.length());
    }

    /** An empty tensor: its size unless it is {@code (0,)}, and its dtype unless it is the default one. */
    private static String emptyBody(int[] shape, DType dtype, DType defaultDType, List<String> suffixes) {
        if (shape.length != 1) {
            suffixes.add("size=" + tuple(shape));
        }
        if (dtype != defaultDType) {
            suffixes.add("dtype=" + dtype.torchName());
        }
        return "[]";
    }

    private static String finish(Options o, String body, List<String> suffixes, boolean requiresGrad,
            String gradFnName, int indent) {
        if (gradFnName != null) {
            suffixes.add("grad_fn=<" + gradFnName + ">");
        } else if (requiresGrad) {
            suffixes.add("requires_grad=True");
        }
        return addSuffixes(PREFIX + body, suffixes, indent, o.lineWidth());
    }

    /** Python's {@code str(tuple(shape))}: {@code (0, 3)}, {@code (0,)}. */
    private static String tuple(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i]);
        }
        if (shape.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    /** {@code _add_suffixes}, including its off-by-two idea of the last line's length. */
    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent, int lineWidth) {
        StringBuilder b = new StringBuilder(tensorStr);
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > lineWidth) {
                b.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                b.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return b.append(')').toString();
    }

    /** PyTorch's {@code _Formatter} for floating dtypes. */
    static final class Formatter {
        private final int precision;
        private boolean intMode = true;
        private boolean sciMode = false;
        private int maxWidth = 1;

        Formatter(double[] data) {
            this(data, DEFAULT.precision(), null);
        }

        /** {@code _Formatter}: {@code sciMode} (PRINT_OPTS.sci_mode) overrides the choice unless no value is finite and non-zero. */
        Formatter(double[] data, int precision, Boolean forcedSciMode) {
            this.precision = precision;
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            boolean any = false;
            for (double v : data) {
                if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
                any = true;
                max = Math.max(max, Math.abs(v));
                min = Math.min(min, Math.abs(v));
                if (v != Math.ceil(v)) {
                    intMode = false;
                }
            }
            if (!any) {
                return;   // as PyTorch 1.13, before PRINT_OPTS.sci_mode is read
            }
            if (intMode) {
                sciMode = max / min > 1000.0 || max > 1.0e8;
            } else {
                sciMode = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
            }
            for (double v : data) {
                if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                    continue;
                }
                int w;
                if (sciMode) {
                    w = sci(v, precision).length();
                } else if (intMode) {
                    w = fixed(v, 0).length() + 1;
                } else {
                    w = fixed(v, precision).length();
                }
                maxWidth = Math.max(maxWidth, w);
            }
            if (forcedSciMode != null) {
                sciMode = forcedSciMode;
            }
        }

        int width() {
            return maxWidth;
        }

        String format(double v) {
            String ret;
            if (sciMode) {
                ret = sci(v, precision);
            } else if (intMode) {
                ret = fixed(v, 0);
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    ret += ".";
                }
            } else {
                ret = fixed(v, precision);
            }
            return ret.length() >= maxWidth ? ret : " ".repeat(maxWidth - ret.length()) + ret;
        }

        private static String special(double v) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }

        private static String sign(double v) {
            return Double.doubleToRawLongBits(v) < 0 ? "-" : "";
        }

        /** Python's {@code '{:.Nf}'.format(v)}. */
        static String fixed(double v, int fractional) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return special(v);
            }
            DecimalDigits d = DecimalDigits.roundFractional(v, fractional);
            String frac = d.fractionalPart();
            String s = sign(v) + d.integerPart();
            if (fractional > 0) {
                s += "." + frac + "0".repeat(fractional - frac.length());
            }
            return s;
        }

        /** Python's {@code '{:.4e}'.format(v)}. */
        static String sci(double v) {
            return sci(v, DEFAULT.precision());
        }

        /** Python's {@code '{:.Ne}'.format(v)}: no point when {@code precision} is 0. */
        static String sci(double v, int precision) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return special(v);
            }
            DecimalDigits d = DecimalDigits.roundSignificant(v, precision + 1);
            String frac = d.digits.substring(1);
            return sign(v) + d.digits.charAt(0) + (precision == 0 ? "" : "." + frac + "0".repeat(precision - frac.length()))
                    + DecimalDigits.exponent(d.exp, 2);
        }
    }

    /** {@code _tensor_str_with_formatter} and {@code _vector_str}. */
    private static final class Printer {
        private final int edgeItems;
        private final int lineWidth;
        /** The padded text of the element at a row-major position. */
        private final IntFunction<String> element;
        private final int width;
        private final int[] shape;
        private final int[] strides;
        private final boolean summarize;

        Printer(Options o, IntFunction<String> element, int width, int[] shape, boolean summarize) {
            this.edgeItems = o.edgeItems();
            this.lineWidth = o.lineWidth();
            this.element = element;
            this.width = width;
            this.shape = shape;
            this.strides = Layout.strides(shape);
            this.summarize = summarize;
        }

        String tensorStr(int axis, int base, int indent) {
            int dim = shape.length - axis;
            if (dim == 0) {
                return element.apply(base);
            }
            int len = shape[axis];
            int stride = strides[axis];
            if (dim == 1) {
                return vectorStr(base, len, stride, indent);
            }
            List<String> slices = new ArrayList<>();
            if (summarize && len > 2 * edgeItems) {
                for (int i = 0; i < edgeItems; i++) {
                    slices.add(tensorStr(axis + 1, base + i * stride, indent + 1));
                }
                slices.add("...");
                for (int i = len - edgeItems; i < len; i++) {
                    slices.add(tensorStr(axis + 1, base + i * stride, indent + 1));
                }
            } else {
                for (int i = 0; i < len; i++) {
                    slices.add(tensorStr(axis + 1, base + i * stride, indent + 1));
                }
            }
            String sep = "," + "\n".repeat(dim - 1) + " ".repeat(indent + 1);
            return "[" + String.join(sep, slices) + "]";
        }

        private String vectorStr(int base, int len, int stride, int indent) {
            int elementLength = width + 2;
            int perLine = Math.max(1, Math.floorDiv(lineWidth - indent, elementLength));
            List<String> data = new ArrayList<>();
            if (summarize && len > 2 * edgeItems) {
                for (int i = 0; i < edgeItems; i++) {
                    data.add(element.apply(base + i * stride));
                }
                data.add(" ...");
                // Python's self[-edgeitems:]: with 0 edge items, the whole vector
                for (int i = edgeItems == 0 ? 0 : len - edgeItems; i < len; i++) {
                    data.add(element.apply(base + i * stride));
                }
            } else {
                for (int i = 0; i < len; i++) {
                    data.add(element.apply(base + i * stride));
                }
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < data.size(); i += perLine) {
                lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + perLine))));
            }
            return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
        }
    }
}
