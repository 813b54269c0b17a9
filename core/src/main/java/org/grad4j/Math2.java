package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;

/**
 * PyTorch's elementwise ops that are not one kernel of the op table: the integer-only ops ({@code gcd}, {@code lcm},
 * {@code bitwise_left_shift}, {@code bitwise_right_shift}), computed on the host in the dtype's own C arithmetic as
 * {@link Bitwise} does; the composites ({@code ldexp}, {@code float_power}); {@code frexp}, {@code isin} and the
 * infinity tests; and the gradient rules of the op table's fmax, fmin and nextafter.
 */
final class Math2 {
    private Math2() {
    }

    // ------------------------------------------------------------ gradient rules of the op table's ops

    /**
     * Where {@code self} keeps fmax's (fmin's) gradient: {@code self >= other} ({@code <=}) or {@code other} is NaN,
     * as derivatives.yaml; the other side keeps it elsewhere.
     */
    static Tensor selfWins(BinaryOp op, Tensor a, Tensor b) {
        Tensor kept = op == BinaryOp.FMAX ? a.ge(b) : a.le(b);
        return kept.logicalOr(b.isnan());
    }

    /** PyTorch 1.13's {@code not_implemented(name)}, thrown when backward reaches such a node. */
    static Tensor notImplemented(String name) {
        throw new UnsupportedOperationException(name + ": the derivative for '" + name + "' is not implemented.");
    }

    /**
     * PyTorch 1.13's in-place acosh_, asinh_ and atanh_ (and their arc* aliases): the values of the out-of-place op,
     * recorded as {@code <Op>Backward1}, whose backward fails ("inplace version of asinh" has no derivative).
     */
    static Tensor inPlaceWithoutDerivative(String name, Tensor self, java.util.function.UnaryOperator<Tensor> f,
                                           String torchOp) {
        String gradFn = Character.toUpperCase(torchOp.charAt(0)) + torchOp.substring(1) + "Backward1";
        return InPlaceUnary.apply(name, self, false, x -> {
            Tensor y;
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                y = f.apply(x);
            }
            if (Tensor.needsGrad(x)) {
                Tensor.record(y, new Indexing.FnNode(gradFn, g -> {
                    throw new UnsupportedOperationException(name + ": the derivative for 'inplace version of " + torchOp
                            + "' is not implemented.");
                }, x));
            }
            return y;
        });
    }

    /**
     * An in-place form computed out of place ({@link InPlaceUnary}) that also reads {@code other}: refused when
     * {@code other} is missing or on another device.
     */
    static Tensor inPlace(String name, Tensor self, Tensor other, boolean savesInput,
                          java.util.function.UnaryOperator<Tensor> f) {
        requireTensor(name, other, "other");
        Pointwise.checkSameDevice(name, self, other);
        return InPlaceUnary.apply(name, self, other, savesInput, f);
    }

        /** PyTorch's refusal of unary minus on a bool tensor, in its words (negative, negative_). */
    static void checkNegative(String name, Tensor x) {
        if (x.dtype == DType.BOOL) {
            throw new IllegalArgumentException(name + ": Negation, the `-` operator, on a bool tensor is not supported. "
                    + "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead. (shape "
                    + Shapes.str(x.shape) + ")");
        }
    }

    // ------------------------------------------------------------ integer-only ops, on the host

    /** An integer-only binary op: its PyTorch name and the kernel name PyTorch's dtype error spells. */
    enum IntOp {
        GCD("gcd", "gcd"),
        LCM("lcm", "lcm"),
        LEFT_SHIFT("bitwise_left_shift", "lshift"),
        RIGHT_SHIFT("bitwise_right_shift", "rshift");

        final String torchName;
        final String kernel;

        IntOp(String torchName, String kernel) {
            this.torchName = torchName;
            this.kernel = kernel;
        }
    }

    /** {@code op(a, b)}, broadcast, in the operands' promoted integer dtype. */
    static Tensor integer(IntOp op, String name, Tensor a, Tensor b) {
        requireTensor(name, a, "input");
        requireTensor(name, b, "other");
        Pointwise.checkSameDevice(name, a, b);
        DType dt = DTypes.resultType(a, b);
        if (dt.isFloatingPoint() || dt == DType.BOOL) {
            throw new IllegalArgumentException(name + ": \"" + op.kernel + "_cpu\" not implemented for '"
                    + DTypes.typeName(dt) + "' (operands: a " + a.dtype.torchName() + " tensor of shape "
                    + Shapes.str(a.shape) + " and a " + b.dtype.torchName() + " tensor of shape " + Shapes.str(b.shape)
                    + "); " + op.torchName + " takes integer tensors");
        }
        int[] shape = Shapes.broadcast(name, a.shape, b.shape);
        long[] x = values(a, dt, shape);
        long[] y = values(b, dt, shape);
        long[] out = new long[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dt) {
                case INT32 -> int32(op, (int) x[i], (int) y[i]);
                case UINT8 -> int32(op, (int) (x[i] & 0xFF), (int) (y[i] & 0xFF)) & 0xFF;
                default -> int64(op, x[i], y[i]);
            };
        }
        return DTypes.of(out, dt, a.storage.backend, shape);
    }

    /**
     * {@code op(a, s)} with a Python int: it takes the tensor's integer dtype (wrapping, as a uint8 tensor shifted by
     * 300 is shifted by 44), int64 beside a bool tensor.
     */
    static Tensor integer(IntOp op, String name, Tensor a, long s) {
        requireTensor(name, a, "input");
        return integer(op, name, a, DTypes.of(new long[] {s}, DType.INT64, a.storage.backend, Shapes.SCALAR));
    }

    /** {@code op(s, b)} with a Python int first. */
    static Tensor integer(IntOp op, String name, long s, Tensor b) {
        requireTensor(name, b, "other");
        return integer(op, name, DTypes.of(new long[] {s}, DType.INT64, b.storage.backend, Shapes.SCALAR), b);
    }

    /** The in-place form: the result must have {@code self}'s shape and be castable to its dtype. */
    static Tensor integer_(IntOp op, String name, Tensor self, Tensor other) {
        requireTensor(name, other, "other");
        Pointwise.checkInPlace(name, self);
        Tensor r = integer(op, name, self, other);
        if (!Arrays.equals(r.shape, self.shape)) {
            throw new IllegalArgumentException(name + ": output with shape " + Shapes.str(self.shape)
                    + " doesn't match the broadcast shape " + Shapes.str(r.shape) + " (other has shape "
                    + Shapes.str(other.shape) + ")");
        }
        DTypes.checkCast(name, r.dtype, self);
        self.storage.backend.unary(org.grad4j.spi.UnaryOp.COPY, self.shape, r.strided(), self.strided());
        return self.bumpVersion();
    }

    static Tensor integer_(IntOp op, String name, Tensor self, long s) {
        return integer_(op, name, self, DTypes.of(new long[] {s}, DType.INT64, self.storage.backend, Shapes.SCALAR));
    }

    /**
     * int64 arithmetic as PyTorch's C++ on x86: {@code gcd} on absolute values ({@code |INT64_MIN|} stays negative),
     * {@code lcm = |a / gcd * b|} wrapping, and shifts whose count is taken modulo 64 (the instruction's masking:
     * a count of 64 or -64 leaves the value, -1 shifts by 63), Java's {@code <<} and {@code >>} exactly.
     */
    private static long int64(IntOp op, long a, long b) {
        return switch (op) {
            case GCD -> gcd(a, b);
            case LCM -> {
                long g = gcd(a, b);
                yield g == 0 ? 0 : Math.abs(a / g * b);
            }
            case LEFT_SHIFT -> a << b;
            case RIGHT_SHIFT -> a >> b;
        };
    }

    /**
     * int32 and uint8 (promoted to C's int, so counts modulo 32 and a uint8 shifted past 8 bits gives 0 once
     * wrapped back).
     */
    private static long int32(IntOp op, int a, int b) {
        return switch (op) {
            case GCD -> gcd(a, b);
            case LCM -> {
                int g = gcd(a, b);
                yield g == 0 ? 0 : Math.abs(a / g * b);
            }
            case LEFT_SHIFT -> a << b;
            case RIGHT_SHIFT -> a >> b;
        };
    }

    private static long gcd(long a, long b) {
        long x = Math.abs(a);
        long y = Math.abs(b);
        while (x != 0) {
            long c = x;
            x = y % x;
            y = c;
        }
        return y;
    }

    private static int gcd(int a, int b) {
        int x = Math.abs(a);
        int y = Math.abs(b);
        while (x != 0) {
            int c = x;
            x = y % x;
            y = c;
        }
        return y;
    }

    // ------------------------------------------------------------ composites

    /** {@code torch.ldexp}: PyTorch 1.13's {@code self * pow(2.0, other)} (grad_fn MulBackward0). */
    static Tensor ldexp(Tensor self, Tensor other) {
        requireTensor("ldexp", self, "input");
        requireTensor("ldexp", other, "other");
        Pointwise.checkSameDevice("ldexp", self, other);
        Shapes.broadcast("ldexp", self.shape, other.shape);
        return self.mul(twoTo(other));
    }

    static Tensor ldexp_(Tensor self, Tensor other) {
        requireTensor("ldexp_", other, "other");
        Pointwise.checkSameDevice("ldexp_", self, other);
        return Pointwise.inPlace("ldexp_", self, twoTo(other), BinaryOp.MUL);
    }

    /** {@code pow(2.0, x)}: an integer or bool exponent gives the default dtype. */
    private static Tensor twoTo(Tensor x) {
        return Pointwise.scalar(BinaryOp.POW, "ldexp", x, 2.0, true);
    }

    /** {@code torch.float_power(base, exponent)}: both in float64, then pow (grad_fn PowBackward1). */
    static Tensor floatPower(Tensor base, Tensor exponent) {
        requireTensor("float_power", base, "input");
        requireTensor("float_power", exponent, "exponent");
        Pointwise.checkSameDevice("float_power", base, exponent);
        Shapes.broadcast("float_power", base.shape, exponent.shape);
        return base.to(DType.FLOAT64).pow(exponent.to(DType.FLOAT64));
    }

    /** With a number exponent (grad_fn PowBackward0, pow's shortcuts for 2, 0.5, -1, ...). */
    static Tensor floatPower(Tensor base, double exponent) {
        requireTensor("float_power", base, "input");
        return base.to(DType.FLOAT64).pow(exponent);
    }

    /** With a number base: {@code pow(Scalar, Tensor)}, grad_fn PowBackward2. */
    static Tensor floatPower(double base, Tensor exponent) {
        requireTensor("float_power", exponent, "exponent");
        Tensor x = exponent.to(DType.FLOAT64);
        Tensor y;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            y = Pointwise.scalar(BinaryOp.POW, "float_power", x, base, true);
        }
        if (Tensor.needsGrad(x)) {
            Tensor saved = y.detach();
            // pow_backward_exponent: grad * where(base == 0 & exponent >= 0, 0, result * log(base))
            Tensor.record(y, new Indexing.FnNode("PowBackward2", g -> new Tensor[] {base == 0.0
                    ? g.mul(saved.mul(Math.log(base)).maskedFill(x.detach().ge(0.0), 0.0))
                    : g.mul(saved.mul(Math.log(base)))}, x));
        }
        return y;
    }

    /** In place: the base must already be float64, as PyTorch requires. */
    static Tensor floatPower_(Tensor self, Tensor exponent) {
        requireTensor("float_power_", exponent, "exponent");
        checkDoubleBase(self);
        Pointwise.checkSameDevice("float_power_", self, exponent);
        return Pointwise.inPlace("float_power_", self, exponent.to(DType.FLOAT64), BinaryOp.POW);
    }

    static Tensor floatPower_(Tensor self, double exponent) {
        checkDoubleBase(self);
        return Pointwise.inPlaceScalar("float_power_", self, exponent, BinaryOp.POW);
    }

    private static void checkDoubleBase(Tensor self) {
        if (self.dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("float_power_: the base given to float_power_ has dtype "
                    + DTypes.typeName(self.dtype) + " but the operation's result requires dtype Double (shape "
                    + Shapes.str(self.shape) + "); convert with to(DType.FLOAT64) first");
        }
    }

    // ------------------------------------------------------------ frexp

    /**
     * {@code torch.frexp}: {@code x = mantissa * 2^exponent} with |mantissa| in [0.5, 1), exact; zeros, infinities
     * and NaN keep their value with exponent 0. The mantissa's gradient is {@code grad / exp2(exponent)}
     * (FrexpBackward0); the int32 exponent has none. Computed on the host.
     */
    static Frexp frexp(Tensor x) {
        requireTensor("frexp", x, "input");
        if (!x.dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("frexp: torch.frexp() only supports floating-point dtypes (got a "
                    + x.dtype.torchName() + " tensor of shape " + Shapes.str(x.shape) + ")");
        }
        double[] v = x.detach().contiguous().toDoubleArray();
        double[] mantissa = new double[v.length];
        long[] exponent = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double d = v[i];
            if (d == 0 || !Double.isFinite(d)) {
                mantissa[i] = d;
                continue;
            }
            int e = Math.getExponent(d);
            if (e < Double.MIN_EXPONENT) {   // subnormal: normalise first
                e = Math.getExponent(d * 0x1p54) - 54;
            }
            exponent[i] = e + 1;
            mantissa[i] = Math.scalb(d, -(e + 1));
        }
        Tensor m = Tensor.of(mantissa, x.dtype, x.device(), x.shape.clone());
        Tensor exp = DTypes.of(exponent, DType.INT32, x.storage.backend, x.shape.clone());
        if (Tensor.needsGrad(x)) {
            Tensor.record(m, new Indexing.FnNode("FrexpBackward0", g -> new Tensor[] {g.div(exp.exp2())}, x));
        }
        return new Frexp(m, exp);
    }

    // ------------------------------------------------------------ tests of values

    /** {@code torch.isposinf} / {@code isneginf}: false everywhere for integer and bool tensors. */
    static Tensor isInf(String name, Tensor x, double inf) {
        requireTensor(name, x, "input");
        if (!x.dtype.isFloatingPoint()) {
            return Tensor.full(x.shape.clone(), 0.0, DType.BOOL, x.device());
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return x.eq(inf);
        }
    }

    /** {@code torch.isreal}: every element of a real tensor is real. */
    static Tensor isreal(Tensor x) {
        requireTensor("isreal", x, "input");
        return Tensor.full(x.shape.clone(), 1.0, DType.BOOL, x.device());
    }

    /**
     * {@code torch.isin(elements, test_elements, assume_unique, invert)}: whether each element equals one of the test
     * elements, compared in {@code torch.result_type(elements, test_elements)} (so int64 16777217 is in float32
     * [16777216.], and a 0-d int64 test element does not widen int32 elements), NaN in nothing,
     * -0.0 equal to 0.0. Bool tensors are refused as PyTorch refuses them. Exact whatever {@code assumeUnique} says
     * (PyTorch's flag only picks an algorithm). Computed on the host.
     */
    static Tensor isin(Tensor elements, Tensor test, boolean assumeUnique, boolean invert) {
        requireTensor("isin", elements, "elements");
        requireTensor("isin", test, "test_elements");
        Pointwise.checkSameDevice("isin", elements, test);
        for (Tensor t : new Tensor[] {elements, test}) {
            if (t.dtype == DType.BOOL) {
                throw new IllegalArgumentException("isin: Unsupported input type encountered for isin(): Bool (elements: a "
                        + elements.dtype.torchName() + " tensor of shape " + Shapes.str(elements.shape)
                        + ", test_elements: a " + test.dtype.torchName() + " tensor of shape " + Shapes.str(test.shape) + ")");
            }
        }
        DType dt = DTypes.resultType(elements, test);
        long[] out = new long[elements.numel()];
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor e = elements.detach().to(dt).contiguous();
            Tensor t = test.detach().to(dt).contiguous();
            if (dt.isFloatingPoint()) {
                double[] set = Arrays.stream(t.toDoubleArray()).filter(v -> v == v).map(v -> v + 0.0).sorted().toArray();
                double[] v = e.toDoubleArray();
                for (int i = 0; i < v.length; i++) {
                    boolean in = v[i] == v[i] && Arrays.binarySearch(set, v[i] + 0.0) >= 0;   // + 0.0: -0.0 as 0.0
                    out[i] = in != invert ? 1 : 0;
                }
            } else {
                long[] set = t.toLongArray();
                Arrays.sort(set);
                long[] v = e.toLongArray();
                for (int i = 0; i < v.length; i++) {
                    out[i] = (Arrays.binarySearch(set, v[i]) >= 0) != invert ? 1 : 0;
                }
            }
        }
        return DTypes.of(out, DType.BOOL, elements.storage.backend, elements.shape.clone());
    }

    /** {@code isin} with a number as the test element: PyTorch's {@code elements == s} ({@code !=} inverted). */
    static Tensor isin(Tensor elements, double test, boolean invert) {
        requireTensor("isin", elements, "elements");
        checkNotBool(elements);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return invert ? elements.ne(test) : elements.eq(test);
        }
    }

    static Tensor isin(Tensor elements, long test, boolean invert) {
        requireTensor("isin", elements, "elements");
        checkNotBool(elements);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return invert ? elements.ne(test) : elements.eq(test);
        }
    }

    private static void checkNotBool(Tensor t) {
        if (t.dtype == DType.BOOL) {
            throw new IllegalArgumentException("isin: Unsupported input type encountered for isin(): Bool (a "
                    + "torch.bool tensor of shape " + Shapes.str(t.shape) + ")");
        }
    }

    /**
     * {@code isin} with a number as the element: a 0-d result, the number taking the test elements' floating dtype
     * (the default dtype beside integers), as PyTorch's wrapped number.
     */
    static Tensor isin(double element, Tensor test, boolean assumeUnique, boolean invert) {
        requireTensor("isin", test, "test_elements");
        checkNotBool(test);
        return isin(DTypes.wrappedNumber("isin", element, test), test, assumeUnique, invert);
    }

    static Tensor isin(long element, Tensor test, boolean assumeUnique, boolean invert) {
        requireTensor("isin", test, "test_elements");
        return isin(DTypes.of(new long[] {element}, DType.INT64, test.storage.backend, Shapes.SCALAR), test, assumeUnique,
                invert);
    }

    // ------------------------------------------------------------ helpers

    private static void requireTensor(String op, Tensor t, String which) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": expected a tensor for '" + which + "', got null");
        }
    }

    /** The values of {@code t} in {@code dt}, broadcast to {@code shape}, row-major, as longs. */
    private static long[] values(Tensor t, DType dt, int[] shape) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return t.detach().to(dt).expand(shape).toLongArray();
        }
    }
}
