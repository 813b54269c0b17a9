package org.grad4j.nn;

import java.util.Arrays;

/** Argument expansion and Python-tuple printing shared by the layers3 modules (any number of dimensions). */
final class Layers3Args {
    private Layers3Args() {
    }

    /** One int for every dimension or {@code n} of them, each at least {@code least}, expanded to {@code n}. */
    static int[] expand(String layer, String what, int[] v, int n, int least) {
        if (v == null || (v.length != 1 && v.length != n) || Arrays.stream(v).anyMatch(x -> x < least)) {
            throw new IllegalArgumentException(layer + ": expected " + what + " as one" + (n == 1 ? "" : " or " + n)
                    + " int" + (n == 1 ? "" : "s") + " of at least " + least + ", got "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = v.length == 1 ? v[0] : v[i];
        }
        return out;
    }

    /** Python's tuple repr: {@code (3,)}, {@code (1, 2, 3)}. */
    static String tuple(int[] v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ", " : "").append(v[i]);
        }
        return b.append(v.length == 1 ? ",)" : ")").toString();
    }

    /** An int or a tuple as the constructor got it, as PyTorch's repr prints it ({@code None} for null). */
    static String arg(int[] v) {
        return v == null ? "None" : v.length == 1 ? Integer.toString(v[0]) : tuple(v);
    }

    static boolean all(int[] v, int value) {
        return Arrays.stream(v).allMatch(x -> x == value);
    }

    /** ConvNd's extra_repr after the channels: kernel_size, stride and the options away from their defaults. */
    /** PyTorch's padding_mode, checked as its ConvNd does (fuzznn: shared by Conv1d and Conv2d). */
    static String paddingMode(String module, String mode) {
        if (!Arrays.asList("zeros", "reflect", "replicate", "circular").contains(mode)) {
            throw new IllegalArgumentException(module + ": padding_mode must be one of ['zeros', 'reflect', "
                    + "'replicate', 'circular'], but got padding_mode='" + mode + "'");
        }
        return mode;
    }

    /**
     * PyTorch's {@code _reversed_padding_repeated_twice}: F.pad's amounts, the last dimension first; "same" pads
     * {@code dilation * (k - 1)} in all, the smaller half before.
     */
    static int[] reversedPadding(String paddingString, int[] padding, int[] kernel, int[] dilation) {
        int n = kernel.length;
        int[] reversed = new int[2 * n];
        for (int i = 0; i < n; i++) {
            int total = "same".equals(paddingString) ? dilation[i] * (kernel[i] - 1) : 2 * padding[i];
            reversed[2 * (n - 1 - i)] = total / 2;
            reversed[2 * (n - 1 - i) + 1] = total - total / 2;
        }
        return reversed;
    }

    static String convRepr(int in, int out, int[] kernel, int[] stride, int[] padding, String paddingString,
            int[] dilation, int[] outputPadding, int groups, boolean bias, String paddingMode) {
        return in + ", " + out + ", kernel_size=" + tuple(kernel) + ", stride=" + tuple(stride)
                + (paddingString != null ? ", padding=" + paddingString
                        : !all(padding, 0) ? ", padding=" + tuple(padding) : "")
                + (!all(dilation, 1) ? ", dilation=" + tuple(dilation) : "")
                + (outputPadding != null && !all(outputPadding, 0) ? ", output_padding=" + tuple(outputPadding) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias ? "" : ", bias=False")
                + (paddingMode.equals("zeros") ? "" : ", padding_mode=" + paddingMode);
    }
}
