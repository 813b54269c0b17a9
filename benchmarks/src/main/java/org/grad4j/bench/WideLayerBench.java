package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A wide layer: {@code Linear(1024, 1024)}, batch 256, mean MSE, SGD(lr=0.1): steps per second. The
 * input does not require grad, so a step runs two GEMMs (forward, weight gradient), as in PyTorch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// the SIMD path by default; a -jvmArgsAppend on the command line replaces this (run.sh's plain-JVM column)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WideLayerBench {
    @Param({"float32", "float64"})
    public String dtype;

    private Workloads.Step step;

    @Setup
    public void setup() {
        step = new Workloads.Step(1024, 1024, 256, Workloads.dtype(dtype), 0.1);
    }

    @Benchmark
    public Tensor step() {
        return step.run();
    }
}
