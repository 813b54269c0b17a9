package org.grad4j.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.grad4j.Config;

/**
 * Whether the Vector API kernels can run, decided once per JVM. The check (the GEMM kernel's self-test and
 * the reduce kernels' species) costs 50-80 ms of JIT-cold Vector API code, so {@link #start()}, called when
 * the backend opens ({@code CpuBackendProvider.availabilityNow}), runs it on a daemon thread; the first
 * caller that needs the answer waits for it (or runs it itself when nothing started it), later ones read
 * {@link VectorGemm}'s constants. The answer never depends on timing: every caller gets the one result.
 * Names no incubator type. The check touches only classes whose initialisers never ask for the answer
 * (Config, Workers, the kernel classes).
 *
 * <p>The elementwise, softmax and sum kernels never wait for it: their switches ({@code Kernels.vector},
 * {@code SoftmaxKernels.vector}, {@code TorchSum.vector}) start as false, the plain loops, which give the same
 * bits, and the probe sets them when it has answered ({@link #lanesNow()}, {@link #publish}). A program that
 * starts with elementwise work thus never waits on the self-test (it used to, in {@code Kernels}' initialiser).
 */
final class VectorProbe {
    /** The answer: the GEMM kernel is usable; so are the 512-bit lanes too; why, in words; the module is missing. */
    record Result(boolean available, boolean lanes, String why, boolean moduleMissing) {
    }

    /** The JVM's probe; its answer also sets the lane switches of the kernels that never wait for it. */
    static final VectorProbe SHARED = new VectorProbe(() -> publish(check()));

    private final FutureTask<Result> task;
    private final AtomicBoolean started = new AtomicBoolean();

    VectorProbe(Supplier<Result> check) {
        this.task = new FutureTask<>(check::get);
    }

    /** Starts the check on a daemon thread unless it has started; returns at once. */
    void start() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(task, "grad4j-vector-probe");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The answer if it is known, else null; never waits. */
    Result now() {
        return task.isDone() ? result() : null;
    }

    /**
     * Whether the 512-bit-lane kernels may run, if the answer is known, else false; starts the check if nothing
     * has. Never waits: for the initialisers of the lane switches, which {@link #publish} sets later.
     */
    boolean lanesNow() {
        start();
        Result r = now();
        return r != null && r.available() && r.lanes();
    }

    /**
     * Sets the lane switches of the kernels that never wait for the answer, before the answer is marked known
     * (a switch's initialiser that runs later reads {@link #lanesNow()}; one that ran earlier read false, and
     * this write comes after it: the JVM finishes a class's initialisation before a write to its field).
     */
    private static Result publish(Result r) {
        boolean lanes = r.available() && r.lanes();
        Kernels.vector = lanes;
        SoftmaxKernels.vector = lanes;
        TorchSum.vector = lanes;
        return r;
    }

    /** The answer, waiting for the check (running it on this thread if it has not started); never throws. */
    Result result() {
        if (started.compareAndSet(false, true)) {
            task.run();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the answer is needed: wait on, and keep the caller's interrupt
                } catch (ExecutionException e) {
                    return new Result(false, false, "the Vector API check failed: " + e.getCause(), false);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The check itself: the setting, the module, the GEMM kernel's self-test, then the reduce kernels' species. */
    static Result check() {
        try {
            if (!Config.getBoolean("grad4j.cpu.vectorApi", true)) {
                return new Result(false, false, "switched off by -Dgrad4j.cpu.vectorApi=false", false);
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return new Result(false, false, "the JVM was started without jdk.incubator.vector (start it with "
                        + VectorGemm.FLAG + ")", true);
            }
            if (!VectorGemmKernel.selfTest()) {
                // the line logged when the backend opened may have said "if its self-test passes": say that it did not
                String why = "the Vector API kernel failed its self-test on this CPU";
                System.getLogger("org.grad4j").log(System.Logger.Level.WARNING, "grad4j: " + why
                        + "; the CPU backend uses plain-Java loops (the slow path)");
                return new Result(false, false, why, false);
            }
            String why = "jdk.incubator.vector, " + VectorGemmKernel.FS.vectorBitSize() + "-bit vectors";
            boolean lanes;
            try {
                lanes = VectorReduce.usable();
            } catch (LinkageError | RuntimeException e) {
                lanes = false;
            }
            return new Result(true, lanes, why, false);
        } catch (LinkageError | RuntimeException e) {
            return new Result(false, false, "the Vector API kernel could not load: " + e, false);
        }
    }
}
