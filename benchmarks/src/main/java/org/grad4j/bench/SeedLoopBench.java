package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed loop: one full training step of {@code Linear(1, 1)} on a [1, 1] float64 input with mean
 * MSE and SGD(lr=0.1). Run with {@code -prof gc} for bytes allocated per step
 * ({@code gc.alloc.rate.norm}); {@link AllocHarness} measures the same without JMH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// the SIMD path by default; a -jvmArgsAppend on the command line replaces this (run.sh's plain-JVM column)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SeedLoopBench {
    private Workloads.Step step;

    @Setup
    public void setup() {
        step = Workloads.Step.seed();
    }

    @Benchmark
    public Tensor step() {
        return step.run();
    }
}
