package org.grad4j.cpu;

/**
 * Run by {@link VectorGemmTest} in a JVM started without {@code --add-modules jdk.incubator.vector}:
 * prints {@code available=<bool>} and exits 0 only if gemm still computes a correct product; then
 * prints the reason and asks twice for the slow-path warning.
 */
public final class VectorGemmNoModuleMain {
    private VectorGemmNoModuleMain() {
    }

    public static void main(String[] args) {
        System.out.println("available=" + VectorGemm.isAvailable());
        int m = 37;
        int n = 41;
        int k = 29;
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        float[] fa = new float[m * k];
        float[] fb = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 11) - 5;
            fa[i] = (float) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 7) - 3;
            fb[i] = (float) b[i];
        }
        double[] c = new double[m * n];
        float[] fc = new float[m * n];
        VectorGemm.gemm(false, false, m, n, k, 1.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
        VectorGemm.gemm(false, false, m, n, k, 1.0f, fa, 0, k, fb, 0, n, 0.0f, fc, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                if (c[i * n + j] != s || fc[i * n + j] != (float) s) {
                    System.out.println("wrong at " + i + "," + j);
                    System.exit(1);
                }
            }
        }
        System.out.println("ok");
        System.out.println("why=" + VectorGemm.why());
        Gemms.warnSlowPath(1 << 20);
        Gemms.warnSlowPath(1 << 20); // logged once per JVM
    }
}
