import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.Linalg;
import org.grad4j.Tensor;

/**
 * Time of Linalg's host factorisations (float64, one matrix, no autograd) for n = 100, 200 and 500: LU, Cholesky,
 * QR, eigh and svd. Each op runs twice to warm up, then REPS times; prints the median wall time and the median CPU
 * time of the calling thread in milliseconds (the CPU time is the steadier figure on a loaded machine).
 * Run through linalg_bench.sh, which points the class path at one build (so two builds compare side by side).
 * Arguments: [reps] [sizes, comma-separated] [ops, comma-separated].
 */
public class LinalgBench {
    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "100,200,500").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        String[] ops = (args.length > 2 ? args[2] : "lu,cholesky,qr,eigh,svd").split(",");
        System.out.printf("%-10s %6s %12s %12s%n", "op", "n", "wall ms", "cpu ms");
        for (String op : ops) {
            for (int n : sizes) {
                Tensor a = matrix(n, op);
                Supplier<Tensor> run = switch (op) {
                    case "lu" -> () -> Linalg.luFactor(a).lu();
                    case "cholesky" -> () -> Linalg.cholesky(a);
                    case "qr" -> () -> Linalg.qr(a).r();
                    case "eigh" -> () -> Linalg.eigh(a).eigenvectors();
                    case "svd" -> () -> Linalg.svd(a, false).vh();
                    default -> throw new IllegalArgumentException(op);
                };
                run.get();
                run.get();
                double[] t = new double[reps];
                double[] cpu = new double[reps];
                for (int r = 0; r < reps; r++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    run.get();
                    t[r] = (System.nanoTime() - t0) / 1e6;
                    cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                }
                Arrays.sort(t);
                Arrays.sort(cpu);
                System.out.printf("%-10s %6d %12.1f %12.1f%n", op, n, t[reps / 2], cpu[reps / 2]);
            }
        }
    }

    /** Uniform [-1, 1) entries (fixed seed); symmetric positive-definite for cholesky and symmetric for eigh. */
    static Tensor matrix(int n, String op) {
        Random r = new Random(42);
        double[] v = new double[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        if (op.equals("cholesky") || op.equals("eigh")) {
            double[] s = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    s[i * n + j] = op.equals("eigh") ? v[i * n + j] + v[j * n + i] : 0;
                }
            }
            if (op.equals("cholesky")) {   // V V^T + n I
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double d = 0;
                        for (int k = 0; k < n; k++) {
                            d += v[i * n + k] * v[j * n + k];
                        }
                        s[i * n + j] = d + (i == j ? n : 0);
                    }
                }
            }
            v = s;
        }
        return Tensor.of(v, DType.FLOAT64, org.grad4j.Device.CPU, n, n);
    }
}
