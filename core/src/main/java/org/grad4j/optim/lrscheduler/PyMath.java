package org.grad4j.optim.lrscheduler;

/**
 * Python's float {@code **} and {@code math.cos} as the schedulers need them, with Python's special cases
 * ({@code 1.0 ** nan == 1.0}, {@code 0.0 ** -1} raises, a negative base with a fractional power gives a complex
 * number, which no learning rate can be).
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
