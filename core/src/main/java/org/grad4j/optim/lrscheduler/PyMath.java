package org.grad4j.optim.lrscheduler;

/**
 * Python's float {@code **} and {@code math.cos} as the schedulers need them, with Python's special cases
 * ({@code 1.0 ** nan == 1.0}, {@code 0.0 ** -1} raises, a negative base with a fractional power gives a complex
 * number, which no learning rate can be).
 *
 * <p>Python calls glibc's {@code cos} and {@code pow}, which are not correctly rounded, and no Java function
 * reproduces them bit for bit. Measured against glibc 2.36 (OpenJDK 17, x86-64) on 794,000 OneCycleLR cosine
 * arguments ({@code pi * pct} of every phase for 2..600 total steps): {@code Math.cos} differs in the last bit at
 * 0.20% of them, {@code StrictMath.cos} (fdlibm) at 3.3%, a correctly rounded cosine (BigDecimal) at 0.14%; on
 * 102,000 CosineAnnealing arguments ({@code pi * t / T}) 0.19%, 3.4% and 0.13%. For {@code pow} on 251,000
 * scheduler arguments ({@code gamma ** k}, PolynomialLR's ratios): {@code Math.pow} 0.10%, {@code StrictMath.pow}
 * 6.9%, correctly rounded 0.08%. The correctly rounded versions cost about 0.5 ms a call for a third fewer
 * mismatches, so {@code Math} it is: an isolated learning rate can be 1 ulp from PyTorch's.
 */
final class PyMath {
    private PyMath() {
    }

    /** Python's {@code x ** y} for floats (C's {@code pow} with CPython's checks). */
    static double pow(double x, double y) {
        if (x == 1.0 || y == 0.0) {
            return 1.0;
        }
        if (x == -1.0 && Double.isInfinite(y)) {
            return 1.0;
        }
        if (x == 0.0 && y < 0) {
            throw new IllegalStateException("ZeroDivisionError: 0.0 cannot be raised to a negative power (" + y + ")");
        }
        if (x < 0 && Double.isFinite(x) && Double.isFinite(y) && y != Math.rint(y)) {
            throw new IllegalStateException("a negative number (" + x + ") raised to a fractional power (" + y + ") is "
                    + "complex in Python; not a learning rate");
        }
        return Math.pow(x, y);
    }

    /** Python's {@code math.cos} (glibc's cos). */
    static double cos(double x) {
        return Math.cos(x);
    }
}
