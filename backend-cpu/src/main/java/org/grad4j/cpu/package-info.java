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
 */
package org.grad4j.cpu;
