package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.grad4j.DType;
import org.grad4j.Generator;
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
 * Single ops at sizes where the arithmetic is negligible, so the time is the framework's dispatch:
 * shape checks, output allocation, backend call. float32 (PyTorch's default dtype), no grad.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// the SIMD path by default; a -jvmArgsAppend on the command line replaces this (run.sh's plain-JVM column)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SmallOpsBench {
    private Tensor a1;
    private Tensor b1;
    private Tensor a16;
    private Tensor b16;
    private Tensor m4a;
    private Tensor m4b;

    @Setup
    public void setup() {
        Generator g = new Generator(0);
        a1 = Workloads.randn(g, DType.FLOAT32, 1);
        b1 = Workloads.randn(g, DType.FLOAT32, 1);
        a16 = Workloads.randn(g, DType.FLOAT32, 16);
        b16 = Workloads.randn(g, DType.FLOAT32, 16);
        m4a = Workloads.randn(g, DType.FLOAT32, 4, 4);
        m4b = Workloads.randn(g, DType.FLOAT32, 4, 4);
    }

    @Benchmark
    public Tensor add1() {
        return a1.add(b1);
    }

    @Benchmark
    public Tensor mul1() {
        return a1.mul(b1);
    }

    @Benchmark
    public Tensor add16() {
        return a16.add(b16);
    }

    @Benchmark
    public Tensor mul16() {
        return a16.mul(b16);
    }

    @Benchmark
    public Tensor matmul4x4() {
        return m4a.matmul(m4b);
    }

    @Benchmark
    public Tensor sum16() {
        return a16.sum();
    }
}
