package org.grad4j.cuda;

import jcuda.Pointer;

/**
 * The single argument of a kernel of {@code grad4j_kernels.cu}: struct {@code ElemArgs} or
 * {@code RedArgs}, 192 bytes, packed into 24 little-endian words. JCuda's cost per launch grows
 * with the number of arguments, so every kernel takes one. Each thread reuses its own words and
 * {@link #params}: the driver copies the struct when the launch is queued.
 */
final class KernelArgs {
    static final int BYTES = 192;
    private static final ThreadLocal<KernelArgs> LOCAL = ThreadLocal.withInitial(KernelArgs::new);

    private final long[] words = new long[BYTES / Long.BYTES];
    /** {@code cuLaunchKernel}'s {@code kernelParams}: one pointer, to the struct. */
    final Pointer params = Pointer.to(Pointer.to(words));

    private KernelArgs() {
    }

    /**
     * {@code ElemArgs}: operands {@code a}, {@code b} and {@code out} (device addresses, 0 when
     * unused), {@code n} elements, the scalar {@code s}, the operation code, the flag and {@code Geo}.
     */
    static KernelArgs elementwise(long a, long b, long out, long n, double s, int op, int flag, int[] geo) {
        KernelArgs k = LOCAL.get();
        long[] w = k.words;
        w[0] = a;
        w[1] = b;
        w[2] = out;
        w[3] = n;
        w[4] = Double.doubleToRawLongBits(s);
        k.putInts(10, op, flag);
        k.putInts(12, geo);
        return k;
    }

    /**
     * {@code RedArgs}: input and output addresses, outputs, reduced elements per output, parts and
     * elements per part, the operation code and {@code RGeo}.
     */
    static KernelArgs reduction(long in, long out, long nOut, long nRed, long parts, long chunk, int op, int[] rgeo) {
        KernelArgs k = LOCAL.get();
        long[] w = k.words;
        w[0] = in;
        w[1] = out;
        w[2] = nOut;
        w[3] = nRed;
        w[4] = parts;
        w[5] = chunk;
        k.putInts(12, op);
        k.putInts(13, rgeo);
        return k;
    }

    /** Writes {@code values} as consecutive 32-bit ints from int position {@code first} on. */
    private void putInts(int first, int... values) {
        if (first + values.length > BYTES / Integer.BYTES) {
            throw new IllegalStateException("kernel arguments overflow the " + BYTES + "-byte struct");
        }
        for (int i = 0; i < values.length; i++) {
            int at = first + i;
            long v = values[i] & 0xffff_ffffL;
            int word = at >>> 1;
            words[word] = (at & 1) == 0 ? (words[word] & 0xffff_ffff_0000_0000L) | v
                    : (words[word] & 0xffff_ffffL) | (v << 32);
        }
    }

    /** The struct as ints, for tests of the layout. */
    int[] ints() {
        int[] out = new int[BYTES / Integer.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) (words[i >>> 1] >>> ((i & 1) * 32));
        }
        return out;
    }

    /** The struct's word {@code i}, for tests of the layout. */
    long word(int i) {
        return words[i];
    }
}
