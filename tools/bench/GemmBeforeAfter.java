import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.*;

/**
 * backend-cpu before and after a change, in one JVM: each build gets its own class loader, the GEMM kernel of
 * each runs in alternating blocks on the same arrays (the first side alternating), and the two results are
 * compared bit for bit. Prints per shape the median block speed of each side and the median of the
 * per-pair speed ratios (after / before; above 1: the change is faster). Run through gemm_before_after.sh.
 * Arguments: BEFORE_CPU_CLASSES BEFORE_CORE_CLASSES AFTER_CPU_CLASSES AFTER_CORE_CLASSES EJML_CLASSPATH PAIRS
 * [block (one thread, gemmBlock), gemm (all threads) or facade (VectorGemm.gemm)] [shape name filter].
 */
public class GemmBeforeAfter {
    record Shape(String name, boolean ta, boolean tb, int m, int n, int k) {}
    static final Shape[] SHAPES = {
        new Shape("square 1024", false, false, 1024, 1024, 1024),
        new Shape("fwd X*W^T 256x1024x1024", false, true, 256, 1024, 1024),
        new Shape("bwd dY*W 256x1024x1024", false, false, 256, 1024, 1024),
        new Shape("bwd dY^T*X 1024x1024x256", true, false, 1024, 1024, 256),
        new Shape("mlp fwd 64x256x784 (X*W^T)", false, true, 64, 256, 784),
        new Shape("mlp dW 256x784x64 (g^T*X)", true, false, 256, 784, 64),
        new Shape("mlp out 64x10x256 (X*W^T)", false, true, 64, 10, 256),
    };

    static ClassLoader loader(String cpu, String core, String ejml) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(cpu).toUri().toURL());
        urls.add(Path.of(core).toUri().toURL());
        for (String j : ejml.split(":")) if (!j.isEmpty()) urls.add(Path.of(j).toUri().toURL());
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    static Method find(ClassLoader l, String cls, String name, Class<?> elem, boolean withT) throws Exception {
        Class<?> c = Class.forName("org.grad4j.cpu." + cls, true, l);
        Class<?> arr = elem == double.class ? double[].class : float[].class;
        List<Class<?>> p = new ArrayList<>();
        if (withT) p.add(int.class);
        p.addAll(List.of(boolean.class, boolean.class, int.class, int.class, int.class, elem, arr, int.class, int.class,
                arr, int.class, int.class, elem, arr, int.class, int.class));
        Method m = c.getDeclaredMethod(name, p.toArray(new Class<?>[0]));
        m.setAccessible(true);
        return m;
    }

    public static void main(String[] a) throws Exception {
        ClassLoader oldL = loader(a[0], a[1], a[4]);
        ClassLoader newL = loader(a[2], a[3], a[4]);
        int pairs = Integer.parseInt(a[5]);
        // block: the kernel's gemmBlock on one thread (least disturbed by a loaded machine); gemm: the kernel on
        // all threads; facade: VectorGemm.gemm, which picks the path by size (small products: reference order)
        String mode = a.length > 6 ? a[6] : "block";
        String only = a.length > 7 ? a[7] : ""; // run only the shapes whose name contains this
        String cls = mode.equals("facade") ? "VectorGemm" : "VectorGemmKernel";
        String method = mode.equals("block") ? "gemmBlock" : "gemm";
        // each side probes its VectorGemm (self-test, module check) as the backend does
        for (ClassLoader l : List.of(oldL, newL)) {
            Method av = Class.forName("org.grad4j.cpu.VectorGemm", true, l).getDeclaredMethod("isAvailable");
            av.setAccessible(true);
            System.out.println("available: " + av.invoke(null));
        }
        // -Dclock=cpu (block mode only): time by the thread's CPU time, steadier on a machine shared with other work
        boolean cpuClock = mode.equals("block") && "cpu".equals(System.getProperty("clock"));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String dtype = System.getProperty("dtype", "both"); // f32, f64 or both
        for (Class<?> elem : List.of(float.class, double.class)) {
            if (!dtype.equals("both") && !dtype.equals(elem == double.class ? "f64" : "f32")) {
                continue;
            }
            for (Shape s : SHAPES) {
                if (!s.name.contains(only)) {
                    continue;
                }
                Method mo = find(oldL, cls, method, elem, false);
                Method mn = find(newL, cls, method, elem, false);
                SplittableRandom r = new SplittableRandom(7);
                int aLen = s.m * s.k, bLen = s.k * s.n, cLen = s.m * s.n;
                int lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n;
                Object A, B, Co, Cn;
                if (elem == double.class) {
                    double[] x = new double[aLen], y = new double[bLen];
                    for (int i = 0; i < aLen; i++) x[i] = r.nextDouble(-1, 1);
                    for (int i = 0; i < bLen; i++) y[i] = r.nextDouble(-1, 1);
                    A = x; B = y; Co = new double[cLen]; Cn = new double[cLen];
                } else {
                    float[] x = new float[aLen], y = new float[bLen];
                    for (int i = 0; i < aLen; i++) x[i] = (float) r.nextDouble(-1, 1);
                    for (int i = 0; i < bLen; i++) y[i] = (float) r.nextDouble(-1, 1);
                    A = x; B = y; Co = new float[cLen]; Cn = new float[cLen];
                }
                Object one = elem == double.class ? (Object) 1.0 : (Object) 1.0f;
                Object half = elem == double.class ? (Object) 0.5 : (Object) 0.5f;
                Object[] argsO = {s.ta, s.tb, s.m, s.n, s.k, one, A, 0, lda, B, 0, ldb, half, Co, 0, s.n};
                Object[] argsN = {s.ta, s.tb, s.m, s.n, s.k, one, A, 0, lda, B, 0, ldb, half, Cn, 0, s.n};
                // bits: the same inputs and a zeroed C on each side
                mo.invoke(null, argsO);
                mn.invoke(null, argsN);
                boolean same = elem == double.class ? Arrays.equals((double[]) Co, (double[]) Cn) : Arrays.equals((float[]) Co, (float[]) Cn);
                double flops = 2.0 * s.m * s.n * s.k;
                int reps = (int) Math.max(1, 4e8 / flops); // ~ a few ms per block at 100+ GFLOP/s
                long warmEnd = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < warmEnd) { mo.invoke(null, argsO); mn.invoke(null, argsN); }
                double[] ratio = new double[pairs], to = new double[pairs], tn = new double[pairs];
                for (int p = 0; p < pairs; p++) {
                    boolean oldFirst = p % 2 == 0;
                    for (int side = 0; side < 2; side++) {
                        boolean isOld = (side == 0) == oldFirst;
                        Method m = isOld ? mo : mn;
                        Object[] ar = isOld ? argsO : argsN;
                        long t0 = cpuClock ? mx.getCurrentThreadCpuTime() : System.nanoTime();
                        for (int i = 0; i < reps; i++) m.invoke(null, ar);
                        double t = ((cpuClock ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - t0) / (double) reps;
                        if (isOld) to[p] = t; else tn[p] = t;
                    }
                    ratio[p] = to[p] / tn[p];
                }
                double[] rs = ratio.clone(); Arrays.sort(rs);
                double[] os = to.clone(); Arrays.sort(os);
                double[] ns = tn.clone(); Arrays.sort(ns);
                System.out.printf(Locale.ROOT, "%s %-28s bits-equal=%s  before %7.1f  after %7.1f GFLOP/s (medians)  after/before speed: median %.3f [q1 %.3f, q3 %.3f] (%d pairs)%n",
                        elem == double.class ? "f64" : "f32", s.name, same, flops / os[pairs / 2], flops / ns[pairs / 2],
                        rs[pairs / 2], rs[pairs / 4], rs[3 * pairs / 4], pairs);
            }
        }
    }
}
