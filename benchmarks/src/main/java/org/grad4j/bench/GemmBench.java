package org.grad4j.bench;

import java.util.concurrent.TimeUnit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.grad4j.DType;
import org.grad4j.Generator;
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
 * The wide layer's three products, plus a square 1024^3 product, through each kernel:
 * <ul>
 *   <li>{@code tensor}: {@link Tensor#matmul}, i.e. whatever the CPU backend's gemm picks (it
 *       allocates its output, as {@code torch.matmul} does);</li>
 *   <li>{@code ejml}: {@code CommonOps_DDRM/FDRM.mult*} directly, into a preallocated output;</li>
 *   <li>{@code ejml_mt}: {@code CommonOps_MT_DDRM/FDRM.mult*}, EJML's multi-threaded kernels.</li>
 * </ul>
 * Shapes, for x [256, 1024], weight w [1024, 1024] and output gradient g [256, 1024]:
 * {@code forward} = x @ w^T, {@code grad_input} = g @ w, {@code grad_weight} = g^T @ x (each 2*256*1024*1024 flops),
 * {@code square1024} = a @ b with a, b [1024, 1024] (2*1024^3 flops).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// the SIMD path by default; a -jvmArgsAppend on the command line replaces this (run.sh's plain-JVM column)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {
    @Param({"forward", "grad_input", "grad_weight", "square1024"})
    public String shape;

    @Param({"tensor", "ejml", "ejml_mt"})
    public String kernel;

    @Param({"float32", "float64"})
    public String dtype;

    private Tensor ta;
    private Tensor tb;
    private DMatrixRMaj da;
    private DMatrixRMaj db;
    private DMatrixRMaj dc;
    private FMatrixRMaj fa;
    private FMatrixRMaj fb;
    private FMatrixRMaj fc;

    @Setup
    public void setup() {
        Generator g = new Generator(0);
        DType dt = Workloads.dtype(dtype);
        // a and b as stored in memory (row-major); the op decides which one is read transposed
        int[] aShape = shape.equals("square1024") ? new int[] {1024, 1024} : new int[] {256, 1024};
        int[] bShape = shape.equals("grad_weight") ? new int[] {256, 1024} : new int[] {1024, 1024};
        ta = Workloads.randn(g, dt, aShape);
        tb = Workloads.randn(g, dt, bShape);
        int cRows = switch (shape) {
            case "grad_weight", "square1024" -> 1024;
            default -> 256;
        };
        if (dt == DType.FLOAT64) {
            da = DMatrixRMaj.wrap(aShape[0], aShape[1], ta.toDoubleArray());
            db = DMatrixRMaj.wrap(bShape[0], bShape[1], tb.toDoubleArray());
            dc = new DMatrixRMaj(cRows, 1024);
        } else {
            fa = FMatrixRMaj.wrap(aShape[0], aShape[1], ta.toFloatArray());
            fb = FMatrixRMaj.wrap(bShape[0], bShape[1], tb.toFloatArray());
            fc = new FMatrixRMaj(cRows, 1024);
        }
    }

    @Benchmark
    public Object gemm() {
        switch (kernel) {
            case "tensor":
                return switch (shape) {
                    case "forward" -> ta.matmul(tb.t());
                    case "grad_weight" -> ta.t().matmul(tb);
                    default -> ta.matmul(tb);
                };
            case "ejml":
                return da != null ? ejmlD(false) : ejmlF(false);
            case "ejml_mt":
                return da != null ? ejmlD(true) : ejmlF(true);
            default:
                throw new IllegalStateException(kernel);
        }
    }

    private Object ejmlD(boolean mt) {
        switch (shape) {
            case "forward" -> {
                if (mt) {
                    CommonOps_MT_DDRM.multTransB(da, db, dc);
                } else {
                    CommonOps_DDRM.multTransB(da, db, dc);
                }
            }
            case "grad_weight" -> {
                if (mt) {
                    CommonOps_MT_DDRM.multTransA(da, db, dc);
                } else {
                    CommonOps_DDRM.multTransA(da, db, dc);
                }
            }
            default -> {
                if (mt) {
                    CommonOps_MT_DDRM.mult(da, db, dc);
                } else {
                    CommonOps_DDRM.mult(da, db, dc);
                }
            }
        }
        return dc;
    }

    private Object ejmlF(boolean mt) {
        switch (shape) {
            case "forward" -> {
                if (mt) {
                    CommonOps_MT_FDRM.multTransB(fa, fb, fc);
                } else {
                    CommonOps_FDRM.multTransB(fa, fb, fc);
                }
            }
            case "grad_weight" -> {
                if (mt) {
                    CommonOps_MT_FDRM.multTransA(fa, fb, fc);
                } else {
                    CommonOps_FDRM.multTransA(fa, fb, fc);
                }
            }
            default -> {
                if (mt) {
                    CommonOps_MT_FDRM.mult(fa, fb, fc);
                } else {
                    CommonOps_FDRM.mult(fa, fb, fc);
                }
            }
        }
        return fc;
    }
}
