package org.grad4j.cuda;

import java.util.Arrays;

import jcuda.driver.JCudaDriver;
import org.grad4j.DType;
import org.grad4j.spi.Availability;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Gemm;

/**
 * Raw cuBLAS GEMM throughput through {@link CudaBackend#gemm} for the three products of
 * {@code Linear(4096, 4096)} on a batch of 1024 (row-major, as core issues them):
 * <ul>
 *   <li>forward {@code Y = X W^T}: m=1024, n=4096, k=4096, B transposed</li>
 *   <li>input gradient {@code dX = dY W}: m=1024, n=4096, k=4096</li>
 *   <li>weight gradient {@code dW = dY^T X}: m=4096, n=4096, k=1024, A transposed</li>
 * </ul>
 * float32 and float64; warm-up, then the median of timed repetitions (each synchronised). A main,
 * not a test: {@code bash .gpu/run.sh main org.grad4j.cuda.CudaGemmBench} on a GPU machine
 * (see shared/gpu/README.md). Without a usable GPU it exits with status 2 and the reason.
 */
public final class CudaGemmBench {
    private CudaGemmBench() {
    }

    /** Runs the benchmark; {@code args[0]} optionally sets the timed repetitions (default 20). */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = 5;
        CudaBackend be = CudaGemmBench.backendOrExit("CudaGemmBench");
        System.out.printf("%-8s %-22s %5s %5s %5s %10s %10s%n", "dtype", "product", "m", "n", "k", "median ms", "TFLOP/s");
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            try (Buffer x = be.allocate(t, 1024 * 4096); Buffer w = be.allocate(t, 4096 * 4096);
                 Buffer y = be.allocate(t, 1024 * 4096); Buffer dw = be.allocate(t, 4096 * 4096)) {
                be.fill(new int[] {1024 * 4096}, new org.grad4j.spi.Strided(x, 0, new int[] {1}), 0.01);
                be.fill(new int[] {4096 * 4096}, new org.grad4j.spi.Strided(w, 0, new int[] {1}), 0.02);
                Gemm fwd = new Gemm(false, true, 1024, 4096, 4096, 1, 1, x, 0, 4096, 0, w, 0, 4096, 0, 0, y, 0, 4096, 0);
                Gemm dx = new Gemm(false, false, 1024, 4096, 4096, 1, 1, y, 0, 4096, 0, w, 0, 4096, 0, 0, x, 0, 4096, 0);
                Gemm dW = new Gemm(true, false, 4096, 4096, 1024, 1, 1, y, 0, 4096, 0, x, 0, 4096, 0, 0, dw, 0, 4096, 0);
                row(be, t, "forward X W^T", fwd, warmup, reps);
                row(be, t, "grad input dY W", dx, warmup, reps);
                row(be, t, "grad weight dY^T X", dW, warmup, reps);
            }
        }
    }

    static double row(CudaBackend be, DType t, String name, Gemm g, int warmup, int reps) {
        for (int i = 0; i < warmup; i++) {
            be.gemm(g);
        }
        sync(be);
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            be.gemm(g);
            sync(be);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double med = reps % 2 == 1 ? ms[reps / 2] : (ms[reps / 2 - 1] + ms[reps / 2]) / 2;
        double tflops = 2.0 * g.m() * g.n() * g.k() / (med / 1e3) / 1e12;
        System.out.printf("%-8s %-22s %5d %5d %5d %10.3f %10.2f%n", t == DType.FLOAT32 ? "float32" : "float64",
                name, g.m(), g.n(), g.k(), med, tflops);
        return med;
    }

    /**
     * The backend of cuda:0, after printing the device; without a usable GPU, prints why and
     * exits with status 2 ({@code who} names the main in that message).
     */
    static CudaBackend backendOrExit(String who) {
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability a = provider.availability();
        if (!a.available()) {
            System.err.println(who + ": no usable CUDA GPU, nothing measured: " + a.detail());
            System.exit(2);
            throw new IllegalStateException("unreachable");
        }
        System.out.println("device: " + a.detail());
        return (CudaBackend) provider.backend(0);
    }

    static void sync(CudaBackend be) {
        be.bind();
        CudaErrors.checkDriver(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }
}
