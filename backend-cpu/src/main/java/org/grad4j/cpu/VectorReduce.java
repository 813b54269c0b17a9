package org.grad4j.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link TorchSum}'s wide cascade (PyTorch's {@code multi_row_sum} over four
 * 256-bit vectors), lane for lane the same arithmetic, so the same bits as the scalar loop. Loaded
 * only when {@link #usable()} says so (the module is in the boot layer and the CPU's preferred
 * vectors are 512 bits); names incubator types, so nothing else in the backend refers to it directly.
 *
 * <p>PyTorch's four 256-bit accumulators are held as two 512-bit vectors, the GEMM's shapes. A
 * 256-bit float shape here cost the GEMM up to 20%: C2 profiles the Vector API's shared methods
 * across shapes, and with two float shapes in one JVM it intermittently compiled the GEMM's loads
 * and stores without their intrinsics, boxing every vector (seen as 3 MiB of garbage per training
 * step, in some JVM runs and not others).
 *
 * <p>The loops are in {@code VectorReduceF64} and its generated float32 twin (see package-info).
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
}
