package org.grad4j.cuda;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;
import org.grad4j.spi.Gemm;

/**
 * Training steps on the GPU against the GEMM-only budget measured in the same run:
 * <ul>
 *   <li>the seed loop ({@code Linear(1, 1)}, MSE, SGD, float64): microseconds per full step;</li>
 *   <li>{@code Linear(4096, 4096)} on a batch of 1024, float32 and float64: the step time against the
 *       sum of its three products' cuBLAS times (target: the products take at least 70% of the step).</li>
 * </ul>
 * Every step runs in a {@link MemoryScope}; the host copies made during the timed steps are counted
 * (target: none). A main, not a test: {@code bash .gpu/run.sh main org.grad4j.cuda.CudaTrainingBench}.
 * Without a usable GPU it exits with status 2 and the reason.
 */
public final class CudaTrainingBench {
    private CudaTrainingBench() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) {
        CudaBackend be = CudaGemmBench.backendOrExit("CudaTrainingBench");
        Device gpu = be.device();
        seedLoop(be, gpu);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            wideLayer(be, gpu, t);
        }
    }

    /** A layer with its optimiser and loss, and one batch: what the GPU mains time. */
    record Workload(Linear model, SGD opt, MSELoss lossFn, Tensor x, Tensor y) {
        /** The seed thread's Linear(1, 1) in float64 on one sample. */
        static Workload seed(Device gpu) {
            Linear model = new Linear(1, 1, true, new Generator(0), DType.FLOAT64, gpu);
            return new Workload(model, new SGD(model.parameters(), 1e-3), new MSELoss(),
                    Tensor.of(new double[] {0.5}, DType.FLOAT64, gpu, 1, 1),
                    Tensor.of(new double[] {2.0}, DType.FLOAT64, gpu, 1, 1));
        }

        /** Linear(width, width) on a standard normal batch, with a standard normal target. */
        static Workload wide(Device gpu, DType t, int batch, int width) {
            Generator g = new Generator(1);
            Linear model = new Linear(width, width, true, g, t, gpu);
            double[] v = new double[batch * width];
            g.normal(v, 0, 1);
            Tensor x = Tensor.of(v, t, gpu, batch, width);
            g.normal(v, 0, 1);
            Tensor y = Tensor.of(v, t, gpu, batch, width);
            return new Workload(model, new SGD(model.parameters(), 1e-4), new MSELoss(), x, y);
        }

        /** One training step in a MemoryScope. */
        void step() {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor loss = lossFn.forward(model.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
    }

    private static void seedLoop(CudaBackend be, Device gpu) {
        Workload w = Workload.seed(gpu);
        for (int i = 0; i < 20_000; i++) {
            w.step();
        }
        CudaGemmBench.sync(be);
        int steps = 50_000;
        long copies = be.hostCopies();
        long calls = be.deviceCalls();
        long mallocs = be.allocator().mallocCount();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            w.step();
        }
        CudaGemmBench.sync(be);
        double us = (System.nanoTime() - t0) / 1e3 / steps;
        System.out.printf("seed loop float64: %.2f us/step, %.1f device calls/step, host copies/step %.3f, "
                        + "cudaMalloc calls %d%n", us, (double) (be.deviceCalls() - calls) / steps,
                (double) (be.hostCopies() - copies) / steps, be.allocator().mallocCount() - mallocs);
    }

    private static void wideLayer(CudaBackend be, Device gpu, DType t) {
        int batch = 1024;
        int width = 4096;
        Workload work = Workload.wide(gpu, t, batch, width);
        for (int i = 0; i < 3; i++) {
            work.step();
        }
        CudaGemmBench.sync(be);
        int reps = 15;
        double[] ms = new double[reps];
        long copies = be.hostCopies();
        long calls = be.deviceCalls();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.step();
            CudaGemmBench.sync(be);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        long stepCopies = be.hostCopies() - copies;
        long stepCalls = (be.deviceCalls() - calls) / reps;
        Arrays.sort(ms);
        double stepMs = ms[reps / 2];
        double forward;
        double gradInput;
        double gradWeight;
        try (var xs = be.allocate(t, batch * width); var w = be.allocate(t, width * width);
             var ys = be.allocate(t, batch * width); var dw = be.allocate(t, width * width)) {
            forward = CudaGemmBench.row(be, t, "forward X W^T",
                    new Gemm(false, true, batch, width, width, 1, 1, xs, 0, width, 0, w, 0, width, 0, 0, ys, 0, width, 0), 3, reps);
            gradInput = CudaGemmBench.row(be, t, "grad input dY W",
                    new Gemm(false, false, batch, width, width, 1, 1, ys, 0, width, 0, w, 0, width, 0, 0, xs, 0, width, 0), 3, reps);
            gradWeight = CudaGemmBench.row(be, t, "grad weight dY^T X",
                    new Gemm(true, false, width, width, batch, 1, 1, ys, 0, width, 0, xs, 0, width, 0, 0, dw, 0, width, 0), 3, reps);
        }
        double budget = forward + gradInput + gradWeight;
        double ran = forward + gradWeight;
        System.out.printf("Linear(%d, %d) batch %d %s: step %.3f ms (median of %d), %d device calls/step; "
                        + "GEMM budget (forward + two backward products) %.3f ms = %.0f%% of the step (target >= 70%%); "
                        + "the two products this step runs (x needs no gradient) %.3f ms = %.0f%%; host copies in %d steps: %d%n",
                width, width, batch, t.torchName(), stepMs, reps, stepCalls, budget, 100 * budget / stepMs,
                ran, 100 * ran / stepMs, reps, stepCopies);
    }
}
