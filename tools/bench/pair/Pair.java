import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/** Old and new jar in one JVM, each in its own class loader, timed in alternating blocks (median of block ratios). */
public class Pair {
    public static void main(String[] a) throws Exception {
        Path blockDir = Path.of(a[0]);
        String jarA = a[1], jarB = a[2];
        int blocks = Integer.parseInt(a[3]);
        int steps = Integer.parseInt(a[4]);
        boolean scope = a.length > 5 && a[5].equals("scope");
        Object[] inst = new Object[2];
        Method[] run = new Method[2];
        String[] jars = {jarA, jarB};
        for (int k = 0; k < 2; k++) {
            URLClassLoader cl = new URLClassLoader(new URL[] {blockDir.toUri().toURL(), Path.of(jars[k]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> c = cl.loadClass(System.getProperty("block", "Block"));
            inst[k] = c.getConstructor(boolean.class).newInstance(scope);
            run[k] = c.getMethod("run", int.class);
        }
        for (int w = 0; w < 6; w++) {   // warm-up both
            for (int k = 0; k < 2; k++) run[k].invoke(inst[k], steps);
        }
        double[] ta = new double[blocks], tb = new double[blocks], ratio = new double[blocks];
        for (int i = 0; i < blocks; i++) {
            boolean aFirst = (i % 2) == 0;
            long x = 0, y = 0;
            if (aFirst) { x = (long) run[0].invoke(inst[0], steps); y = (long) run[1].invoke(inst[1], steps); }
            else { y = (long) run[1].invoke(inst[1], steps); x = (long) run[0].invoke(inst[0], steps); }
            ta[i] = x / 1e3 / steps; tb[i] = y / 1e3 / steps; ratio[i] = tb[i] / ta[i];
        }
        System.out.printf("A %.3f us/step, B %.3f us/step (medians of %d blocks of %d steps); B/A median %.3f [q1 %.3f, q3 %.3f]%n",
                med(ta), med(tb), blocks, steps, med(ratio), q(ratio, 0.25), q(ratio, 0.75));
        System.out.println("weights: " + inst[0].getClass().getMethod("weight").invoke(inst[0]) + " " + inst[1].getClass().getMethod("weight").invoke(inst[1]));
    }
    static double med(double[] v) { return q(v, 0.5); }
    static double q(double[] v, double p) { double[] s = v.clone(); Arrays.sort(s); return s[(int) Math.round(p * (s.length - 1))]; }
}
