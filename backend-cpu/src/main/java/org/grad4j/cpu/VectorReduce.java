package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API forms of two of {@link Reduce}'s loops, lane for lane the same arithmetic, so the
 * same bits: eight double lanes are {@link Reduce#sumContiguous}'s eight chains, and a lane per
 * column is the column sum's per-column chain. Loaded only when {@link #usable()} says so (the
 * module is in the boot layer and the CPU's preferred vectors are 512 bits); names incubator types,
 * so nothing else in the backend refers to it directly.
 *
 * <p>Float32 data is loaded sixteen at a time, as the GEMM loads it, and widened in two halves. A
 * 256-bit float shape here cost the GEMM up to 20%: C2 profiles the Vector API's shared methods
 * across shapes, and with two float shapes in one JVM it intermittently compiled the GEMM's loads
 * and stores without their intrinsics, boxing every vector (seen as 3 MiB of garbage per training
 * step, in some JVM runs and not others).
 */
final class VectorReduce {
    static final VectorSpecies<Double> D8 = DoubleVector.SPECIES_512;
    static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;

    private VectorReduce() {
    }

    /** Whether the preferred species are the 512-bit ones used here, so the JVM sees a single shape. */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED == D8 && FloatVector.SPECIES_PREFERRED == F16;
    }

    /**
     * Fills {@code lanes} with the eight chains of the first elements from {@code offset} (or of
     * their squares, each rounded to the dtype), lane i holding the elements whose index is i
     * modulo 8; returns how many elements it took, a multiple of 8 that the caller continues from.
     */
    static int chains(CpuBuffer in, int offset, int n, boolean squares, double[] lanes) {
        DoubleVector acc = DoubleVector.zero(D8);
        int end;
        if (in.d != null) {
            end = n - n % 8;
            for (int i = 0; i < end; i += 8) {
                DoubleVector v = DoubleVector.fromArray(D8, in.d, offset + i);
                acc = acc.add(squares ? v.mul(v) : v);
            }
        } else {
            end = n - n % 16;
            for (int i = 0; i < end; i += 16) {
                FloatVector f = FloatVector.fromArray(F16, in.f, offset + i);
                if (squares) {
                    f = f.mul(f);
                }
                // elements i..i+7, then i+8..i+15: the order of two eight-element steps
                acc = acc.add(f.convertShape(VectorOperators.F2D, D8, 0))
                        .add(f.convertShape(VectorOperators.F2D, D8, 1));
            }
        }
        acc.intoArray(lanes, 0);
        return end;
    }

    /**
     * Adds rows {@code [0, rows)} of columns {@code [from, to)} of a contiguous [rows, cols] operand
     * into {@code acc} (indexed from {@code from}), each column in increasing row order; returns the
     * first column it did not cover (the caller finishes the rest).
     */
    static int columnSums(CpuBuffer in, int offset, int rows, int cols, int from, int to, double[] acc) {
        // row by row (the operand streams in order), the running sums staying in acc (in L1)
        if (in.d != null) {
            int end = from + (to - from) / 8 * 8;
            for (int r = 0; r < rows; r++) {
                int base = offset + r * cols;
                for (int c = from; c < end; c += 8) {
                    DoubleVector row = DoubleVector.fromArray(D8, in.d, base + c);
                    DoubleVector.fromArray(D8, acc, c - from).add(row).intoArray(acc, c - from);
                }
            }
            return end;
        }
        int end = from + (to - from) / 16 * 16;
        for (int r = 0; r < rows; r++) {
            int base = offset + r * cols;
            for (int c = from; c < end; c += 16) {
                FloatVector row = FloatVector.fromArray(F16, in.f, base + c);
                int a = c - from;
                DoubleVector.fromArray(D8, acc, a).add(row.convertShape(VectorOperators.F2D, D8, 0)).intoArray(acc, a);
                DoubleVector.fromArray(D8, acc, a + 8).add(row.convertShape(VectorOperators.F2D, D8, 1))
                        .intoArray(acc, a + 8);
            }
        }
        return end;
    }
}
