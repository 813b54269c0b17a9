/**
 * The pure-Java CPU backend: Java arrays as buffers, plain loops for elementwise work and
 * reductions, EJML (or the Vector API kernel, when the JVM has {@code jdk.incubator.vector}) for
 * matrix products. Only {@link org.grad4j.cpu.CpuBackendProvider} is public.
 */
package org.grad4j.cpu;
