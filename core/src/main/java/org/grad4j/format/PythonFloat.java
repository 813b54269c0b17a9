package org.grad4j.format;

/**
 * Python's and NumPy's scalar float reprs.
 *
 * <p>Both print the shortest decimal digits that read back as the same value (CPython's
 * {@code repr(float)}; Java 17's {@code Double.toString} is not shortest, see JDK-4511638), laid
 * out by each library's own rules.
 */
public final class PythonFloat {
    private PythonFloat() {
    }

    /**
     * Exactly CPython's {@code repr(x)} for a Python float (binary64): the shortest round-trip
     * digits, positional when the decimal exponent is in {@code [-4, 16)} ({@code 1.0},
     * {@code -0.19999999999999998}, {@code 0.0001}), scientific otherwise ({@code 1e-05},
     * {@code 1.5e+16}); {@code inf}, {@code -inf}, {@code nan}, {@code -0.0}.
     *
     * @param x any double
     * @return the text Python prints for {@code repr(x)}
     */
    public static String repr(double x) {
        String special = special(x);
        if (special != null) {
            return special;
        }
        String sign = x < 0 ? "-" : "";
        DecimalDigits d = DecimalDigits.shortest(Math.abs(x), false);
        if (d.exp < -4 || d.exp >= 16) {
            return sign + scientificTrimmed(d);
        }
        String frac = d.fractionalPart();
        return sign + d.integerPart() + "." + (frac.isEmpty() ? "0" : frac);
    }

    /**
     * Exactly what NumPy 1.24 prints for {@code repr(numpy.float32(x))} (which equals its
     * {@code str}): the shortest digits that read back as the same float32, positional when
     * {@code 1e-4 <= |x| < 1e16} or {@code x == 0} ({@code 0.1}, {@code 16777216.0}), scientific
     * otherwise ({@code 1e-04}, {@code 1.5e+16}, {@code 1e-45}); {@code inf}, {@code -inf},
     * {@code nan}, {@code -0.0}.
     *
     * @param x any float
     * @return the text NumPy prints for {@code repr(numpy.float32(x))}
     */
    public static String repr(float x) {
        return numpyScalar(x, true);
    }

    /** What Python and NumPy both print for NaN, the infinities and the zeros; null for any other value. */
    private static String special(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (Double.doubleToRawLongBits(x) < 0 ? "-" : "") + "0.0";
        }
        return null;
    }

    /**
     * NumPy's scalar str/repr of a float64 ({@code single == false}) or float32 value (the value
     * must then be a float32 widened to double). NumPy decides the layout by comparing the value
     * itself with {@code 1e-4} and {@code 1e16}, not by the decimal exponent.
     */
    static String numpyScalar(double x, boolean single) {
        String special = special(x);
        if (special != null) {
            return special;
        }
        String sign = x < 0 ? "-" : "";
        double a = Math.abs(x);
        DecimalDigits d = DecimalDigits.shortest(a, single);
        if (a >= 1e-4 && a < 1e16) {
            String frac = d.fractionalPart();
            return sign + d.integerPart() + "." + (frac.isEmpty() ? "0" : frac);
        }
        return sign + scientificTrimmed(d);
    }

    /** {@code 1e-05}, {@code 1.5e+16}: no trailing zeros, no lone point, two exponent digits min. */
    private static String scientificTrimmed(DecimalDigits d) {
        String m = d.digits.length() > 1 ? d.digits.charAt(0) + "." + d.digits.substring(1) : d.digits;
        return m + DecimalDigits.exponent(d.exp, 2);
    }
}
