package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API forms of two of {@link Reduce}'s loops, lane for lane the same arithmetic, so the
 * same bits: eight double lanes are {@link Reduce#sumContiguous}'s eight chains, and a lane per
 * column is the column sum's per-column chain. Loaded only when {@link #usable()} says so (the
 * module is in the boot layer and the CPU has 8 double lanes natively); names incubator types, so
 * nothing else in the backend refers to it directly.
 */
final class VectorReduce {
    private static final VectorSpecies<Double> D8 = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    private VectorReduce() {
    }

    /** Whether the preferred double species has at least eight lanes (512-bit registers). */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.length() >= 8;
    }

    /**
     * The eight chains of {@code n - n % 8} elements from {@code offset} (or their squares, each
     * rounded to the dtype), lane i holding the elements whose index is i modulo 8.
     */
    static double[] chains(CpuBuffer in, int offset, int n, boolean squares) {
        DoubleVector acc = DoubleVector.zero(D8);
        int end = n - n % 8;
        if (in.d != null) {
            for (int i = 0; i < end; i += 8) {
                DoubleVector v = DoubleVector.fromArray(D8, in.d, offset + i);
                acc = acc.add(squares ? v.mul(v) : v);
            }
        } else {
            for (int i = 0; i < end; i += 8) {
                FloatVector f = FloatVector.fromArray(F8, in.f, offset + i);
                if (squares) {
                    f = f.mul(f);
                }
                acc = acc.add(f.convertShape(VectorOperators.F2D, D8, 0));
            }
        }
        return acc.toArray();
    }

    /**
     * Adds rows {@code [0, rows)} of columns {@code [from, to)} of a contiguous [rows, cols] operand
     * into {@code acc} (indexed from {@code from}), each column in increasing row order; returns the
     * first column it did not cover (the caller finishes the rest).
     */
    static int columnSums(CpuBuffer in, int offset, int rows, int cols, int from, int to, double[] acc) {
        int end = from + (to - from) / 8 * 8;
        // row by row (the operand streams in order), the running sums staying in acc (in L1)
        for (int r = 0; r < rows; r++) {
            int base = offset + r * cols;
            for (int c = from; c < end; c += 8) {
                DoubleVector row = in.d != null ? DoubleVector.fromArray(D8, in.d, base + c)
                        : (DoubleVector) FloatVector.fromArray(F8, in.f, base + c).convertShape(VectorOperators.F2D, D8, 0);
                DoubleVector.fromArray(D8, acc, c - from).add(row).intoArray(acc, c - from);
            }
        }
        return end;
    }
}
