package org.grad4j.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A non-negative decimal number as a digit string and a scientific exponent: the value is
 * {@code d0.d1d2... * 10^exp}. The digit string has no leading zeros and no trailing zeros,
 * except that zero itself is {@code "0"} with exponent 0.
 *
 * <p>Package-private helper: exact decimal conversions of binary floating-point values, used by
 * the three printers. All rounding is done on the exact binary value with {@code BigDecimal}, so
 * the results are correctly rounded, like CPython's and NumPy's conversions.
 */
final class DecimalDigits {
    static final DecimalDigits ZERO = new DecimalDigits("0", 0);

    final String digits;
    final int exp;

    private DecimalDigits(String digits, int exp) {
        this.digits = digits;
        this.exp = exp;
    }

    /** Strips trailing zeros of a non-negative BigDecimal and splits it into digits and exponent. */
    static DecimalDigits of(BigDecimal d) {
        if (d.signum() == 0) {
            return ZERO;
        }
        BigDecimal s = d.stripTrailingZeros();
        String u = s.unscaledValue().toString();
        return new DecimalDigits(u, u.length() - 1 - s.scale());
    }

    /**
     * The shortest decimal that reads back as {@code x} (a positive finite value) in binary64, or in
     * binary32 when {@code single}; among several shortest, the one closest to {@code x}, and on a
     * tie the one with an even last digit. Reading uses round-half-even, so a decimal lying exactly
     * half-way between two neighbours reads back as the one with the even significand: such a
     * boundary is accepted only when {@code x}'s significand is even (as CPython and NumPy do).
     */
    static DecimalDigits shortest(double x, boolean single) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("not a positive finite value: " + x);
        }
        BigDecimal exact = new BigDecimal(x);
        double below;
        double above;
        boolean even;
        if (single) {
            float f = (float) x;
            if (f != x) {
                throw new IllegalArgumentException("not a float32 value: " + x);
            }
            below = Math.nextDown(f);
            above = f == Float.MAX_VALUE ? (double) f + Math.ulp(f) : Math.nextUp(f);
            even = (Float.floatToRawIntBits(f) & 1) == 0;
        } else {
            below = Math.nextDown(x);
            above = x == Double.MAX_VALUE ? Double.NaN : Math.nextUp(x);
            even = (Double.doubleToRawLongBits(x) & 1L) == 0;
        }
        BigDecimal half = new BigDecimal("0.5");
        BigDecimal lo = exact.add(new BigDecimal(below)).multiply(half);
        BigDecimal hi = Double.isNaN(above)
                // 2^1024 is not a double: the upper neighbour of MAX_VALUE is MAX_VALUE + ulp
                ? exact.add(new BigDecimal(Math.ulp(x)).multiply(half))
                : exact.add(new BigDecimal(above)).multiply(half);
        int maxDigits = single ? 9 : 17;
        // the set of precisions that admit a round-tripping decimal is upward closed: bisect
        int low = 1;
        int high = maxDigits;
        DecimalDigits best = candidate(exact, maxDigits, lo, hi, even);
        if (best == null) {
            throw new AssertionError("no round-trip decimal for " + x);
        }
        while (low < high) {
            int mid = (low + high) >>> 1;
            DecimalDigits c = candidate(exact, mid, lo, hi, even);
            if (c != null) {
                best = c;
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return best;
    }

    private static DecimalDigits candidate(BigDecimal exact, int precision, BigDecimal lo, BigDecimal hi,
            boolean even) {
        BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
        BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
        boolean downOk = inside(down, lo, hi, even);
        boolean upOk = inside(up, lo, hi, even);
        if (downOk && upOk && down.compareTo(up) != 0) {
            int c = exact.subtract(down).compareTo(up.subtract(exact));
            if (c < 0) {
                return of(down);
            } else if (c > 0) {
                return of(up);
            }
            BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            return of(nearest);
        }
        if (downOk) {
            return of(down);
        }
        if (upOk) {
            return of(up);
        }
        return null;
    }

    private static boolean inside(BigDecimal d, BigDecimal lo, BigDecimal hi, boolean even) {
        int a = d.compareTo(lo);
        int b = d.compareTo(hi);
        return (a > 0 && b < 0) || (even && (a == 0 || b == 0));
    }

    /** {@code |x|} rounded half-even to {@code significant} significant digits (x finite). */
    static DecimalDigits roundSignificant(double x, int significant) {
        if (x == 0) {
            return ZERO;
        }
        return of(new BigDecimal(Math.abs(x)).round(new MathContext(significant, RoundingMode.HALF_EVEN)));
    }

    /** {@code |x|} rounded half-even to {@code fractional} digits after the point (x finite). */
    static DecimalDigits roundFractional(double x, int fractional) {
        if (x == 0) {
            return ZERO;
        }
        return of(new BigDecimal(Math.abs(x)).setScale(fractional, RoundingMode.HALF_EVEN));
    }

    /** Number of digits after the decimal point in positional notation. */
    int fractionalDigits() {
        return Math.max(0, digits.length() - 1 - exp);
    }

    /** Number of significant digits after the first one. */
    int significantAfterFirst() {
        return digits.length() - 1;
    }

    /** Integer part in positional notation, {@code "0"} when below one. */
    String integerPart() {
        if (exp < 0) {
            return "0";
        }
        if (digits.length() > exp + 1) {
            return digits.substring(0, exp + 1);
        }
        return digits + "0".repeat(exp + 1 - digits.length());
    }

    /** Fractional part in positional notation, without trailing zeros (may be empty). */
    String fractionalPart() {
        if (exp < 0) {
            return "0".repeat(-exp - 1) + digits;
        }
        return digits.length() > exp + 1 ? digits.substring(exp + 1) : "";
    }

    /** Exponent as {@code e+05} / {@code e-100}: sign and at least {@code minDigits} digits. */
    static String exponent(int exp, int minDigits) {
        String a = Integer.toString(Math.abs(exp));
        if (a.length() < minDigits) {
            a = "0".repeat(minDigits - a.length()) + a;
        }
        return "e" + (exp < 0 ? "-" : "+") + a;
    }
}
