package org.grad4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The everyday torch / Tensor API that Tensor's "api2" section delegates to: introspection ({@code is_nonzero},
 * {@code tolist}), creation ({@code new_*}, {@code torch.range}, {@code scalar_tensor}, {@code as_tensor}, the
 * window functions), dtype rules ({@code result_type}) and process-wide switches
 * ({@code use_deterministic_algorithms}, {@code set_num_threads}).
 */
final class ApiOps {
    private static volatile boolean deterministic;
    private static volatile boolean deterministicWarnOnly;

    private ApiOps() {
    }

    // ---------------------------------------------------------------- introspection

    /** {@code is_nonzero}: PyTorch's RuntimeErrors for an empty tensor and for more than one element. */
    static boolean isNonzero(Tensor t) {
        int n = t.numel();
        if (n == 0) {
            throw new IllegalStateException("is_nonzero: Boolean value of Tensor with no values is ambiguous (shape "
                    + Shapes.str(t.shape) + ")");
        }
        if (n > 1) {
            throw new IllegalStateException("is_nonzero: Boolean value of Tensor with more than one value is ambiguous"
                    + " (shape " + Shapes.str(t.shape) + ")");
        }
        return t.item() != 0.0 || Double.isNaN(t.item());
    }

    /** {@code tolist}: nested lists of Double (floating), Long (integers) or Boolean; a 0-d tensor gives the scalar. */
    static Object tolist(Tensor t) {
        int[] shape = t.shape;
        Object[] flat = new Object[t.numel()];
        if (t.dtype.isFloatingPoint()) {
            double[] v = t.toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                flat[i] = v[i];
            }
        } else {
            long[] v = t.toLongArray();
            for (int i = 0; i < v.length; i++) {
                flat[i] = t.dtype == DType.BOOL ? (Object) (v[i] != 0) : (Object) v[i];
            }
        }
        if (shape.length == 0) {
            return flat[0];
        }
        return nest(flat, shape, 0, 0);
    }

    private static List<Object> nest(Object[] flat, int[] shape, int axis, int base) {
        int stride = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        List<Object> out = new ArrayList<>(shape[axis]);
        for (int i = 0; i < shape[axis]; i++) {
            out.add(axis == shape.length - 1 ? flat[base + i] : nest(flat, shape, axis + 1, base + i * stride));
        }
        return out;
    }

    // ---------------------------------------------------------------- creation

    static DType dtypeOr(DType dtype, DType fallback) {
        return dtype == null ? fallback : dtype;
    }

    static Tensor self(String op, Tensor self) {
        if (self == null) {
            throw new IllegalArgumentException(op + ": expected a tensor, got null");
        }
        return self;
    }

    /** {@code new_full} and friends: the size given, this tensor's device, its dtype unless one is given. */
    static Tensor newFull(String op, Tensor self, int[] size, double value, DType dtype) {
        int[] s = Shapes.checkSizes(op, size);
        return Tensor.full(s, value, dtypeOr(dtype, self.dtype), self.device());
    }

    /** {@code new_tensor(data)}: a copy of {@code data} in this tensor's dtype and on its device. */
    static Tensor newTensor(Tensor self, double[] data, int[] shape) {
        if (data == null) {
            throw new IllegalArgumentException("new_tensor: expected data, got null");
        }
        int[] s = Shapes.checkSizes("new_tensor", shape);
        if (data.length != Shapes.numel(s)) {
            throw new IllegalArgumentException("new_tensor: " + data.length + " values cannot fill shape "
                    + Shapes.str(s) + " (" + Shapes.numel(s) + " elements)");
        }
        for (double v : data) {
            DTypes.checkFill("new_tensor", v, self.dtype, s);
        }
        return Tensor.of(data, self.dtype, self.device(), s);
    }

    /**
     * {@code torch.range(start, end, step)}: {@code end} included, ATen's {@code range_out}: floating values
     * {@code start + i * step} in double, rounded once to the dtype; integer dtypes convert the bounds to int64 first
     * (truncating, with an overflow check) and count with integer division.
     */
    static Tensor range(double start, double end, double step, DType dtype, Device device) {
        if (dtype == null) {
            throw new IllegalArgumentException("range: expected a dtype, got null");
        }
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("range: \"range_cpu\" not implemented for 'Bool'");
        }
        if (dtype.isFloatingPoint()) {
            if (!(step > 0 || step < 0)) {
                throw new IllegalArgumentException("range: step must be nonzero");
            }
            if (!Double.isFinite(start) || !Double.isFinite(end)) {
                throw new IllegalArgumentException("range: unsupported range: " + pyNumber(start) + " -> "
                        + pyNumber(end));
            }
            checkSign(step > 0, step < 0, start, end);
            double count = (end - start) / step + 1;
            int n = size(count);
            double[] v = Allocation.guard("range", new int[] {n}, DType.FLOAT64, null, () -> new double[n]);
            for (int i = 0; i < n; i++) {
                v[i] = start + i * step;
            }
            return Tensor.of(v, dtype, device, n);
        }
        long s = toInt64(start);
        long e = toInt64(end);
        long st = toInt64(step);
        if (st == 0) {
            throw new IllegalArgumentException("range: step must be nonzero");
        }
        checkSign(st > 0, st < 0, s, e);
        int n = size((double) ((e - s) / st + 1));
        long[] v = Allocation.guard("range", new int[] {n}, DType.INT64, null, () -> new long[n]);
        for (int i = 0; i < n; i++) {
            v[i] = dtype.wrap(s + i * st);
        }
        return DTypes.of(v, dtype, Backends.get(device), new int[] {n});
    }

    private static void checkSign(boolean up, boolean down, double start, double end) {
        if (!((up && end >= start) || (down && end <= start))) {
            throw new IllegalArgumentException("range: upper bound and lower bound inconsistent with step sign ("
                    + pyNumber(start) + " -> " + pyNumber(end) + ")");
        }
    }

    private static int size(double count) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("range: " + count + " elements are more than a tensor can hold");
        }
        return (int) count;
    }

    /** c10's checked conversion of a number into int64: NaN and values outside int64 overflow. */
    private static long toInt64(double v) {
        if (!(v >= -0x1p63 && v < 0x1p63)) {
            throw new IllegalArgumentException("range: value cannot be converted to type int64_t without overflow: "
                    + v);
        }
        return (long) v;
    }

    /** C++'s {@code <<} of a double as ATen's messages show it: {@code 0}, {@code 1.5}, {@code inf}, {@code nan}. */
    private static String pyNumber(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code torch.as_tensor(tensor, dtype, device)}: the same tensor when nothing changes, else a converted copy. */
    static Tensor asTensor(Tensor data, DType dtype, Device device) {
        if (data == null) {
            throw new IllegalArgumentException("as_tensor: expected a tensor, got null");
        }
        Tensor t = dtype == null ? data : data.to(dtype);
        return device == null ? t : t.to(device);
    }

    /**
     * {@code torch.as_tensor(data, dtype, device)} of Java data: a Number or Boolean (0-d), a nested
     * {@code java.util.List}, or a 1-D primitive array. Without a dtype, PyTorch's inference: a float anywhere gives
     * the default dtype, else an integer gives int64, else bool; an empty list is of the default dtype. The shape comes
     * from the first element at each depth, as PyTorch's {@code compute_sizes}; a list of another length fails.
     */
    /** PyTorch's limit on a tensor's dims, which bounds the nesting as_tensor reads. */
    private static final int MAX_DIMS = 64;

    static Tensor fromData(Object data, DType dtype, Device device) {
        if (data instanceof Tensor t) {
            return asTensor(t, dtype, device);
        }
        Device dev = device == null ? Backends.defaultDevice() : device;
        List<Integer> sizes = new ArrayList<>();
        Object probe = data;
        while (isSequence(probe)) {
            if (sizes.size() == MAX_DIMS) {   // also a list that contains itself
                throw new IllegalArgumentException("as_tensor: the data nests more than " + MAX_DIMS
                        + " lists deep (a tensor has at most " + MAX_DIMS + " dims; does a list contain itself?)");
            }
            List<?> list = asList(probe);
            sizes.add(list.size());
            if (list.isEmpty()) {
                break;
            }
            probe = list.get(0);
        }
        int[] shape = Shapes.checkSizes("as_tensor", sizes.stream().mapToInt(Integer::intValue).toArray());
        List<Object> flat = new ArrayList<>();
        flatten(data, shape, 0, flat);
        boolean anyFloat = false;
        boolean anyInt = false;
        for (Object o : flat) {
            anyFloat |= o instanceof Double || o instanceof Float;
            anyInt |= !(o instanceof Boolean) && !(o instanceof Double || o instanceof Float);
        }
        DType inferred = flat.isEmpty() || anyFloat ? Tensor.defaultDType() : anyInt ? DType.INT64 : DType.BOOL;
        DType target = dtype == null ? inferred : dtype;
        if (target.isFloatingPoint()) {
            double[] v = new double[flat.size()];
            for (int i = 0; i < v.length; i++) {
                Object o = flat.get(i);
                v[i] = o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).doubleValue();
            }
            return Tensor.of(v, target, dev, shape);
        }
        long[] v = new long[flat.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = flat.get(i);
            long x;
            if (o instanceof Boolean b) {
                x = b ? 1 : 0;
            } else if (o instanceof Double || o instanceof Float) {
                double d = ((Number) o).doubleValue();
                DTypes.checkFits("as_tensor", d, target, "shape " + Shapes.str(shape));
                x = target == DType.BOOL ? (d != 0 ? 1 : 0) : DType.toLong(d);
            } else {
                x = ((Number) o).longValue();
                DTypes.checkFits("as_tensor", x, target, "shape " + Shapes.str(shape));
            }
            v[i] = target.wrap(x);
        }
        return DTypes.of(v, target, Backends.get(dev), shape);
    }

    private static boolean isSequence(Object o) {
        return o instanceof List || o instanceof double[] || o instanceof float[] || o instanceof long[]
                || o instanceof int[] || o instanceof boolean[];
    }

    private static List<?> asList(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        List<Object> out = new ArrayList<>();
        if (o instanceof double[] a) {
            for (double x : a) {
                out.add(x);
            }
        } else if (o instanceof float[] a) {
            for (float x : a) {
                out.add(x);
            }
        } else if (o instanceof long[] a) {
            for (long x : a) {
                out.add(x);
            }
        } else if (o instanceof int[] a) {
            for (int x : a) {
                out.add(x);
            }
        } else {
            for (boolean x : (boolean[]) o) {
                out.add(x);
            }
        }
        return out;
    }

    private static void flatten(Object o, int[] shape, int dim, List<Object> out) {
        if (dim == shape.length) {
            if (isSequence(o)) {
                throw new IllegalArgumentException("as_tensor: expected a number at dim " + dim + ", got a sequence"
                        + " (the first elements give the shape " + Shapes.str(shape) + ")");
            }
            if (!(o instanceof Boolean) && !(o instanceof Long || o instanceof Integer || o instanceof Short
                    || o instanceof Byte || o instanceof Double || o instanceof Float)) {
                throw new IllegalArgumentException("as_tensor: expected numbers or booleans, got "
                        + (o == null ? "null" : o.getClass().getName()));
            }
            out.add(o);
            return;
        }
        if (!isSequence(o)) {
            throw new IllegalArgumentException("as_tensor: expected a sequence at dim " + dim + ", got "
                    + (o == null ? "null" : o) + " (the first elements give the shape " + Shapes.str(shape) + ")");
        }
        List<?> list = asList(o);
        if (list.size() != shape[dim]) {
            throw new IllegalArgumentException("as_tensor: expected sequence of length " + shape[dim] + " at dim " + dim
                    + " (got " + list.size() + ")");
        }
        for (Object e : list) {
            flatten(e, shape, dim + 1, out);
        }
    }

    // ---------------------------------------------------------------- window functions

    /**
     * The window functions of ATen's TensorFactories.cpp, computed on the host in the dtype's arithmetic in ATen's
     * op order ({@code arange}, then in-place {@code mul_}, {@code cos_}, ...; a double scalar rounded to float for
     * float32) and uploaded: bartlett is bit for bit PyTorch's; hann, hamming and blackman use Java's cos where ATen
     * uses SLEEF's (within an ulp or so); kaiser uses grad4j's i0.
     */
    static Tensor window(String fn, int length, boolean periodic, double alpha, double beta, DType dtype,
            Device device) {
        String op = fn + "_window";
        if (dtype == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + " expects floating point dtypes, got: "
                    + (dtype == null ? "null" : dtype.torchName()));
        }
        if (length < 0) {
            throw new IllegalArgumentException(op + " requires non-negative window_length, got window_length=" + length);
        }
        if (device == null) {
            throw new IllegalArgumentException(op + ": expected a device, got null");
        }
        if (length == 0) {
            return Tensor.of(new double[0], dtype, device, 0);
        }
        if (length == 1) {
            return Tensor.of(new double[] {1.0}, dtype, device, 1);
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(op + ": window_length " + length + " is more than a tensor can hold");
        }
        int n = periodic ? length + 1 : length;
        boolean f32 = dtype == DType.FLOAT32;
        double[] w = Allocation.guard(op, new int[] {n}, DType.FLOAT64, null, () -> new double[n]);
        switch (fn) {
            case "hann", "hamming" -> {
                double scale = round(f32, Math.PI * 2.0 / (double) (n - 1));
                double negBeta = round(f32, -beta);
                double a = round(f32, alpha);
                for (int i = 0; i < n; i++) {
                    double c = cos(f32, round(f32, i * scale));
                    w[i] = round(f32, round(f32, c * negBeta) + a);
                }
            }
            case "blackman" -> {
                double scale = round(f32, Math.PI / (double) (n - 1));
                double c008 = round(f32, 0.08);
                double c05 = round(f32, 0.5);
                double c042 = round(f32, 0.42);
                for (int i = 0; i < n; i++) {
                    double x = round(f32, i * scale);
                    double a = round(f32, cos(f32, round(f32, x * 4)) * c008);
                    double b = round(f32, cos(f32, round(f32, x * 2)) * c05);
                    w[i] = round(f32, round(f32, a - b) + c042);
                }
            }
            case "bartlett" -> {
                double scale = round(f32, 2.0 / (double) (n - 1));
                int firstHalf = ((n - 1) >> 1) + 1;
                for (int i = 0; i < n; i++) {
                    double x = round(f32, i * scale);
                    w[i] = i < firstHalf ? x : round(f32, -x + 2);
                }
            }
            case "kaiser" -> {
                // ATen's kaiser_window_kernel in opmath (float for float32); i0 in double, rounded for float32
                double half = round(f32, (n - 1) / 2.0);
                double b = round(f32, beta);
                double i0b = round(f32, org.grad4j.spi.UnaryOp.I0.apply(b));
                for (int i = 0; i < n; i++) {
                    double r = round(f32, round(f32, i - half) / half);
                    double s = round(f32, Math.sqrt(round(f32, 1 - round(f32, r * r))));
                    w[i] = round(f32, round(f32, org.grad4j.spi.UnaryOp.I0.apply(round(f32, b * s))) / i0b);
                }
            }
            default -> throw new IllegalStateException("unknown window " + fn);
        }
        double[] out = periodic ? java.util.Arrays.copyOf(w, length) : w;
        return Tensor.of(out, dtype, device, length);
    }

    private static double round(boolean f32, double v) {
        return f32 ? (double) (float) v : v;
    }

    private static double cos(boolean f32, double v) {
        return round(f32, Math.cos(v));
    }

    // ---------------------------------------------------------------- dtype rules

    /**
     * {@code torch.result_type(a, b)}: each operand a tensor, or a Java number or boolean standing for a Python
     * number (an integral {@code Long}/{@code Integer}/{@code Short}/{@code Byte} is a Python int, a {@code Double} or
     * {@code Float} a Python float).
     */
    static DType resultType(Object a, Object b) {
        List<Tensor> tensors = new ArrayList<>();
        List<DType> numbers = new ArrayList<>();
        operand(a, "tensor", tensors, numbers);
        operand(b, "other", tensors, numbers);
        return DTypes.resultType(tensors.toArray(new Tensor[0]), numbers.toArray(new DType[0]));
    }

    private static void operand(Object o, String name, List<Tensor> tensors, List<DType> numbers) {
        if (o instanceof Tensor t) {
            tensors.add(t);
        } else if (o instanceof Boolean) {
            numbers.add(DType.BOOL);
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            numbers.add(DType.INT64);
        } else if (o instanceof Double || o instanceof Float) {
            numbers.add(Tensor.defaultDType());
        } else {
            throw new IllegalArgumentException("result_type: expected a Tensor, a number or a boolean for " + name
                    + ", got " + (o == null ? "null" : o.getClass().getName()));
        }
    }

    // ---------------------------------------------------------------- global state

    static void useDeterministicAlgorithms(boolean mode, boolean warnOnly) {
        deterministic = mode;
        deterministicWarnOnly = mode && warnOnly;
    }

    static boolean deterministic() {
        return deterministic;
    }

    static boolean deterministicWarnOnly() {
        return deterministicWarnOnly;
    }

    /** The CPU backend's thread count: its {@code grad4j.cpu.threads} setting, else the available processors. */
    static int numThreads() {
        return Math.max(1, Config.getInt("grad4j.cpu.threads", Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Sets {@code grad4j.cpu.threads}, which the CPU backend reads once, when it starts; more than
     * {@link #MAX_THREADS} threads are refused (a pool that large is a mistake, not a setting).
     */
    static void setNumThreads(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("set_num_threads: Expected positive number of threads, got " + n);
        }
        if (n > MAX_THREADS) {
            throw new IllegalArgumentException("set_num_threads: " + n + " threads are more than grad4j allows ("
                    + MAX_THREADS + ")");
        }
        System.setProperty("grad4j.cpu.threads", Integer.toString(n));
    }

    private static final int MAX_THREADS = 4096;
}
