package org.grad4j.cuda;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Gemm;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.Strided;

/**
 * Where the time of a training step goes on the GPU: the host cost of one device call of each
 * kind, the device calls and host time per phase of the seed step, and the device time per phase
 * of the wide step (synchronised after each phase). A main, not a test:
 * {@code bash .gpu/run.sh main org.grad4j.cuda.CudaProfile}.
 */
public final class CudaProfile {
    private CudaProfile() {
    }

    /** Runs the profile. */
    public static void main(String[] args) {
        CudaBackend be = CudaGemmBench.backendOrExit("CudaProfile");
        callCosts(be);
        seedPhases(be, be.device());
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            widePhases(be, be.device(), t);
        }
    }

    private interface Call {
        void run();
    }

    /** Host microseconds per call, issued back to back, then the whole queue drained. */
    private static void time(CudaBackend be, String name, Call call) {
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            call.run();
        }
        CudaGemmBench.sync(be);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            call.run();
        }
        long issued = System.nanoTime();
        CudaGemmBench.sync(be);
        long done = System.nanoTime();
        System.out.printf("  %-34s host %6.2f us/call, drained %6.2f us/call%n", name, (issued - t0) / 1e3 / n,
                (done - t0) / 1e3 / n);
    }

    private static void callCosts(CudaBackend be) {
        System.out.println("device calls on one element, float64:");
        int[] one = {1};
        Buffer x = be.upload(new double[] {1.5}, DType.FLOAT64);
        Buffer y = be.upload(new double[] {2.5}, DType.FLOAT64);
        Buffer z = be.allocate(DType.FLOAT64, 1);
        Strided sx = new Strided(x, 0, new int[] {1});
        Strided sy = new Strided(y, 0, new int[] {1});
        Strided sz = new Strided(z, 0, new int[] {1});
        time(be, "fill", () -> be.fill(one, sz, 1.0));
        time(be, "binary add", () -> be.binary(BinaryOp.ADD, one, sx, sy, sz));
        time(be, "binaryScalar mul", () -> be.binaryScalar(BinaryOp.MUL, one, sx, 2.0, false, sz));
        time(be, "axpy", () -> be.axpy(one, 0.5, sx, sz));
        time(be, "reduce sum", () -> be.reduce(ReduceOp.SUM, one, sx, new boolean[] {true}, z));
        time(be, "gemm 1x1x1", () -> be.gemm(new Gemm(false, true, 1, 1, 1, 1, 1.0, x, 0, 1, 0, y, 0, 1, 0, 0.0, z, 0, 1, 0)));
        time(be, "allocate (memset) + close", () -> be.allocate(DType.FLOAT64, 1).close());
        time(be, "allocateUninitialized + close", () -> be.allocateUninitialized(DType.FLOAT64, 1).close());
        double[] host = new double[1];
        time(be, "download 1 element (synchronous)", () -> be.download(z, 0, host));
    }

    private static void seedPhases(CudaBackend be, Device gpu) {
        CudaTrainingBench.Workload w = CudaTrainingBench.Workload.seed(gpu);
        long[] ns = new long[5];
        String[] names = {"forward", "loss", "zeroGrad", "backward", "step"};
        for (int round = 0; round < 2; round++) {
            Arrays.fill(ns, 0);
            int steps = 30_000;
            long calls = be.deviceCalls();
            CudaGemmBench.sync(be);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    long a = System.nanoTime();
                    Tensor pred = w.model().forward(w.x());
                    long b = System.nanoTime();
                    Tensor loss = w.lossFn().forward(pred, w.y());
                    long c = System.nanoTime();
                    w.opt().zeroGrad();
                    long d = System.nanoTime();
                    loss.backward();
                    long e = System.nanoTime();
                    w.opt().step();
                    long f = System.nanoTime();
                    ns[0] += b - a;
                    ns[1] += c - b;
                    ns[2] += d - c;
                    ns[3] += e - d;
                    ns[4] += f - e;
                }
            }
            CudaGemmBench.sync(be);
            double us = (System.nanoTime() - t0) / 1e3 / steps;
            if (round == 1) {
                System.out.printf("seed step float64: %.2f us/step, %.1f device calls/step; host us per phase:",
                        us, (double) (be.deviceCalls() - calls) / steps);
                for (int p = 0; p < ns.length; p++) {
                    System.out.printf(" %s %.2f", names[p], ns[p] / 1e3 / steps);
                }
                System.out.println();
            }
        }
    }

    private static void widePhases(CudaBackend be, Device gpu, DType t) {
        int batch = 1024;
        int width = 4096;
        CudaTrainingBench.Workload w = CudaTrainingBench.Workload.wide(gpu, t, batch, width);
        int reps = 10;
        double[][] ms = new double[5][reps];
        long calls = 0;
        for (int i = -3; i < reps; i++) {
            long c0 = be.deviceCalls();
            try (MemoryScope scope = MemoryScope.open()) {
                long a = synced(be);
                Tensor pred = w.model().forward(w.x());
                long b = synced(be);
                Tensor loss = w.lossFn().forward(pred, w.y());
                long c = synced(be);
                w.opt().zeroGrad();
                long d = synced(be);
                loss.backward();
                long e = synced(be);
                w.opt().step();
                long f = synced(be);
                if (i >= 0) {
                    ms[0][i] = (b - a) / 1e6;
                    ms[1][i] = (c - b) / 1e6;
                    ms[2][i] = (d - c) / 1e6;
                    ms[3][i] = (e - d) / 1e6;
                    ms[4][i] = (f - e) / 1e6;
                }
            }
            calls = be.deviceCalls() - c0;
        }
        System.out.printf("Linear(%d, %d) batch %d %s, ms per phase (synchronised, median of %d), %d device calls/step:",
                width, width, batch, t.torchName(), reps, calls);
        String[] names = {"forward", "loss", "zeroGrad", "backward", "step"};
        double total = 0;
        for (int p = 0; p < 5; p++) {
            Arrays.sort(ms[p]);
            total += ms[p][reps / 2];
            System.out.printf(" %s %.3f", names[p], ms[p][reps / 2]);
        }
        System.out.printf(" (sum %.3f)%n", total);
    }

    private static long synced(CudaBackend be) {
        CudaGemmBench.sync(be);
        return System.nanoTime();
    }
}
