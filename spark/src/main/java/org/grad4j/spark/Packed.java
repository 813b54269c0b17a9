package org.grad4j.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * Parameters or gradients as one little-endian byte array, each tensor in its own dtype: float32 as 4 bytes, every
 * other (floating) dtype as an 8-byte double. Both are exact, so what arrives equals what was sent bit for bit;
 * float32 models move half the bytes of {@code double[]}, and one primitive array serializes as a plain copy.
 */
final class Packed {
    private Packed() {
    }

    private static boolean single(Tensor p) {
        return p.dtype() == DType.FLOAT32;
    }

    /** Bytes for {@code ps}' values. */
    static int size(List<Tensor> ps) {
        long n = 0;
        for (Tensor p : ps) {
            n += (long) p.numel() * (single(p) ? 4 : 8);
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("DataParallel: the parameters take " + n + " bytes; at most "
                    + (Integer.MAX_VALUE - 16) + " can be sent per step");
        }
        return (int) n;
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The values of {@code ps} ({@code grads} false) or of their gradients (a missing gradient as zeros). */
    static byte[] pack(List<Tensor> ps, boolean grads) {
        byte[] out = new byte[size(ps)];
        ByteBuffer buf = wrap(out);
        for (Tensor p : ps) {
            Tensor t = grads ? p.grad() : p;
            int n = p.numel();
            if (single(p)) {
                if (t != null) {
                    buf.asFloatBuffer().put(t.toFloatArray());
                }
                buf.position(buf.position() + 4 * n);
            } else {
                if (t != null) {
                    buf.asDoubleBuffer().put(t.toDoubleArray());
                }
                buf.position(buf.position() + 8 * n);
            }
        }
        return out;
    }

    /** Copies packed values into {@code ps} (without recording gradients). */
    static void unpackInto(byte[] bytes, List<Tensor> ps) {
        check(bytes, ps);
        ByteBuffer buf = wrap(bytes);
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (Tensor p : ps) {
                int n = p.numel();
                Tensor v;
                if (single(p)) {
                    float[] f = new float[n];
                    buf.asFloatBuffer().get(f);
                    buf.position(buf.position() + 4 * n);
                    v = Tensor.of(f, p.dtype(), p.device(), p.shape());
                } else {
                    double[] d = new double[n];
                    buf.asDoubleBuffer().get(d);
                    buf.position(buf.position() + 8 * n);
                    v = Tensor.of(d, p.dtype(), p.device(), p.shape());
                }
                p.copy_(v);
            }
        }
    }

    /**
     * Adds packed gradients to {@code sum} (one {@code double[]} per parameter, widened exactly); with
     * {@code first}, assigns instead (so a lone partition's gradient keeps the sign of its zeros).
     */
    static void addTo(byte[] bytes, List<Tensor> ps, double[][] sum, boolean first) {
        check(bytes, ps);
        ByteBuffer buf = wrap(bytes);
        for (int k = 0; k < ps.size(); k++) {
            Tensor p = ps.get(k);
            double[] s = sum[k];
            int n = p.numel();
            if (single(p)) {
                java.nio.FloatBuffer f = buf.asFloatBuffer();
                if (first) {
                    for (int e = 0; e < n; e++) {
                        s[e] = f.get(e);
                    }
                } else {
                    for (int e = 0; e < n; e++) {
                        s[e] += f.get(e);
                    }
                }
                buf.position(buf.position() + 4 * n);
            } else {
                java.nio.DoubleBuffer d = buf.asDoubleBuffer();
                if (first) {
                    d.get(s, 0, n);
                } else {
                    for (int e = 0; e < n; e++) {
                        s[e] += d.get(e);
                    }
                }
                buf.position(buf.position() + 8 * n);
            }
        }
    }

    private static void check(byte[] bytes, List<Tensor> ps) {
        if (bytes.length != size(ps)) {
            throw new IllegalStateException("DataParallel: received " + bytes.length + " bytes for parameters that "
                    + "take " + size(ps) + "; the model factory must build the same architecture everywhere");
        }
    }
}
