/**
 * The pure-Java CPU backend. Only {@link org.grad4j.cpu.CpuBackendProvider} is public.
 *
 * <ul>
 *   <li>Buffers are Java arrays. Closing a large one hands its array to {@code ArrayCache} for the
 *       next output of its length.</li>
 *   <li>Elementwise work and reductions run in plain loops ({@code Kernels}, {@code ReduceKernels}). Loops
 *       whose operands start at the same index are written so that the JIT vectorises them
 *       ({@code SameIndexLoops}). Large loops are split over {@code Workers}.</li>
 *   <li>Matrix products use the Vector API kernel ({@code VectorGemm}, {@code VectorReduce}) when the
 *       JVM has {@code jdk.incubator.vector}, and multi-threaded plain loops ({@code PlainGemm}) otherwise.</li>
 * </ul>
 *
 * <p>Results never depend on the number of threads.
 *
 * <h2>float32 code is generated from float64 code</h2>
 *
 * <p>Each kernel is written once, for float64, in a class whose name ends in {@code F64}
 * ({@code VectorGemmF64}, {@code VectorPackF64}, {@code VectorMicroF64}, {@code GemmEntryF64},
 * {@code VectorDotGemmF64}, {@code VectorRowsGemmF64}, {@code SmallGemmF64}, {@code PlainGemmF64}, {@code TorchSumF64}, {@code VectorReduceF64},
 * {@code SameIndexLoopsF64}, {@code ArgmaxF64}, {@code IndexRowsF64}). In {@code generate-sources},
 * backend-cpu's pom copies each to its
 * {@code F32} twin under {@code target/generated-sources/float32} through a chain of regular
 * expressions (as EJML generates its 32-bit code from its 64-bit code), and the compiler takes both
 * folders. Specialised code, not one generic class over an interface: C2 compiles each to the same
 * machine code as the former hand-written twins (the generated float32 sources equal them but
 * for calls between the split classes). The rules, applied per line in order:
 * {@code F64} to {@code F32} in names and {@code .f64.} to {@code .f32.} in setting names;
 * {@code double} to {@code float}, {@code Double...} to {@code Float...}, {@code float64} to
 * {@code float32}; the per-type constants {@code DS, DL, WD, D_*, *_D} to {@code FS, FL, WF, F_*,
 * *_F}; decimal literals get an {@code f}; and {@code token /* f32: other *}{@code /} becomes
 * {@code other}, for an intentional difference (a lane count). A float32-only step is a call to
 * an overloaded hook whose double overload does nothing ({@code Transpose16.fullSliver}). The
 * callers' names stay on the facades ({@code VectorGemmKernel}, {@code VectorGemm},
 * {@code VectorDotGemm}, {@code PlainGemm}, {@code TorchSum.Floats}/{@code Doubles},
 * {@code SameIndexLoops}). An IDE must add {@code target/generated-sources/float32} as a source
 * folder (a Maven build does it).
 *
 * <p>The loops that serve every array type, not only the floating ones ({@code ArgmaxF64}: argmax rows;
 * {@code IndexRowsF64}: gather, scatter and where rows), also get an int64 twin ({@code I64},
 * {@code long[]}) and, for {@code IndexRowsF64}, a bool one ({@code Bool}, {@code byte[]}), in the same
 * folder, by shorter rule chains: {@code F64} to the suffix, {@code double} to {@code long} or
 * {@code byte}, {@code Double} to {@code Long} or {@code Byte}. A step that differs by type is an
 * overloaded hook ({@code IndexKernels.accumulate}: a sum, OR for bool; {@code ReduceKernels.argmaxLanesMin}).
 * Each twin keeps its own row loop, so its JIT profile is not shared with the other types.
 */
package org.grad4j.cpu;
