package org.grad4j;

/**
 * The double-precision log, sin and cos behind PyTorch's Box-Muller in double (glibc 2.36's
 * libm in the reference). Neither glibc nor Java rounds these correctly in every case, and
 * they disagree now and then in the last bit. Measured on 50,000 Box-Muller inputs (x86-64,
 * OpenJDK 17): {@code Math} differs from glibc in about 0.1% (log), 0.2% (cos), 0.15% (sin)
 * of them; {@code StrictMath} (fdlibm) in 7%, 3% and 3%. So {@code Math} it is, and float64
 * {@code normal_} values match PyTorch bit for bit except about 0.3% that differ by an ulp
 * or two. Only a port of glibc's own algorithms would close that gap.
 */
final class LibM {
    private LibM() {
    }

    static double log(double x) {
        return Math.log(x);
    }

    static double sin(double x) {
        return Math.sin(x);
    }

    static double cos(double x) {
        return Math.cos(x);
    }
}
