package org.grad4j.distributions;

import java.util.StringJoiner;

/** Shape arithmetic and PyTorch's printing of shapes. */
final class Shape {
    private Shape() {
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static int[] concat(int[] a, int[] b, int[] c) {
        int[] out = new int[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    /** torch.Size([2, 3]). */
    static String torchSize(int[] shape) {
        StringJoiner j = new StringJoiner(", ", "torch.Size([", "])");
        for (int s : shape) {
            j.add(Integer.toString(s));
        }
        return j.toString();
    }

    /** Python's tuple(shape): (), (2,), (2, 3). */
    static String tuple(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int s : shape) {
            j.add(Integer.toString(s));
        }
        return j.toString();
    }

    /** Checks a batch shape given to expand: non-negative sizes, the current one broadcasting to it. */
    static int[] checkExpand(String owner, int[] current, int[] target) {
        Distribution.nonNull(target, owner + ".expand: batchShape is null");
        boolean ok = target.length >= current.length;
        for (int i = 0; ok && i < current.length; i++) {
            int t = target[target.length - current.length + i];
            ok = current[i] == t || current[i] == 1;
        }
        long n = 1;
        for (int s : target) {
            ok &= s >= 0;
            n *= Math.max(s, 0);
            ok &= n <= Integer.MAX_VALUE;
        }
        if (!ok) {
            throw new IllegalArgumentException(owner + ".expand: batch shape " + torchSize(current)
                    + " cannot be expanded to " + java.util.Arrays.toString(target));
        }
        return target.clone();
    }
}
