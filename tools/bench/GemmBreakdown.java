package org.grad4j.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The blocked float64 GEMM on one thread, by part, in thread CPU time (steadier than wall time on a shared
 * machine): the whole product ({@code gemmBlock}), packing op(B) alone, packing op(A) alone, and the register
 * kernel alone over packed buffers, for the wide layer's three products. Run through gemm_breakdown.sh.
 */
public class GemmBreakdown {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    interface R { void run(); }
    static double time(R r, int reps) {
        double best[] = new double[reps];
        for (int i = 0; i < reps; i++) { long t0 = MX.getCurrentThreadCpuTime(); r.run(); best[i] = (MX.getCurrentThreadCpuTime() - t0) * 1e-9; }
        Arrays.sort(best); return best[reps / 2];
    }
    public static void main(String[] args) {
        VectorGemm.isAvailable();
        int reps = Integer.parseInt(args.length > 0 ? args[0] : "15");
        Object[][] shapes = {{"fwd X*W^T", false, true, 256, 1024, 1024}, {"bwd G*W", false, false, 256, 1024, 1024},
                {"bwd G^T*X", true, false, 1024, 1024, 256}};
        SplittableRandom r = new SplittableRandom(1);
        for (int round = 0; round < 2; round++)
        for (Object[] s : shapes) {
            String name = (String) s[0]; boolean ta = (Boolean) s[1], tb = (Boolean) s[2];
            int m = (Integer) s[3], n = (Integer) s[4], k = (Integer) s[5];
            double[] a = r.doubles(m * k, -1, 1).toArray(), b = r.doubles(k * n, -1, 1).toArray(), c = new double[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            int KC = VectorGemmKernel.D_KC, MC = VectorGemmKernel.D_MC, NC = VectorGemmKernel.D_NC, NR = VectorGemmKernel.D_NR, MR = VectorGemmKernel.MR;
            double[] ap = new double[MC * KC], bp = new double[KC * Math.min(NC, n)], tmp = new double[MR * NR];
            R whole = () -> VectorGemmKernel.gemmBlock(ta, tb, m, n, k, 1.0, a, 0, lda, b, 0, ldb, 0.0, c, 0, n);
            R packB = () -> { for (int jc = 0; jc < n; jc += NC) for (int pc = 0; pc < k; pc += KC)
                    VectorPackF64.packB(tb, Math.min(KC, k - pc), Math.min(NC, n - jc), b, 0, ldb, pc, jc, bp); };
            R packA = () -> { for (int jc = 0; jc < n; jc += NC) for (int pc = 0; pc < k; pc += KC) for (int ic = 0; ic < m; ic += MC)
                    VectorPackF64.packA(ta, Math.min(MC, m - ic), Math.min(KC, k - pc), a, 0, lda, ic, pc, ap); };
            R micro = () -> { for (int jc = 0; jc < n; jc += NC) for (int pc = 0; pc < k; pc += KC) { int kc = Math.min(KC, k - pc), nc = Math.min(NC, n - jc);
                    for (int ic = 0; ic < m; ic += MC) { int mc = Math.min(MC, m - ic);
                        for (int jr = 0; jr < nc; jr += NR) for (int ir = 0; ir < mc; ir += MR)
                            VectorMicroF64.micro(kc, ap, ir * kc, bp, jr * kc, c, (ic + ir) * n + jc + jr, n, 1.0, Math.min(MR, mc - ir), Math.min(NR, nc - jr), tmp); } } };
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) { whole.run(); packB.run(); packA.run(); micro.run(); }
            double tw = time(whole, reps), tb_ = time(packB, reps), ta_ = time(packA, reps), tm = time(micro, reps);
            double fl = 2.0 * m * n * k;
            System.out.printf(Locale.ROOT, "%-10s whole %6.2f ms (%5.1f GF/s)  packB %5.2f  packA %5.2f  micro %6.2f ms (%5.1f GF/s)  rest %5.2f%n",
                    name, tw * 1e3, fl / tw / 1e9, tb_ * 1e3, ta_ * 1e3, tm * 1e3, fl / tm / 1e9, (tw - tb_ - ta_ - tm) * 1e3);
        }
    }
}
