package org.grad4j;

/**
 * The double-precision log, sin and cos behind PyTorch's Box-Muller on float64 (glibc's
 * libm in the reference). Java's functions are within one ulp as glibc's are, and agree
 * with them except for rare last-bit cases.
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
