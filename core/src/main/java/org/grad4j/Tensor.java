package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.format.TorchFormat;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;

/**
 * An n-dimensional array of float32, float64, int64 or bool on a device, with reverse-mode autograd: PyTorch's
 * {@code torch.Tensor}. Tensors are strided views over a buffer, so {@link #reshape}, {@link #transpose},
 * {@link #expand}, {@link #select} and {@link #narrow} share memory where PyTorch's do.
 *
 * <pre>{@code
 * Tensor w = Tensor.of(new double[] {0.3}, 1, 1).requiresGrad_(true);
 * Tensor x = Tensor.of(new double[] {-1.0}, 1, 1);
 * Tensor loss = x.matmul(w.t()).sub(1.0).pow(2).mean();
 * loss.backward();
 * System.out.println(w.grad());   // tensor([[2.6000]])
 * }</pre>
 *
 * <p>Operations follow PyTorch's names; in-place variants end with an underscore ({@code add_}),
 * bump the tensor's version, and refuse a leaf that requires grad unless grad mode is off.
 * A tensor is not thread-safe; graphs and grad mode are per thread.
 */
public final class Tensor {
    private static volatile DType defaultDType = DType.FLOAT32;

    // not final: setData (PyTorch's `tensor.data = other`, used by Module.to) swaps them on a leaf
    int[] shape;
    int[] strides;
    int offset;
    DType dtype;
    Storage storage;

    private boolean requiresGrad;
    /** Set by {@link #asParameter()}: prints as PyTorch prints an {@code nn.Parameter}. */
    private boolean parameter;
    /** The leaf's gradient; written by {@link GradientOwnership#accumulate}, {@link #setGrad}, {@link #clearGrad}. */
    Tensor grad;
    /**
     * Set by {@link #zeroGradLazily()}: the gradient reads as zeros (PyTorch 1.13's {@code zero_grad()}) while its
     * memory is released; {@link #grad()} or the next accumulation makes it real.
     */
    boolean gradZeroed;
    private Node gradFn;
    private Node.AccumulateGrad accumulator;
    private boolean view;
    private boolean noGradView;
    /** A view's base: the tensor (not a view) whose storage it shows; null for a tensor that is not a view. */
    private Tensor viewBase;
    /** The base's grad_fn when this view's was made: another one means an in-place op changed the base since. */
    private Node viewBaseGradFn;

    /** A buffer shared by a tensor and its views, with the version counter that in-place ops bump. */
    static final class Storage {
        final Buffer buffer;
        final Backend backend;
        int version;
        /** The scope that will release this storage, or null. */
        MemoryScope scope;
        /** Allocated by autograd to hold a leaf's gradient: {@link Tensor#clearGrad()} releases it. */
        boolean gradient;
        private boolean released;
        /**
         * The storage that owns the memory: this one, or for {@link Tensor#data()} the original, whose memory this
         * one shows under a version counter of its own. Only the owner is released.
         */
        private final Storage memory;

        Storage(Buffer buffer, Backend backend) {
            this.buffer = buffer;
            this.backend = backend;
            this.memory = this;
            MemoryScope.track(this);
        }

        private Storage(Storage shown) {
            this.buffer = shown.buffer;
            this.backend = shown.backend;
            this.memory = shown.memory;
        }

        /** Whether both show the same memory (the same storage, or one is the other's {@code data()}). */
        boolean sameMemory(Storage other) {
            return memory == other.memory;
        }

        boolean isReleased() {
            return memory.released;
        }

        /** Takes the memory out of the scope that would release it. */
        void keep() {
            memory.scope = null;
        }

        void release() {
            if (memory == this && !released) {
                released = true;
                buffer.close();
            }
        }

        Buffer live(Tensor owner) {
            if (memory.released) {
                throw new IllegalStateException("tensor of shape " + Shapes.str(owner.shape) + " (" + owner.dtype + " on "
                        + backend.device() + ") was released: " + (gradient
                        ? "it was a gradient, dropped by zeroGrad()/clearGrad(); clone() gradients you want to keep"
                        : "its MemoryScope closed; take it out of the scope with MemoryScope.keep(tensor) before the "
                        + "scope closes"));
            }
            return buffer;
        }
    }

    Tensor(Storage storage, int[] shape, int[] strides, int offset, DType dtype) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.dtype = dtype;
    }

    // ---------------------------------------------------------------- default dtype

    /**
     * The dtype that creation functions use when none is given (float32 unless changed).
     *
     * @return the current default dtype
     */
    public static DType defaultDType() {
        return defaultDType;
    }

    /**
     * Sets the default dtype for the whole process, like {@code torch.set_default_dtype}.
     *
     * @param dtype the new default, {@link DType#FLOAT32} or {@link DType#FLOAT64}
     * @throws IllegalArgumentException if {@code dtype} is null
     */
    public static void setDefaultDType(DType dtype) {
        if (dtype == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("setDefaultDType: only floating-point types are supported as the default "
                    + "type; expected FLOAT32 or FLOAT64, got " + (dtype == null ? "null" : dtype.torchName()));
        }
        defaultDType = dtype;
    }

    // ---------------------------------------------------------------- creation

    /**
     * A tensor with unspecified contents (it may hold a released tensor's values): only for an output
     * whose every element the next kernel writes. Anything else takes {@link #zeroed}.
     */
    static Tensor empty(int[] shape, DType dtype, Backend backend) {
        Buffer buffer = Allocation.uninitialized("allocating an output", shape, dtype, backend);
        return new Tensor(new Storage(buffer, backend), shape, Shapes.contiguousStrides(shape), 0, dtype);
    }

    /** A tensor of zeros, whatever memory the backend reuses. */
    static Tensor zeroed(String op, int[] shape, DType dtype, Backend backend) {
        Buffer buffer = Allocation.zeroed(op, shape, dtype, backend);
        return new Tensor(new Storage(buffer, backend), shape, Shapes.contiguousStrides(shape), 0, dtype);
    }

    private static Backend backendOf(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("expected a device, got null");
        }
        return Backends.get(device);
    }

    /**
     * A tensor of the given shape holding {@code data} in row-major order, in the default dtype, on the default device.
     *
     * @param data the values in row-major order; its length must equal the product of {@code shape}
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous tensor (a copy of {@code data})
     */
    public static Tensor of(double[] data, int... shape) {
        return of(data, defaultDType, Backends.defaultDevice(), shape);
    }

    /**
     * A tensor of the given shape holding {@code data}, rounded to {@code dtype}, on {@code device}.
     *
     * @param data the values in row-major order; its length must equal the product of {@code shape}
     * @param dtype the element type
     * @param device the device to allocate on
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous tensor (a copy of {@code data})
     * @throws IllegalArgumentException if an argument is null or {@code data} does not fill {@code shape}
     */
    public static Tensor of(double[] data, DType dtype, Device device, int... shape) {
        int[] s = Shapes.checkSizes("Tensor.of", shape);
        checkData("Tensor.of", data == null ? -1 : data.length, s);
        checkDType("Tensor.of", dtype);
        Backend backend = backendOf(device);
        Buffer buffer = Allocation.guard("Tensor.of", s, dtype, backend, () -> backend.upload(data, dtype));
        return new Tensor(new Storage(buffer, backend), s, Shapes.contiguousStrides(s), 0, dtype);
    }

    /**
     * A float32 tensor of the given shape holding {@code data}, on the default device.
     *
     * @param data the values in row-major order; its length must equal the product of {@code shape}
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous float32 tensor (a copy of {@code data})
     */
    public static Tensor of(float[] data, int... shape) {
        int[] s = Shapes.checkSizes("Tensor.of", shape);
        checkData("Tensor.of", data == null ? -1 : data.length, s);
        Backend backend = Backends.get(Backends.defaultDevice());
        Buffer buffer = Allocation.guard("Tensor.of", s, DType.FLOAT32, backend, () -> backend.upload(data, DType.FLOAT32));
        return new Tensor(new Storage(buffer, backend), s, Shapes.contiguousStrides(s), 0, DType.FLOAT32);
    }

    /**
     * A tensor of the given shape holding {@code data}, kept as float32 or widened to {@code dtype}, on {@code device}.
     *
     * @param data the values in row-major order; its length must equal the product of {@code shape}
     * @param dtype the element type
     * @param device the device to allocate on
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous tensor (a copy of {@code data})
     * @throws IllegalArgumentException if an argument is null or {@code data} does not fill {@code shape}
     */
    public static Tensor of(float[] data, DType dtype, Device device, int... shape) {
        int[] s = Shapes.checkSizes("Tensor.of", shape);
        checkData("Tensor.of", data == null ? -1 : data.length, s);
        checkDType("Tensor.of", dtype);
        Backend backend = backendOf(device);
        Buffer buffer = Allocation.guard("Tensor.of", s, dtype, backend, () -> backend.upload(data, dtype));
        return new Tensor(new Storage(buffer, backend), s, Shapes.contiguousStrides(s), 0, dtype);
    }

    /**
     * A 1-D tensor, like {@code torch.tensor([...])}, in the default dtype.
     *
     * @param values the elements
     * @return a new 1-D tensor of {@code values.length} elements
     */
    public static Tensor tensor(double... values) {
        return of(values, values == null ? 0 : values.length);
    }

    /**
     * A 2-D tensor from rows of equal length, like {@code torch.tensor([[...], [...]])}.
     *
     * @param rows the rows, all of the same length
     * @return a new 2-D tensor of shape {@code [rows.length, rows[0].length]} ({@code [0]} when there are no rows)
     * @throws IllegalArgumentException if the rows differ in length or one is null
     */
    public static Tensor tensor(double[][] rows) {
        if (rows == null || rows.length == 0) {
            return of(new double[0], 0);
        }
        int cols = -1;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException("Tensor.tensor: row " + i + " is null; expected " + rows.length
                        + " rows of equal length");
            }
            if (i == 0) {
                cols = rows[0].length;
            } else if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.tensor: row " + i + " has length " + rows[i].length
                        + ", expected " + cols + " like row 0");
            }
        }
        int[] s = Shapes.checkSizes("Tensor.tensor", new int[] {rows.length, cols});
        double[] flat = Allocation.guard("Tensor.tensor", s, DType.FLOAT64, null, () -> new double[Shapes.numel(s)]);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(flat, rows.length, cols);
    }

    /**
     * A 0-d tensor holding {@code value}, like {@code torch.tensor(value)}.
     *
     * @param value the element
     * @return a new 0-d tensor in the default dtype
     */
    public static Tensor scalar(double value) {
        return of(new double[] {value});
    }

    /**
     * Zeros of the given shape, default dtype and device.
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new tensor of zeros
     */
    public static Tensor zeros(int... shape) {
        return full(shape, 0.0, defaultDType, Backends.defaultDevice());
    }

    /**
     * Ones of the given shape, default dtype and device.
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new tensor of ones
     */
    public static Tensor ones(int... shape) {
        return full(shape, 1.0, defaultDType, Backends.defaultDevice());
    }

    /**
     * A tensor filled with {@code value}, default dtype and device.
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @param value the value of every element
     * @return a new tensor
     */
    public static Tensor full(int[] shape, double value) {
        return full(shape, value, defaultDType, Backends.defaultDevice());
    }

    /**
     * A tensor filled with {@code value}.
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @param value the value of every element, rounded to {@code dtype}
     * @param dtype the element type
     * @param device the device to allocate on
     * @return a new tensor
     */
    public static Tensor full(int[] shape, double value, DType dtype, Device device) {
        int[] s = Shapes.checkSizes("full", shape);
        checkDType("full", dtype);
        DTypes.checkFill("full", value, dtype, s);
        Backend backend = backendOf(device);
        if (Double.doubleToRawLongBits(value) == 0) {
            return zeroed("full", s, dtype, backend);   // +0.0: the backend's zero-fill, never skipped
        }
        Tensor t = new Tensor(new Storage(Allocation.uninitialized("full", s, dtype, backend), backend), s,
                Shapes.contiguousStrides(s), 0, dtype);
        backend.fill(s, t.strided(), value);
        return t;
    }

    /**
     * {@code [start, start+step, ...]} below {@code end}, like {@code torch.arange}.
     *
     * @param start the first value
     * @param end the exclusive bound
     * @param step the spacing; non-zero, negative to count down
     * @return a new 1-D tensor of {@code ceil((end - start) / step)} values in the default dtype
     * @throws IllegalArgumentException if {@code step} is zero, a value is not finite, or {@code step} points away from {@code end}
     */
    public static Tensor arange(double start, double end, double step) {
        Creation.checkArange(start, end, step);
        double count = Math.ceil((end - start) / step);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: from " + start + " to " + end + " in steps of " + step + " gives "
                    + String.format("%.0f", count) + " values; grad4j indexes at most " + Integer.MAX_VALUE
                    + " (2^31-1) elements per tensor");
        }
        int n = (int) count;
        return of(Creation.arangeValues(start, step, n, defaultDType), n);
    }

    /**
     * {@code steps} evenly spaced values from start to end inclusive, computed as {@code torch.linspace} does.
     *
     * @param start the first value
     * @param end the last value (included when {@code steps > 1})
     * @param steps the number of values, non-negative
     * @return a new 1-D tensor of {@code steps} values in the default dtype
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        }
        // PyTorch fills the first half from start and the second half from end, to keep both ends exact.
        double[] v = steps > 1 ? Creation.linspaceValues(start, end, steps, defaultDType) : new double[steps];
        if (steps == 1) {
            v[0] = start;
        }
        return of(v, steps);
    }

    /**
     * Uniform samples in [0, 1) from {@code generator}, like {@code torch.rand}.
     *
     * @param generator the source of randomness; it advances
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new tensor in the default dtype on the default device
     */
    public static Tensor rand(Generator generator, int... shape) {
        int[] s = Shapes.checkSizes("rand", shape);
        return fromSamples(s, defaultDType, generator, false);
    }

    /**
     * Standard normal samples from {@code generator}, like {@code torch.randn}.
     *
     * @param generator the source of randomness; it advances
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new tensor in the default dtype on the default device
     */
    public static Tensor randn(Generator generator, int... shape) {
        int[] s = Shapes.checkSizes("randn", shape);
        return fromSamples(s, defaultDType, generator, true);
    }

    private static Tensor fromSamples(int[] shape, DType dtype, Generator generator, boolean normal) {
        if (generator == null) {
            throw new IllegalArgumentException((normal ? "randn" : "rand") + ": expected a Generator, got null");
        }
        int n = Shapes.numel(shape);
        Backend backend = Backends.get(Backends.defaultDevice());
        Buffer buffer;
        String op = normal ? "randn" : "rand";
        if (dtype == DType.FLOAT32) {
            float[] v = Allocation.guard(op, shape, dtype, null, () -> new float[n]);
            if (normal) {
                generator.normal(v, 0, 1);
            } else {
                generator.uniform(v, 0, 1);
            }
            buffer = backend.upload(v, dtype);
        } else {
            double[] v = Allocation.guard(op, shape, dtype, null, () -> new double[n]);
            if (normal) {
                generator.normal(v, 0, 1);
            } else {
                generator.uniform(v, 0, 1);
            }
            buffer = backend.upload(v, dtype);
        }
        return new Tensor(new Storage(buffer, backend), shape, Shapes.contiguousStrides(shape), 0, dtype);
    }

    private static void checkData(String op, int length, int[] shape) {
        if (length < 0) {
            throw new IllegalArgumentException(op + ": expected data, got null");
        }
        if (length != Shapes.numel(shape)) {
            throw new IllegalArgumentException(op + ": " + length + " values cannot fill shape " + Shapes.str(shape)
                    + " (" + Shapes.numel(shape) + " elements)");
        }
    }

    private static void checkDType(String op, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException(op + ": expected a dtype, got null");
        }
    }

    // ---------------------------------------------------------------- metadata

    /**
     * The sizes, like {@code tensor.shape} (a copy).
     *
     * @return a new array of the sizes, one per dimension (empty for a 0-d tensor)
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The size of dimension {@code dim} (negative counts from the end).
     *
     * @param dim the dimension; negative counts from the end
     * @return the number of elements along {@code dim}
     */
    public int size(int dim) {
        if (shape.length == 0) {
            throw new IndexOutOfBoundsException("size: dimension specified as " + dim + " but the tensor has no "
                    + "dimensions (shape [])");
        }
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    /**
     * Number of dimensions.
     *
     * @return the rank: 0 for a scalar, 1 for a vector, 2 for a matrix and so on
     */
    public int dim() {
        return shape.length;
    }

    /**
     * Number of elements.
     *
     * @return the product of the sizes (1 for a 0-d tensor)
     */
    public int numel() {
        return Shapes.numel(shape);
    }

    /**
     * The strides in elements (a copy).
     *
     * @return a new array with, per dimension, the step in elements between neighbours in the storage
     */
    public int[] stride() {
        return strides.clone();
    }

    /**
     * The element type.
     *
     * @return the dtype
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The device holding the data.
     *
     * @return the device of this tensor's storage
     */
    public Device device() {
        return storage.backend.device();
    }

    /**
     * Whether the elements are laid out row-major without gaps.
     *
     * @return true if the strides are the row-major strides of the shape
     */
    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /**
     * How many in-place modifications the underlying storage has seen (PyTorch's {@code _version}).
     *
     * @return the storage's version counter, shared with every view of it
     */
    public int version() {
        return storage.version;
    }

    String typeName() {
        String base = switch (dtype) {
            case FLOAT64 -> "DoubleTensor";
            case FLOAT32 -> "FloatTensor";
            case INT64 -> "LongTensor";
            case BOOL -> "BoolTensor";
            case INT32 -> "IntTensor";
            case UINT8 -> "ByteTensor";
        };
        return device().type().equals("cpu") ? "torch." + base : "torch." + device().type() + "." + base;
    }

    static {
        org.grad4j.internal.Internals.register(new TensorInternals());   // for optim's fused kernels
    }

    Strided strided() {
        return new Strided(storage.live(this), offset, strides);
    }

    Strided stridedAs(int[] target) {
        return new Strided(storage.live(this), offset, Shapes.broadcastStrides(shape, strides, target));
    }

    /** The buffer, checked not to have been released by a {@link MemoryScope}. */
    Buffer buffer() {
        return storage.live(this);
    }

    Backend backend() {
        return storage.backend;
    }

    // ---------------------------------------------------------------- reading values

    /**
     * The value of a one-element tensor, like {@code tensor.item()}.
     *
     * @return the single element, widened to double
     * @throws IllegalStateException if this tensor does not have exactly one element
     */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a Tensor with " + numel() + " elements (shape " + Shapes.str(shape)
                    + ") cannot be converted to a scalar; expected exactly one element");
        }
        double[] v = new double[1];
        storage.backend.download(buffer(), offset, v);
        return v[0];
    }

    /**
     * The element at {@code index} (one index per dimension), as a double.
     *
     * @param index one index per dimension; negative counts from the end
     * @return the element, widened to double
     * @throws IllegalArgumentException if the number of indices is not {@link #dim()}
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public double get(int... index) {
        return elementView("get", index).item();
    }

    /**
     * The elements in row-major order, widened to double.
     *
     * @return a new array of {@link #numel()} values
     */
    public double[] toDoubleArray() {
        Tensor c = contiguousData();
        double[] v = new double[c.numel()];
        c.storage.backend.download(c.buffer(), c.offset, v);
        return v;
    }

    /**
     * The elements in row-major order, as float (float64 values are rounded).
     *
     * @return a new array of {@link #numel()} values
     */
    public float[] toFloatArray() {
        Tensor c = contiguousData();
        float[] v = new float[c.numel()];
        c.storage.backend.download(c.buffer(), c.offset, v);
        return v;
    }

    private Tensor contiguousData() {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return contiguous();
        }
    }

    private Tensor elementView(String op, int[] index) {
        if (index == null || index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for shape " + Shapes.str(shape)
                    + ", got " + (index == null ? "null" : Arrays.toString(index)));
        }
        int off = offset;
        for (int d = 0; d < shape.length; d++) {
            int i = index[d];
            if (i < -shape[d] || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + i + " is out of bounds for dimension " + d
                        + " with size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
            }
            off += (i < 0 ? i + shape[d] : i) * strides[d];
        }
        return new Tensor(storage, Shapes.SCALAR, Shapes.SCALAR, off, dtype);
    }

    // ---------------------------------------------------------------- autograd

    /**
     * Whether gradients are computed for this tensor.
     *
     * @return the {@code requires_grad} flag
     */
    public boolean requiresGrad() {
        refreshView();
        return requiresGrad;
    }

    /**
     * Sets {@code requires_grad} on a leaf and returns it, like {@code tensor.requires_grad_()}.
     *
     * @param requires whether autograd should record operations on this tensor
     * @return this tensor
     * @throws IllegalStateException if this is not a leaf and {@code requires} is false
     */
    public Tensor requiresGrad_(boolean requires) {
        if (gradFn != null && !requires) {
            throw new IllegalStateException("requiresGrad_: you can only change requires_grad flags of leaf variables; "
                    + "this tensor is the output of " + gradFn.name() + ". Use detach() to get a tensor without history.");
        }
        if (requires && !dtype.isFloatingPoint()) {
            throw new IllegalStateException("requiresGrad_: only Tensors of floating point dtype can require gradients "
                    + "(got a " + dtype.torchName() + " tensor of shape " + Shapes.str(shape) + "; convert it with toFloat())");
        }
        this.requiresGrad = requires;
        return this;
    }

    /**
     * Whether this tensor was created by the user rather than by a recorded operation.
     *
     * @return true if this tensor has no {@link #gradFn()}
     */
    public boolean isLeaf() {
        refreshView();
        return gradFn == null;
    }

    /**
     * The operation that produced this tensor, or null for a leaf: PyTorch's {@code grad_fn}.
     *
     * @return the node that created this tensor, or null
     */
    public Node gradFn() {
        refreshView();
        return gradFn;
    }

    /**
     * PyTorch's {@code register_hook}: {@code hook} sees this tensor's gradient each time a backward pass computes
     * it, before it flows on (into {@link #grad()} for a leaf); a non-null result replaces it (same shape, dtype
     * and device). Hooks run in registration order, under no-grad.
     *
     * @param hook called with the gradient; returns a replacement or null
     * @return a handle whose {@code remove()} unregisters the hook
     * @throws IllegalStateException if this tensor does not require grad
     */
    public HookHandle registerHook(java.util.function.Function<Tensor, Tensor> hook) {
        if (hook == null) {
            throw new IllegalArgumentException("registerHook: expected a hook, got null");
        }
        if (!requiresGrad()) {
            throw new IllegalStateException("registerHook: cannot register a hook on a tensor that doesn't require "
                    + "gradient (shape " + Shapes.str(shape) + ", " + dtype.torchName() + ")");
        }
        Node node = gradFn();
        return TensorHooks.add(node != null ? node : accumulator(), hook);
    }

    /** What {@link #registerHook} returns: PyTorch's {@code RemovableHandle}. */
    @FunctionalInterface
    public interface HookHandle {
        /** Unregisters the hook; a second call does nothing. */
        void remove();
    }

    /**
     * PyTorch's {@code retain_grad()}: this non-leaf tensor's {@link #grad()} is filled by backward passes
     * (a copy, then sums), as a leaf's is. Does nothing on a leaf.
     *
     * @throws IllegalStateException if this tensor does not require grad
     */
    public void retainGrad() {
        if (!requiresGrad()) {
            throw new IllegalStateException("retainGrad: can't retain_grad on Tensor that has requires_grad=False "
                    + "(shape " + Shapes.str(shape) + ", " + dtype.torchName() + ")");
        }
        Node node = gradFn();
        if (node != null) {
            TensorHooks.retain(node, this);
        }
    }

    /**
     * PyTorch's {@code retains_grad}: whether {@link #retainGrad()} was called on this non-leaf tensor.
     *
     * @return true for a non-leaf whose gradient is kept
     */
    public boolean retainsGrad() {
        return TensorHooks.retains(gradFn(), this);
    }

    /**
     * The accumulated gradient of a leaf (or of a non-leaf after {@link #retainGrad()}), or null if none yet, or
     * after {@code zeroGrad()} / {@link #clearGrad()}. After {@code zeroGrad(false)} (PyTorch 1.13's
     * {@code set_to_none=False}) a leaf that had a gradient reads zeros.
     *
     * @return the gradient, of this tensor's shape, dtype and device, or null
     */
    public Tensor grad() {
        if (gradZeroed) {
            gradZeroed = false;
            Tensor zeros = MemoryScope.keep(Tensor.full(shape, 0.0, dtype, device()));
            zeros.storage.gradient = true;
            grad = zeros;
        }
        return grad;
    }

    /**
     * Replaces the gradient (null clears it), like assigning {@code tensor.grad}.
     *
     * @param newGrad the new gradient, of this tensor's shape, dtype and device, or null
     * @throws IllegalArgumentException if {@code newGrad} does not match this tensor's shape, dtype or device
     */
    public void setGrad(Tensor newGrad) {
        if (newGrad != null && (!Arrays.equals(newGrad.shape, shape) || newGrad.dtype != dtype
                || !newGrad.device().equals(device()))) {
            throw new IllegalArgumentException("setGrad: assigned grad has shape " + Shapes.str(newGrad.shape) + ", "
                    + newGrad.dtype + " on " + newGrad.device() + "; expected shape " + Shapes.str(shape) + ", " + dtype
                    + " on " + device());
        }
        this.grad = newGrad;
        this.gradZeroed = false;
    }

    /**
     * Drops the gradient, like {@code tensor.grad = None} (what {@code zeroGrad(true)} does). A gradient
     * that autograd allocated is released at once, so a training loop's device memory stays flat;
     * a reference to it kept from before fails on use afterwards (clone it to keep the values).
     */
    public void clearGrad() {
        gradZeroed = false;
        releaseGrad();
    }

    /** Drops the gradient, releasing its memory if autograd allocated it. */
    private void releaseGrad() {
        Tensor old = grad;
        grad = null;
        if (old != null && old.storage.gradient && old.storage.scope == null) {
            old.storage.release();
        }
    }

    /**
     * PyTorch 1.13's {@code zero_grad(set_to_none=False)} on this leaf: an existing gradient becomes zeros (a
     * leaf without one keeps none). The zeros are not written: the memory is released as by {@link #clearGrad()},
     * {@link #grad()} returns fresh zeros, and the next backward adds its gradient to zero.
     */
    void zeroGradLazily() {
        if (grad != null || gradZeroed) {
            releaseGrad();
            gradZeroed = true;
        }
    }

    Node.AccumulateGrad accumulator() {
        if (accumulator == null) {
            accumulator = new Node.AccumulateGrad(this);
        }
        return accumulator;
    }

    /** Backward from a one-element tensor, like {@code loss.backward()}. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs; this tensor "
                    + "has shape " + Shapes.str(shape) + ". Pass a gradient: backward(gradient)");
        }
        backward(implicitOne(), false);
    }

    /** The last 0-d gradient {@code 1} made by {@link #implicitOne}, shared while nobody has changed it. */
    private static volatile Tensor sharedOne;

    /**
     * The gradient {@code 1} of this one-element root. A 0-d root whose node is a built-in rule gets a
     * shared constant: the engine hands a caller's gradient on as borrowed (never adopted, freed or
     * written), so only a user-written rule downstream could change it in place, which bumps its version
     * and retires it here. Otherwise a fresh tensor, as {@code torch.ones_like}.
     */
    Tensor implicitOne() {
        boolean shareable = shape.length == 0 && gradFn != null && gradFn.returnsOwnGradients();
        if (shareable) {
            Tensor one = sharedOne;
            if (one != null && one.storage.backend == storage.backend && one.dtype == dtype && one.storage.version == 0
                    && !one.storage.isReleased()) {
                return one;
            }
        }
        Tensor one = empty(shape, dtype, storage.backend);   // full(shape, 1.0) without a public entry's checks
        storage.backend.fill(shape, one.strided(), 1.0);
        if (shareable) {
            sharedOne = MemoryScope.keep(one);
        }
        return one;
    }

    /**
     * Backward with an explicit gradient of this tensor's shape.
     *
     * @param gradient the gradient of the final result with respect to this tensor, of its shape and device (any dtype)
     * @throws IllegalStateException if this tensor does not require grad
     * @throws IllegalArgumentException if {@code gradient} is null or does not match
     */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /**
     * Backward with an explicit gradient; keeps the graph's saved tensors when {@code retainGraph}.
     *
     * @param gradient the gradient of the final result with respect to this tensor, of its shape and device (another
     *     dtype is converted to this tensor's, as PyTorch does), or null for {@code 1} when this tensor has one element
     * @param retainGraph whether to keep the saved tensors so that backward can run through the graph again
     * @throws IllegalStateException if this tensor does not require grad
     * @throws IllegalArgumentException if {@code gradient} does not match, or is null and this tensor has more than
     *     one element
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: element 0 of tensors does not require grad and does not have a grad_fn");
        }
        if (gradient == null) {
            // PyTorch's backward(retain_graph=True): no gradient means 1 for a one-element tensor
            if (numel() != 1) {
                throw new IllegalArgumentException("backward: grad can be implicitly created only for scalar outputs; "
                        + "expected a gradient of shape " + Shapes.str(shape) + ", got null");
            }
            Engine.backward(this, implicitOne(), retainGraph);
            return;
        }
        Engine.backward(this, seedOf("backward: gradient", gradient), retainGraph);
    }

    /**
     * PyTorch's {@code backward(gradient, retain_graph, create_graph)}: with {@code createGraph} the gradient formulas
     * are recorded, so the gradients (each leaf's {@code grad()} included) carry a graph and can be differentiated
     * again (Hessian-vector products, gradient penalties). PyTorch's {@code retain_graph} defaults to
     * {@code create_graph}: pass {@code retainGraph = createGraph} for its default.
     *
     * @param gradient the gradient of the final result with respect to this tensor (its shape and device), or null
     *     for {@code 1} when this tensor has one element
     * @param retainGraph whether to keep the saved tensors so that backward can run through the graph again
     * @param createGraph whether to record the graph of the backward pass itself
     * @throws IllegalStateException if this tensor does not require grad, or {@code gradient} is null and it has more
     *     than one element
     * @throws IllegalArgumentException if {@code gradient} does not match
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: element 0 of tensors does not require grad and does not have a grad_fn");
        }
        Tensor seed;
        if (gradient == null) {
            if (numel() != 1) {
                throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs; this "
                        + "tensor has shape " + Shapes.str(shape) + ". Pass a gradient");
            }
            seed = implicitOne();
        } else {
            seed = seedOf("backward: gradient", gradient);
        }
        Engine.backward(this, seed, retainGraph, createGraph);
    }

    /**
     * {@code gradient}, checked to have this tensor's shape and device, as the seed of a backward pass from this
     * tensor; PyTorch takes a gradient of any real dtype (int64, bool, the other float) and converts it.
     *
     * @param what the op and the argument, for the message ({@code "backward: gradient"})
     */
    Tensor seedOf(String what, Tensor gradient) {
        if (!Arrays.equals(gradient.shape, shape) || !gradient.device().equals(device())) {
            throw new IllegalArgumentException(what + " has shape " + Shapes.str(gradient.shape) + ", "
                    + gradient.dtype + " on " + gradient.device() + "; expected shape " + Shapes.str(shape) + ", " + dtype
                    + " on " + device());
        }
        return gradient.dtype == dtype ? gradient : gradient.detach().to(dtype);
    }

    /**
     * A tensor sharing this one's data with no history, like {@code tensor.detach()}.
     *
     * @return a new leaf tensor sharing this tensor's storage, not requiring grad
     */
    public Tensor detach() {
        Tensor t = new Tensor(storage, shape, strides, offset, dtype);
        t.view = view;
        return t;
    }

    /**
     * This tensor's data outside autograd's view, like PyTorch's {@code tensor.data}: it shares the memory but not
     * the version counter, so an in-place change through it is invisible to autograd (a gradient computed later
     * from a saved value sees the new value, where {@link #detach()} would be refused). For PyTorch code that
     * writes {@code p.data.add_(...)}; new code should prefer {@link #detach()} or {@code GradMode.noGrad()}.
     *
     * @return a new leaf not requiring grad, sharing this tensor's memory, with its own version counter
     */
    public Tensor data() {
        Tensor t = new Tensor(new Storage(storage), shape, strides, offset, dtype);
        t.view = view;
        return t;
    }

    /**
     * Makes this leaf share {@code source}'s data (storage, shape, dtype and device), keeping its identity, its
     * {@code requires_grad} and its gradient object: PyTorch's {@code tensor.data = source}. {@code Module.to}
     * converts parameters this way, so references held by layers and optimizers stay valid.
     *
     * @param source the new data; it is shared, not copied
     * @return this tensor
     * @throws IllegalStateException if this tensor is not a leaf
     * @throws IllegalArgumentException if {@code source} is null
     */
    public Tensor setData(Tensor source) {
        if (source == null) {
            throw new IllegalArgumentException("setData: expected a tensor, got null");
        }
        if (gradFn != null) {
            throw new IllegalStateException("setData: only a leaf's data can be replaced; this tensor is the output of "
                    + gradFn.name());
        }
        this.storage = source.storage;
        this.shape = source.shape;
        this.strides = source.strides;
        this.offset = source.offset;
        this.dtype = source.dtype;
        this.view = source.view;
        return this;
    }

    /** Records that {@code out} was produced by {@code node} when grad mode is on and any input needs grad. */
    static Tensor record(Tensor out, Node node) {
        out.gradFn = node;
        out.requiresGrad = true;
        return out;
    }

    static boolean needsGrad(Tensor a) {
        return GradMode.isEnabled() && a.requiresGradNow();
    }

    static boolean needsGrad(Tensor a, Tensor b) {
        return GradMode.isEnabled() && (a.requiresGradNow() | b.requiresGradNow());
    }

    static boolean needsGrad(Tensor a, Tensor b, Tensor c) {
        return GradMode.isEnabled() && (a.requiresGradNow() | b.requiresGradNow() | c.requiresGradNow());
    }

    private boolean requiresGradNow() {
        if (viewBase != null) {
            refreshView();
        }
        return requiresGrad;
    }

    /**
     * A view whose base an in-place op changed since the view's history was made takes a node on the base's new
     * history (PyTorch regenerates such a view's grad_fn), so that its gradient goes through the change.
     */
    private void refreshView() {
        Tensor base = viewBase;
        if (base != null && base.gradFn != viewBaseGradFn) {
            viewBaseGradFn = base.gradFn;
            if (base.requiresGrad && base.gradFn != null && base.storage == storage) {
                gradFn = ViewInPlace.viewNode(base, this);
                requiresGrad = true;
            }
        }
    }

    /** Marks this new view of {@code source} as showing {@code source}'s base (see {@link ViewInPlace}). */
    Tensor markViewOf(Tensor source) {
        viewBase = source.viewBase != null ? source.viewBase : source;
        viewBaseGradFn = viewBase.gradFn;
        return this;
    }

    Tensor viewBase() {
        return viewBase;
    }

    /** This base's new history after an in-place change through one of its views. */
    void rebaseTo(Node node) {
        gradFn = node;
        requiresGrad = true;
    }

    /** This view's new history after an in-place change through it, on its base's new one. */
    void regenerate(Node node) {
        gradFn = node;
        requiresGrad = true;
        viewBaseGradFn = viewBase.gradFn;
    }

    Tensor markView() {
        this.view = true;
        return this;
    }

    /**
     * Marks a view made while grad mode was off of a tensor that requires grad (or of such a view):
     * changing it in place with grad mode on is refused, as PyTorch refuses it, since autograd
     * cannot tell whether the change should be recorded.
     */
    Tensor markNoGradView(Tensor base) {
        if ((base.requiresGrad || base.noGradView) && !GradMode.isEnabled()) {
            this.noGradView = true;
        }
        return this;
    }

    boolean isNoGradView() {
        return noGradView;
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * {@code this + other} with broadcasting.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor add(Tensor other) {
        return Pointwise.binary(BinaryOp.ADD, "add", this, other);
    }

    /**
     * {@code this + alpha * other}, like {@code torch.add(this, other, alpha=alpha)}.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @param alpha the multiplier of {@code other}
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor add(Tensor other, double alpha) {
        // a null other goes to add(other), which names the op and what it expected
        return alpha == 1.0 || other == null ? add(other) : ScaledAdd.apply("add", this, other, alpha);
    }

    /**
     * {@code this + value}.
     *
     * @param value the scalar operand
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor add(double value) {
        return Pointwise.scalar(BinaryOp.ADD, "add", this, value, false);
    }

    /**
     * {@code this - other} with broadcasting.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor sub(Tensor other) {
        return Pointwise.binary(BinaryOp.SUB, "sub", this, other);
    }

    /**
     * {@code this - value}.
     *
     * @param value the scalar operand
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor sub(double value) {
        return Pointwise.scalar(BinaryOp.SUB, "sub", this, value, false);
    }

    /**
     * {@code value - this}, like {@code torch.rsub}.
     *
     * @param value the scalar to subtract this tensor from
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor rsub(double value) {
        return Pointwise.scalar(BinaryOp.SUB, "rsub", this, value, true);
    }

    /**
     * {@code this * other} with broadcasting.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor mul(Tensor other) {
        return Pointwise.binary(BinaryOp.MUL, "mul", this, other);
    }

    /**
     * {@code this * value}.
     *
     * @param value the scalar operand
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor mul(double value) {
        return Pointwise.scalar(BinaryOp.MUL, "mul", this, value, false);
    }

    /**
     * {@code this / other} with broadcasting (true division).
     *
     * @param other the divisor, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor div(Tensor other) {
        return Pointwise.binary(BinaryOp.DIV, "div", this, other);
    }

    /**
     * {@code this / value}.
     *
     * @param value the divisor
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor div(double value) {
        return Pointwise.scalar(BinaryOp.DIV, "div", this, value, false);
    }

    /**
     * {@code torch.div(this, other, rounding_mode=roundingMode)}: {@code "trunc"} rounds the quotient toward
     * zero, {@code "floor"} toward negative infinity ({@link #floorDivide(Tensor)}), {@code null} is true
     * division. Integer operands give an integer quotient (division by zero is an error); a rounded quotient's
     * gradient is zero, as in PyTorch.
     *
     * @param other the divisor, broadcast against this tensor (same device)
     * @param roundingMode {@code "trunc"}, {@code "floor"} or null
     * @return a new tensor of the broadcast shape, in the promoted dtype
     */
    public Tensor div(Tensor other, String roundingMode) {
        return RoundingDivision.div(this, other, roundingMode);
    }

    /**
     * {@code torch.div(this, value, rounding_mode=roundingMode)} with a Python float divisor (an integer tensor's
     * quotient is then floating); see {@link #div(Tensor, String)}.
     *
     * @param value the divisor
     * @param roundingMode {@code "trunc"}, {@code "floor"} or null
     * @return a new tensor
     */
    public Tensor div(double value, String roundingMode) {
        return RoundingDivision.div(this, value, roundingMode);
    }

    /**
     * {@code torch.div(this, value, rounding_mode=roundingMode)} with a Python int divisor (an integer tensor's
     * quotient stays in its dtype); see {@link #div(Tensor, String)}.
     *
     * @param value the divisor
     * @param roundingMode {@code "trunc"}, {@code "floor"} or null
     * @return a new tensor
     */
    public Tensor div(long value, String roundingMode) {
        return RoundingDivision.div(this, value, roundingMode);
    }

    /**
     * {@code this ^ exponent} elementwise.
     *
     * @param exponent the exponents, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor pow(Tensor exponent) {
        return Pointwise.binary(BinaryOp.POW, "pow", this, exponent);
    }

    /**
     * {@code this ^ exponent}.
     *
     * @param exponent the exponent
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor pow(double exponent) {
        return Pointwise.scalar(BinaryOp.POW, "pow", this, exponent, false);
    }

    /**
     * Elementwise maximum, NaN-propagating ({@code torch.maximum}).
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor maximum(Tensor other) {
        return Pointwise.binary(BinaryOp.MAXIMUM, "maximum", this, other);
    }

    /**
     * Elementwise minimum, NaN-propagating ({@code torch.minimum}).
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor minimum(Tensor other) {
        return Pointwise.binary(BinaryOp.MINIMUM, "minimum", this, other);
    }

    /**
     * {@code this == other} as a bool tensor, compared in the promoted dtype; not differentiable.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new bool tensor of the broadcast shape; {@code this} is unchanged
     */
    public Tensor eq(Tensor other) {
        return Pointwise.binary(BinaryOp.EQ, "eq", this, other);
    }

    /**
     * {@code this > other} as a bool tensor; not differentiable.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new bool tensor of the broadcast shape; {@code this} is unchanged
     */
    public Tensor gt(Tensor other) {
        return Pointwise.binary(BinaryOp.GT, "gt", this, other);
    }

    /**
     * {@code this > value} as a bool tensor; not differentiable.
     *
     * @param value the threshold
     * @return a new bool tensor of this tensor's shape; {@code this} is unchanged
     */
    public Tensor gt(double value) {
        return Pointwise.scalar(BinaryOp.GT, "gt", this, value, false);
    }

    /**
     * {@code this < other} as a bool tensor; not differentiable.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new bool tensor of the broadcast shape; {@code this} is unchanged
     */
    public Tensor lt(Tensor other) {
        return Pointwise.binary(BinaryOp.LT, "lt", this, other);
    }

    /**
     * {@code -this}.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor neg() {
        return Pointwise.unary(UnaryOp.NEG, this);
    }

    /**
     * {@code e^this}.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor exp() {
        return Pointwise.unary(UnaryOp.EXP, this);
    }

    /**
     * Natural logarithm.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor log() {
        return Pointwise.unary(UnaryOp.LOG, this);
    }

    /**
     * Square root.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor sqrt() {
        return Pointwise.unary(UnaryOp.SQRT, this);
    }

    /**
     * Absolute value.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor abs() {
        return Pointwise.unary(UnaryOp.ABS, this);
    }

    /**
     * {@code max(this, 0)}.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor relu() {
        return Pointwise.unary(UnaryOp.RELU, this);
    }

    /**
     * Hyperbolic tangent.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor tanh() {
        return Pointwise.unary(UnaryOp.TANH, this);
    }

    /**
     * Logistic sigmoid.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor sigmoid() {
        return Pointwise.unary(UnaryOp.SIGMOID, this);
    }

    /**
     * -1, 0 or 1 per element; its gradient is zero.
     *
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor sign() {
        return Pointwise.unary(UnaryOp.SIGN, this);
    }

    // ---------------------------------------------------------------- in-place

    /**
     * In place {@code this += other}.
     *
     * @param other the operand, broadcast to this tensor's shape and rounded to its dtype
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor add_(Tensor other) {
        return Pointwise.inPlace("add_", this, other, BinaryOp.ADD);
    }

    /**
     * In place {@code this += alpha * other}, rounding once ({@code fma}), as PyTorch's CPU
     * {@code add_(other, alpha=alpha)} does; optimizers update parameters with it.
     *
     * @param other the operand, broadcast to this tensor's shape and rounded to its dtype
     * @param alpha the multiplier of {@code other}
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor add_(Tensor other, double alpha) {
        return Pointwise.axpy("add_", this, other, alpha);
    }

    /**
     * In place {@code this += value}.
     *
     * @param value the scalar operand
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor add_(double value) {
        return Pointwise.inPlaceScalar("add_", this, value, BinaryOp.ADD);
    }

    /**
     * In place {@code this -= other}.
     *
     * @param other the operand, broadcast to this tensor's shape and rounded to its dtype
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor sub_(Tensor other) {
        return Pointwise.inPlace("sub_", this, other, BinaryOp.SUB);
    }

    /**
     * In place {@code this -= value}.
     *
     * @param value the scalar operand
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor sub_(double value) {
        return Pointwise.inPlaceScalar("sub_", this, value, BinaryOp.SUB);
    }

    /**
     * In place {@code this *= other}.
     *
     * @param other the operand, broadcast to this tensor's shape and rounded to its dtype
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor mul_(Tensor other) {
        return Pointwise.inPlace("mul_", this, other, BinaryOp.MUL);
    }

    /**
     * In place {@code this *= value}.
     *
     * @param value the scalar operand
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor mul_(double value) {
        return Pointwise.inPlaceScalar("mul_", this, value, BinaryOp.MUL);
    }

    /**
     * In place {@code this /= other}.
     *
     * @param other the divisor, broadcast to this tensor's shape
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor div_(Tensor other) {
        return Pointwise.inPlace("div_", this, other, BinaryOp.DIV);
    }

    /**
     * In place {@code this /= value}.
     *
     * @param value the divisor
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor div_(double value) {
        return Pointwise.inPlaceScalar("div_", this, value, BinaryOp.DIV);
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param value the new value of every element, rounded to this dtype
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor fill_(double value) {
        return fill("fill_", value);
    }

    private Tensor fill(String op, double value) {
        Pointwise.checkInPlace(op, this);
        DTypes.checkFill(op, value, dtype, shape);
        if (needsGrad(this)) {   // recorded: the old values get a zero gradient (PyTorch's FillBackward2/ZeroBackward0)
            return ViewInPlace.fill(op, this, value, op.equals("zero_") ? "ZeroBackward0" : "FillBackward2");
        }
        storage.backend.fill(shape, strided(), value);
        return bumpVersion();
    }

    /**
     * Sets every element to zero.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor zero_() {
        return fill("zero_", 0.0);
    }

    /**
     * Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor.
     *
     * @param src the values to copy, broadcastable to this tensor's shape
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor copy_(Tensor src) {
        if (src == null) {
            throw new IllegalArgumentException("copy_: expected a source tensor, got null (destination shape "
                    + Shapes.str(shape) + ")");
        }
        return Pointwise.copyInto("copy_", this, src);
    }

    /**
     * Sets one element, like {@code tensor[i, j] = value}; refuses a leaf that requires grad
     * unless grad mode is off (use {@link GradMode#noGrad()}).
     *
     * @param value the new value, rounded to this dtype
     * @param index one index per dimension; negative counts from the end
     * @return this tensor, modified in place (its version is bumped)
     * @throws IllegalArgumentException if the number of indices is not {@link #dim()}
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public Tensor set(double value, int... index) {
        Tensor element = elementView("set", index);
        Pointwise.checkInPlaceLeaf("set", this);
        if (needsGrad(this)) {
            // recorded as PyTorch's t[i, j] = v: a fill of the element's view (CopySlices on the base)
            Tensor e = this;
            for (int i : index) {
                e = e.select(0, i);
            }
            e.fill_(value);
            return this;
        }
        element.noGradView = noGradView;   // one element never overlaps itself; the no-grad-view rule still holds
        InPlace.checkWritable("set", element);
        storage.backend.fill(Shapes.SCALAR, element.strided(), value);
        return bumpVersion();
    }

    Tensor bumpVersion() {
        storage.version++;
        return this;
    }

    void rebase(Tensor result) {
        gradFn = result.gradFn;
        requiresGrad = result.requiresGrad;
    }

    boolean isView() {
        return view;
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Sum of all elements, as a 0-d tensor.
     *
     * @return a new 0-d tensor
     */
    public Tensor sum() {
        return PrimitiveReductions.sumAll(this);
    }

    /**
     * Sum over {@code dims}, keeping them as size 1 when {@code keepdim}.
     *
     * @param dims the dimensions to reduce; negative counts from the end
     * @param keepdim whether the reduced dimensions stay as size 1
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor sum(int[] dims, boolean keepdim) {
        return PrimitiveReductions.sum(this, dims, keepdim);
    }

    /**
     * Sum over one dimension.
     *
     * @param dim the dimension; negative counts from the end
     * @return a new tensor without dimension {@code dim}
     */
    public Tensor sum(int dim) {
        return PrimitiveReductions.sum(this, new int[] {dim}, false);
    }

    /**
     * Mean of all elements.
     *
     * @return a new 0-d tensor
     */
    public Tensor mean() {
        return PrimitiveReductions.meanAll(this);
    }

    /**
     * Mean over {@code dims}, keeping them as size 1 when {@code keepdim}.
     *
     * @param dims the dimensions to reduce; negative counts from the end
     * @param keepdim whether the reduced dimensions stay as size 1
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor mean(int[] dims, boolean keepdim) {
        return PrimitiveReductions.mean(this, dims, keepdim);
    }

    /**
     * Maximum of all elements; its gradient is shared evenly among ties, as in PyTorch.
     *
     * @return a new 0-d tensor
     */
    public Tensor max() {
        return PrimitiveReductions.maxAll(this);
    }

    /**
     * Maximum over {@code dim} with its int64 indices, like PyTorch's {@code max(dim, keepdim)}; the
     * gradient goes to the first maximum.
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimensions stay as size 1
     * @return the values (differentiable) and their int64 indices; {@code this} is unchanged
     */
    public ValuesIndices max(int dim, boolean keepdim) {
        return PrimitiveReductions.max(this, dim, keepdim);
    }

    /**
     * Index of the maximum over {@code dim}, as int64.
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimensions stay as size 1
     * @return a new int64 tensor of indices (the first maximum on ties); not differentiable
     */
    public Tensor argmax(int dim, boolean keepdim) {
        return PrimitiveReductions.argmax(this, dim, keepdim);
    }

    // ---------------------------------------------------------------- products

    /**
     * Matrix product with PyTorch's {@code matmul} rules: 1-D, 2-D and batched with broadcasting.
     *
     * @param other the right-hand operand, on the same device
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor matmul(Tensor other) {
        return Products.matmul(this, other);
    }

    // ---------------------------------------------------------------- shape

    /**
     * A tensor with the same data and a new shape (one size may be -1); a view when the strides allow.
     *
     * @param newShape the new sizes, with as many elements in all as this tensor; at most one may be -1 (inferred)
     * @return a view when possible, else a contiguous copy
     */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /**
     * Like {@link #reshape}, but fails instead of copying, as PyTorch's {@code view}.
     *
     * @param newShape the new sizes, with as many elements in all as this tensor; at most one may be -1 (inferred)
     * @return a view sharing this tensor's storage
     */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /**
     * Swaps two dimensions (a view).
     *
     * @param dim0 the first dimension; negative counts from the end
     * @param dim1 the second dimension; negative counts from the end
     * @return a view sharing this tensor's storage
     */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /**
     * Transpose of a tensor of rank at most 2 (a view), like {@code tensor.t()}.
     *
     * @return a view sharing this tensor's storage (an alias of it for rank 0 or 1)
     */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, but got shape " + Shapes.str(shape));
        }
        return shape.length < 2 ? Views.alias(this) : Views.transpose(this, 0, 1, true);
    }

    /**
     * Inserts a size-1 dimension at {@code dim} (a view).
     *
     * @param dim the position of the new dimension, in {@code [-dim()-1, dim()]}; negative counts from the end
     * @return a view sharing this tensor's storage
     */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /**
     * Removes every size-1 dimension (a view).
     *
     * @return a view sharing this tensor's storage
     */
    public Tensor squeeze() {
        return Views.squeeze(this, -1, true);
    }

    /**
     * Removes dimension {@code dim} if its size is 1 (a view).
     *
     * @param dim the dimension; negative counts from the end
     * @return a view sharing this tensor's storage
     */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim, false);
    }

    /**
     * Broadcasts size-1 dimensions to {@code sizes} (-1 keeps a size) without copying.
     *
     * @param sizes the target sizes, at least one per dimension (extra leading ones add dimensions); -1 keeps an existing size
     * @return a view sharing this tensor's storage, with stride 0 along broadcast dimensions (a new view, recorded as
     *     ExpandBackward0, also when the shape is unchanged, as PyTorch's)
     */
    public Tensor expand(int... sizes) {
        return Views.broadcastTo(this, sizes);
    }

    /**
     * The slice at {@code index} along {@code dim}, removing that dimension (a view), like {@code t[:, i]}.
     *
     * @param dim the dimension; negative counts from the end
     * @param index the position along {@code dim}; negative counts from the end
     * @return a view sharing this tensor's storage, of rank {@code dim() - 1}
     */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /**
     * Elements {@code start} to {@code start+length-1} along {@code dim} (a view).
     *
     * @param dim the dimension; negative counts from the end
     * @param start the first position along {@code dim}; negative counts from the end
     * @param length the number of positions kept
     * @return a view sharing this tensor's storage
     */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /**
     * This tensor if contiguous, else a contiguous copy.
     *
     * @return this tensor, or a new contiguous tensor with the same values
     */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.copy(this, dtype, "CloneBackward0");
    }

    /**
     * A copy with its own storage; gradients flow back to this tensor. As PyTorch's {@code clone()}
     * ({@code preserve_format}) it keeps this tensor's strides when they are dense (a transposed tensor stays
     * transposed; {@link #contiguous()} makes a row-major one).
     */
    public Tensor clone() {
        return Views.copyPreserving(this, dtype, "CloneBackward0");
    }

    /**
     * This tensor converted to {@code target} (itself if already of that dtype).
     *
     * @param target the dtype to convert to
     * @return this tensor, or a new tensor of dtype {@code target}
     */
    public Tensor to(DType target) {
        checkDType("to", target);
        return target == dtype ? this : Views.copyPreserving(this, target, "ToCopyBackward0");   // preserve_format
    }

    /**
     * This tensor on {@code target} (itself if already there); gradients flow back across devices.
     *
     * @param target the device to copy to
     * @return this tensor, or a new tensor on {@code target}
     */
    public Tensor to(Device target) {
        if (target == null) {
            throw new IllegalArgumentException("to: expected a device, got null");
        }
        return target.equals(device()) ? this : Views.toDevice(this, backendOf(target));
    }

    // ---------------------------------------------------------------- dtypes: int64 and bool (creation, conversion)

    /**
     * An int64 tensor of the given shape holding {@code data} exactly, on the default device, like
     * {@code torch.tensor([...])} of Python ints.
     *
     * @param data the values in row-major order; its length must equal the product of {@code shape}
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous int64 tensor (a copy of {@code data})
     */
    public static Tensor of(long[] data, int... shape) {
        int[] s = Shapes.checkSizes("Tensor.of", shape);
        checkData("Tensor.of", data == null ? -1 : data.length, s);
        return DTypes.of(data, DType.INT64, backendOf(Backends.defaultDevice()), s);
    }

    /**
     * A bool tensor of the given shape holding {@code data}, on the default device.
     *
     * @param data the values in row-major order; its length must equal the product of {@code shape}
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous bool tensor (a copy of {@code data})
     */
    public static Tensor of(boolean[] data, int... shape) {
        int[] s = Shapes.checkSizes("Tensor.of", shape);
        checkData("Tensor.of", data == null ? -1 : data.length, s);
        return DTypes.of(DTypes.fromBooleans(data), DType.BOOL, backendOf(Backends.defaultDevice()), s);
    }

    /**
     * A 1-D int64 tensor, like {@code torch.tensor([1, 2])}; {@code Tensor.tensor(1, 2)} picks this overload.
     *
     * @param values the elements
     * @return a new 1-D int64 tensor of {@code values.length} elements
     */
    public static Tensor tensor(long... values) {
        return of(values == null ? null : values, values == null ? 0 : values.length);
    }

    /**
     * A 1-D bool tensor, like {@code torch.tensor([True, False])}.
     *
     * @param values the elements
     * @return a new 1-D bool tensor of {@code values.length} elements
     */
    public static Tensor tensor(boolean... values) {
        return of(values == null ? null : values, values == null ? 0 : values.length);
    }

    /**
     * A 0-d int64 tensor, like {@code torch.tensor(3)}.
     *
     * @param value the element
     * @return a new 0-d int64 tensor
     */
    public static Tensor scalar(long value) {
        return of(new long[] {value});
    }

    /**
     * An int32 tensor of the given shape holding {@code data}, on the default device, like
     * {@code torch.tensor([...], dtype=torch.int32)}.
     *
     * @param data the values in row-major order; its length must equal the product of {@code shape}
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous int32 tensor (a copy of {@code data})
     */
    public static Tensor of(int[] data, int... shape) {
        int[] s = Shapes.checkSizes("Tensor.of", shape);
        checkData("Tensor.of", data == null ? -1 : data.length, s);
        long[] v = new long[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = data[i];
        }
        return DTypes.of(v, DType.INT32, backendOf(Backends.defaultDevice()), s);
    }

    /**
     * A uint8 tensor of the given shape holding {@code data} read as unsigned bytes (Java's {@code (byte) 200}
     * is 200), on the default device, like {@code torch.tensor([...], dtype=torch.uint8)}.
     *
     * @param data the bytes in row-major order; its length must equal the product of {@code shape}
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new contiguous uint8 tensor (a copy of {@code data})
     */
    public static Tensor of(byte[] data, int... shape) {
        int[] s = Shapes.checkSizes("Tensor.of", shape);
        checkData("Tensor.of", data == null ? -1 : data.length, s);
        long[] v = new long[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = data[i] & 0xFF;
        }
        return DTypes.of(v, DType.UINT8, backendOf(Backends.defaultDevice()), s);
    }

    /**
     * This tensor as int32, PyTorch's {@code tensor.int()} ({@code int} is a Java keyword): int64 keeps the low
     * 32 bits; floats truncate toward zero, NaN and out-of-range values give {@code Integer.MIN_VALUE}, as
     * PyTorch on x86.
     *
     * @return this tensor if already int32, else a new int32 tensor (not differentiable)
     */
    public Tensor toInt() {
        return to(DType.INT32);
    }

    /**
     * This tensor as uint8, PyTorch's {@code tensor.byte()} ({@code byte} is a Java keyword): integers keep their
     * low 8 bits (-1 gives 255, 300 gives 44), floats truncate to int64 first, as PyTorch on x86.
     *
     * @return this tensor if already uint8, else a new uint8 tensor (not differentiable)
     */
    public Tensor toByte() {
        return to(DType.UINT8);
    }

    /**
     * Zeros of the given shape and dtype on the default device, like {@code torch.zeros(shape, dtype=...)}.
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @param dtype the element type
     * @return a new tensor of zeros ({@code false} for bool)
     */
    public static Tensor zeros(int[] shape, DType dtype) {
        return full(shape, 0.0, dtype, Backends.defaultDevice());
    }

    /**
     * Ones of the given shape and dtype on the default device, like {@code torch.ones(shape, dtype=...)}.
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @param dtype the element type
     * @return a new tensor of ones ({@code true} for bool)
     */
    public static Tensor ones(int[] shape, DType dtype) {
        return full(shape, 1.0, dtype, Backends.defaultDevice());
    }

    /**
     * {@code [0, 1, ..., end-1]} as int64, like {@code torch.arange(5)}; {@code arange(5.0)}-style float
     * ranges use {@link #arange(double, double, double)}.
     *
     * @param end the exclusive bound
     * @return a new 1-D int64 tensor
     */
    public static Tensor arange(long end) {
        return arange(0, end, 1);
    }

    /**
     * {@code [start, ..., end-1]} as int64, like {@code torch.arange(start, end)}.
     *
     * @param start the first value
     * @param end the exclusive bound
     * @return a new 1-D int64 tensor
     */
    public static Tensor arange(long start, long end) {
        return arange(start, end, 1);
    }

    /**
     * {@code [start, start+step, ...]} below {@code end} as int64, like {@code torch.arange} of Python ints.
     *
     * @param start the first value
     * @param end the exclusive bound
     * @param step the spacing; non-zero, negative to count down
     * @return a new 1-D int64 tensor of {@code ceil((end - start) / step)} values
     * @throws IllegalArgumentException if {@code step} is zero or points away from {@code end}
     */
    public static Tensor arange(long start, long end, long step) {
        long[] v = DTypes.arange(start, end, step);
        return of(v, v.length);
    }

    /**
     * The elements in row-major order as long: exact for int64, 0/1 for bool, truncated toward zero
     * for floating types (like {@link #toLong()}).
     *
     * @return a new array of {@link #numel()} values
     */
    public long[] toLongArray() {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return DTypes.toLongArray(this);
        }
    }

    /**
     * The value of a one-element tensor as a long, exact for int64 (where {@link #item()} rounds beyond 2^53).
     *
     * @return the single element, converted like {@link #toLongArray()}
     * @throws IllegalStateException if this tensor does not have exactly one element
     */
    public long itemLong() {
        if (numel() != 1) {
            throw new IllegalStateException("itemLong: a Tensor with " + numel() + " elements (shape " + Shapes.str(shape)
                    + ") cannot be converted to a scalar; expected exactly one element");
        }
        return toLongArray()[0];
    }

    /**
     * This tensor as int64, PyTorch's {@code tensor.long()} ({@code long} is a Java keyword): floats truncate toward zero; NaN and out-of-range
     * values give {@code Long.MIN_VALUE}, as PyTorch on x86.
     *
     * @return this tensor if already int64, else a new int64 tensor (not differentiable)
     */
    public Tensor toLong() {
        return to(DType.INT64);
    }

    /**
     * This tensor as bool ({@code tensor.bool()}): true where non-zero (NaN included).
     *
     * @return this tensor if already bool, else a new bool tensor (not differentiable)
     */
    public Tensor bool() {
        return to(DType.BOOL);
    }

    /**
     * This tensor as float32, PyTorch's {@code tensor.float()} ({@code float} is a Java keyword).
     *
     * @return this tensor if already float32, else a new float32 tensor
     */
    public Tensor toFloat() {
        return to(DType.FLOAT32);
    }

    /**
     * This tensor as float64, PyTorch's {@code tensor.double()} ({@code double} is a Java keyword).
     *
     * @return this tensor if already float64, else a new float64 tensor
     */
    public Tensor toDouble() {
        return to(DType.FLOAT64);
    }

    /**
     * Whether this tensor's dtype is a floating-point type ({@code tensor.is_floating_point()}).
     *
     * @return true for float32 and float64
     */
    public boolean isFloatingPoint() {
        return dtype.isFloatingPoint();
    }

    /**
     * {@code this + value} with a Python int: int64 stays int64 (exact), bool becomes int64, floating types
     * stay as they are. {@code x.add(2)} picks this overload, {@code x.add(2.0)} the float one, as in PyTorch.
     *
     * @param value the scalar operand
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor add(long value) {
        return DTypes.scalarLong(BinaryOp.ADD, "add", this, value, false);
    }

    /**
     * {@code this - value} with a Python int (see {@link #add(long)} for the dtypes).
     *
     * @param value the scalar operand
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor sub(long value) {
        return DTypes.scalarLong(BinaryOp.SUB, "sub", this, value, false);
    }

    /**
     * {@code value - this} with a Python int (see {@link #add(long)} for the dtypes).
     *
     * @param value the scalar operand
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor rsub(long value) {
        return DTypes.scalarLong(BinaryOp.SUB, "rsub", this, value, true);
    }

    /**
     * {@code this * value} with a Python int (see {@link #add(long)} for the dtypes).
     *
     * @param value the scalar operand
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor mul(long value) {
        return DTypes.scalarLong(BinaryOp.MUL, "mul", this, value, false);
    }

    /**
     * {@code this / value}: true division, so an int64 or bool tensor gives the default float dtype.
     *
     * @param value the divisor
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor div(long value) {
        return DTypes.scalarLong(BinaryOp.DIV, "div", this, value, false);
    }

    /**
     * {@code this ** exponent} with a Python int: int64 stays int64 (a negative exponent is refused, as in
     * PyTorch), floating types stay as they are.
     *
     * @param exponent the exponent
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor pow(long exponent) {
        return DTypes.scalarLong(BinaryOp.POW, "pow", this, exponent, false);
    }

    /**
     * {@code this // other}: PyTorch 1.13's {@code floor_divide}, rounding toward negative infinity, in the
     * promoted dtype (integers stay integers; an integer division by zero throws, as PyTorch's
     * ZeroDivisionError). Not differentiable.
     *
     * @param other the divisor, broadcast against this tensor (same device)
     * @return a new tensor of the broadcast shape
     */
    public Tensor floorDivide(Tensor other) {
        return Pointwise.binary(BinaryOp.FLOOR_DIVIDE, "floor_divide", this, other);
    }

    /**
     * {@code this // value} with a Python int (see {@link #floorDivide(Tensor)}).
     *
     * @param value the divisor
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor floorDivide(long value) {
        return DTypes.scalarLong(BinaryOp.FLOOR_DIVIDE, "floor_divide", this, value, false);
    }

    /**
     * {@code this // value} with a Python float: an int64 or bool tensor is divided in the default float dtype.
     *
     * @param value the divisor
     * @return a new tensor; {@code this} is unchanged
     */
    public Tensor floorDivide(double value) {
        return Pointwise.scalar(BinaryOp.FLOOR_DIVIDE, "floor_divide", this, value, false);
    }

    /**
     * {@code this != other} as a bool tensor (NaN differs from everything).
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new bool tensor of the broadcast shape
     */
    public Tensor ne(Tensor other) {
        return Pointwise.binary(BinaryOp.NE, "ne", this, other);
    }

    /**
     * {@code this <= other} as a bool tensor.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new bool tensor of the broadcast shape
     */
    public Tensor le(Tensor other) {
        return Pointwise.binary(BinaryOp.LE, "le", this, other);
    }

    /**
     * {@code this >= other} as a bool tensor.
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @return a new bool tensor of the broadcast shape
     */
    public Tensor ge(Tensor other) {
        return Pointwise.binary(BinaryOp.GE, "ge", this, other);
    }

    /**
     * {@code this == value} with a Python float, as a bool tensor: an integer or bool tensor compares in the default
     * dtype, as PyTorch ({@code int64 16777217 == 16777216.0} holds in float32); {@link #eq(long)} compares integers.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this tensor's shape
     */
    public Tensor eq(double value) {
        return Pointwise.scalar(BinaryOp.EQ, "eq", this, value, false);
    }

    /**
     * {@code this != value} as a bool tensor.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this tensor's shape
     */
    public Tensor ne(double value) {
        return Pointwise.scalar(BinaryOp.NE, "ne", this, value, false);
    }

    /**
     * {@code this < value} as a bool tensor.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this tensor's shape
     */
    public Tensor lt(double value) {
        return Pointwise.scalar(BinaryOp.LT, "lt", this, value, false);
    }

    /**
     * {@code this <= value} as a bool tensor.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this tensor's shape
     */
    public Tensor le(double value) {
        return Pointwise.scalar(BinaryOp.LE, "le", this, value, false);
    }

    /**
     * {@code this >= value} as a bool tensor.
     *
     * @param value the number to compare with
     * @return a new bool tensor of this tensor's shape
     */
    public Tensor ge(double value) {
        return Pointwise.scalar(BinaryOp.GE, "ge", this, value, false);
    }

    /**
     * Minimum over {@code dim} with its int64 indices, like {@code torch.min(t, dim, keepdim)}; the
     * gradient goes to the first minimum.
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays as size 1
     * @return the values (differentiable) and their int64 indices
     */
    public ValuesIndices min(int dim, boolean keepdim) {
        return PrimitiveReductions.min(this, dim, keepdim);
    }

    /**
     * Index of the minimum over {@code dim}, as int64 (the first minimum on ties; NaN counts as the minimum).
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays as size 1
     * @return a new int64 tensor of indices; not differentiable
     */
    public Tensor argmin(int dim, boolean keepdim) {
        return PrimitiveReductions.argmin(this, dim, keepdim);
    }

    /**
     * Index of the maximum of the flattened tensor, as a 0-d int64 tensor ({@code torch.argmax(t)}).
     *
     * @return a new 0-d int64 tensor
     */
    public Tensor argmax() {
        return PrimitiveReductions.argAll(this, false);
    }

    /**
     * Index of the minimum of the flattened tensor, as a 0-d int64 tensor ({@code torch.argmin(t)}).
     *
     * @return a new 0-d int64 tensor
     */
    public Tensor argmin() {
        return PrimitiveReductions.argAll(this, true);
    }

    /**
     * {@code torch.clamp(x, min, max)} with integer bounds: an integer tensor keeps its dtype (bool gives int64),
     * as PyTorch's result_type of the input and Python ints; a bound the dtype cannot hold is an error.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return a new tensor
     */
    public Tensor clamp(long min, long max) {
        return MathOps.clampIntegral(this, min, max);
    }

    /**
     * {@code torch.clamp_min(x, min)} with an integer bound (see {@link #clamp(long, long)}).
     *
     * @param min the lower bound
     * @return a new tensor
     */
    public Tensor clampMin(long min) {
        return MathOps.clampIntegral(this, min, null);
    }

    /**
     * {@code torch.clamp_max(x, max)} with an integer bound (see {@link #clamp(long, long)}).
     *
     * @param max the upper bound
     * @return a new tensor
     */
    public Tensor clampMax(long max) {
        return MathOps.clampIntegral(this, null, max);
    }

    /**
     * {@code x == value} with a Python int: the number is converted to this tensor's dtype first (int64 for
     * bool), wrapping as PyTorch does ({@code uint8 == 300} compares with 44); a floating tensor compares in its dtype.
     *
     * @param value the number
     * @return a bool tensor
     */
    public Tensor eq(long value) {
        return DTypes.scalarLong(BinaryOp.EQ, "eq", this, value, false);
    }

    /**
     * {@code x != value} with a Python int (converted as in {@link #eq(long)}).
     *
     * @param value the number
     * @return a bool tensor
     */
    public Tensor ne(long value) {
        return DTypes.scalarLong(BinaryOp.NE, "ne", this, value, false);
    }

    /**
     * {@code x < value} with a Python int (converted as in {@link #eq(long)}).
     *
     * @param value the number
     * @return a bool tensor
     */
    public Tensor lt(long value) {
        return DTypes.scalarLong(BinaryOp.LT, "lt", this, value, false);
    }

    /**
     * {@code x <= value} with a Python int (converted as in {@link #eq(long)}).
     *
     * @param value the number
     * @return a bool tensor
     */
    public Tensor le(long value) {
        return DTypes.scalarLong(BinaryOp.LE, "le", this, value, false);
    }

    /**
     * {@code x > value} with a Python int (converted as in {@link #eq(long)}).
     *
     * @param value the number
     * @return a bool tensor
     */
    public Tensor gt(long value) {
        return DTypes.scalarLong(BinaryOp.GT, "gt", this, value, false);
    }

    /**
     * {@code x >= value} with a Python int (converted as in {@link #eq(long)}).
     *
     * @param value the number
     * @return a bool tensor
     */
    public Tensor ge(long value) {
        return DTypes.scalarLong(BinaryOp.GE, "ge", this, value, false);
    }

    /**
     * {@code torch.where(condition, a, b)} with a Python int for {@code b}: of {@code a}'s dtype (int64 beside
     * bool); a value {@code a}'s integer dtype cannot hold is an error.
     *
     * @param condition a bool tensor
     * @param a the values where true
     * @param b the value where false
     * @return a new tensor of the broadcast shape
     */
    public static Tensor where(Tensor condition, Tensor a, long b) {
        Indexing.nonNull("where", a);
        return Indexing.where(condition, a, DTypes.wrappedNumber("where", b, a));
    }

    /**
     * {@code torch.where(condition, a, b)} with a Python int for {@code a} (see {@link #where(Tensor, Tensor, long)}).
     *
     * @param condition a bool tensor
     * @param a the value where true
     * @param b the values where false
     * @return a new tensor of the broadcast shape
     */
    public static Tensor where(Tensor condition, long a, Tensor b) {
        Indexing.nonNull("where", b);
        return Indexing.where(condition, DTypes.wrappedNumber("where", a, b), b);
    }

    /**
     * {@code torch.where(condition, a, b)} with two Python ints: an int64 tensor.
     *
     * @param condition a bool tensor
     * @param a the value where true
     * @param b the value where false
     * @return a new tensor of {@code condition}'s shape
     */
    public static Tensor where(Tensor condition, long a, long b) {
        Indexing.nonNull("where", condition);
        Backend backend = condition.storage.backend;
        return Indexing.where(condition, DTypes.of(new long[] {a}, DType.INT64, backend, Shapes.SCALAR),
                DTypes.of(new long[] {b}, DType.INT64, backend, Shapes.SCALAR));
    }

    /**
     * A copy with the integer {@code value} where {@code mask} is true ({@code masked_fill} with a Python int):
     * wraps into this dtype as PyTorch does (uint8 takes -255 to 255), a value it cannot hold is an error.
     *
     * @param mask a bool tensor broadcastable to this shape
     * @param value the fill value
     * @return a new tensor of this shape
     */
    public Tensor maskedFill(Tensor mask, long value) {
        Indexing.nonNull("masked_fill", mask);
        if (dtype.isFloatingPoint()) {
            return maskedFill(mask, (double) value);
        }
        DTypes.checkFits("masked_fill", value, dtype, this);
        Tensor v = DTypes.of(new long[] {value}, DType.INT64, storage.backend, Shapes.SCALAR);
        return Indexing.maskedFill(this, mask, v, true);
    }

    // (end of section)

    // ---------------------------------------------------------------- indexing, joining and shape ops

    /**
     * Values along {@code dim} at the positions {@code index} gives ({@code torch.gather}):
     * {@code out[i][j] = self[index[i][j]][j]} for {@code dim = 0}.
     *
     * @param dim the dimension to gather along; negative counts from the end
     * @param index int64 positions, of this tensor's rank, no larger than this tensor apart from {@code dim}
     * @return a new tensor of {@code index}'s shape
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size(dim))}
     */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /**
     * The slices along {@code dim} at the positions of a 1-D int64 {@code index} ({@code torch.index_select}).
     *
     * @param dim the dimension to select along; negative counts from the end
     * @param index a 0-d or 1-D int64 tensor of positions (repeats allowed)
     * @return a new tensor with {@code size(dim) = index.numel()}
     */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /**
     * A copy with {@code src} written at the positions {@code index} gives along {@code dim}
     * ({@code torch.scatter}); where indices repeat, the last value in row-major order stays on the CPU.
     *
     * @param dim the dimension to scatter along; negative counts from the end
     * @param index int64 positions, no larger than {@code src} and than this tensor apart from {@code dim}
     * @param src the values, of this tensor's dtype
     * @return a new tensor of this shape
     */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src, false);
    }

    /**
     * A copy with {@code value} written at the positions {@code index} gives along {@code dim}.
     *
     * @param dim the dimension to scatter along; negative counts from the end
     * @param index int64 positions, no larger than this tensor apart from {@code dim}
     * @param value the value to write
     * @return a new tensor of this shape
     */
    public Tensor scatter(int dim, Tensor index, double value) {
        return Indexing.scatter(this, dim, index, value);
    }

    /**
     * A copy with {@code src} added at the positions {@code index} gives along {@code dim}
     * ({@code torch.scatter_add}); on the CPU repeated indices add in row-major order, so sums are reproducible.
     *
     * @param dim the dimension to scatter along; negative counts from the end
     * @param index int64 positions, no larger than {@code src} and than this tensor apart from {@code dim}
     * @param src the values, of this tensor's dtype
     * @return a new tensor of this shape
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src, true);
    }

    /**
     * {@code a} where {@code condition} holds, else {@code b} ({@code torch.where(condition, a, b)}), broadcasting
     * all three and promoting {@code a} and {@code b} to a common dtype.
     *
     * @param condition a bool tensor
     * @param a the values where true
     * @param b the values where false
     * @return a new tensor of the broadcast shape
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Indexing.where(condition, a, b);
    }

    /**
     * {@code torch.where(condition, a, b)} with a number for {@code b}, of {@code a}'s dtype when floating.
     *
     * @param condition a bool tensor
     * @param a the values where true
     * @param b the value where false
     * @return a new tensor of the broadcast shape
     */
    public static Tensor where(Tensor condition, Tensor a, double b) {
        Indexing.nonNull("where", a);
        return Indexing.where(condition, a, DTypes.wrappedNumber("where", b, a));
    }

    /**
     * {@code torch.where(condition, a, b)} with a number for {@code a}.
     *
     * @param condition a bool tensor
     * @param a the value where true
     * @param b the values where false
     * @return a new tensor of the broadcast shape
     */
    public static Tensor where(Tensor condition, double a, Tensor b) {
        Indexing.nonNull("where", b);
        return Indexing.where(condition, DTypes.wrappedNumber("where", a, b), b);
    }

    /**
     * {@code torch.where(condition, a, b)} with two numbers: a tensor of the default dtype.
     *
     * @param condition a bool tensor
     * @param a the value where true
     * @param b the value where false
     * @return a new tensor of {@code condition}'s shape
     */
    public static Tensor where(Tensor condition, double a, double b) {
        Indexing.nonNull("where", condition);
        Tensor x = Tensor.full(Shapes.SCALAR, a, defaultDType(), condition.device());
        return Indexing.where(condition, x, Tensor.full(Shapes.SCALAR, b, defaultDType(), condition.device()));
    }

    /**
     * A copy with {@code value} where {@code mask} is true ({@code masked_fill}).
     *
     * @param mask a bool tensor broadcastable to this shape
     * @param value the fill value, rounded to this dtype
     * @return a new tensor of this shape
     */
    public Tensor maskedFill(Tensor mask, double value) {
        Indexing.nonNull("masked_fill", mask);
        DTypes.checkFits("masked_fill", value, dtype, this);
        return Indexing.maskedFill(this, mask, Tensor.full(Shapes.SCALAR, value, dtype, device()), true);
    }

    /**
     * A copy with the 0-d {@code value} where {@code mask} is true; {@code value} receives a gradient.
     *
     * @param mask a bool tensor broadcastable to this shape
     * @param value a 0-d tensor
     * @return a new tensor of this shape
     */
    public Tensor maskedFill(Tensor mask, Tensor value) {
        return Indexing.maskedFill(this, mask, value, false);
    }

    /**
     * Concatenates along {@code dim} ({@code torch.cat}); dtypes promote; 1-D empty tensors are skipped, as in PyTorch.
     *
     * @param tensors the tensors, equal in shape apart from {@code dim}
     * @param dim the dimension to join; negative counts from the end
     * @return a new tensor
     */
    public static Tensor cat(java.util.List<Tensor> tensors, int dim) {
        return Joining.cat(tensors, dim);
    }

    /**
     * Joins equal-shaped tensors along a new dimension {@code dim} ({@code torch.stack}).
     *
     * @param tensors the tensors, all of one shape
     * @param dim the new dimension's position, in {@code [-(rank+1), rank]}
     * @return a new tensor
     */
    public static Tensor stack(java.util.List<Tensor> tensors, int dim) {
        return Joining.stack(tensors, dim);
    }

    /**
     * Views of {@code splitSize} positions along {@code dim} (the last may be shorter), like {@code torch.split}.
     *
     * @param splitSize the size of each piece
     * @param dim the dimension to split; negative counts from the end
     * @return the pieces, views sharing this tensor's storage
     */
    public java.util.List<Tensor> split(int splitSize, int dim) {
        return ShapeOps.split(this, splitSize, dim);
    }

    /**
     * Views of the given sizes along {@code dim}, like {@code torch.split(t, [sizes...], dim)}.
     *
     * @param splitSizes the size of each piece, summing to {@code size(dim)}
     * @param dim the dimension to split; negative counts from the end
     * @return the pieces, views sharing this tensor's storage
     */
    public java.util.List<Tensor> split(int[] splitSizes, int dim) {
        return ShapeOps.split(this, splitSizes, dim);
    }

    /**
     * At most {@code chunks} views along {@code dim}, of {@code ceil(size / chunks)} positions each ({@code torch.chunk}).
     *
     * @param chunks the number of pieces wanted, positive
     * @param dim the dimension to split; negative counts from the end
     * @return the pieces, views sharing this tensor's storage
     */
    public java.util.List<Tensor> chunk(int chunks, int dim) {
        return ShapeOps.chunk(this, chunks, dim);
    }

    /**
     * The elements where the bool {@code mask} (broadcast with this tensor) is true, as a 1-D tensor.
     *
     * @param mask a bool tensor broadcastable with this one
     * @return a new 1-D tensor
     */
    public Tensor maskedSelect(Tensor mask) {
        return Joining.maskedSelect(this, mask);
    }

    /**
     * The indices of the non-zero elements, one row per element ({@code torch.nonzero}).
     *
     * @return a new int64 tensor of shape {@code [n, dim()]}
     */
    public Tensor nonzero() {
        return Joining.nonzero(this);
    }

    /**
     * Python's {@code t[start:end:step]} along {@code dim} (a view): negative bounds count from the end and bounds
     * are clamped to the size, as in PyTorch ({@code Integer.MAX_VALUE} for "to the end").
     *
     * @param dim the dimension; negative counts from the end
     * @param start the first position
     * @param end the exclusive bound
     * @param step the stride, positive
     * @return a view sharing this tensor's storage
     */
    public Tensor slice(int dim, int start, int end, int step) {
        return ShapeOps.slice(this, dim, start, end, step);
    }

    /**
     * Python's {@code t[idx]}: with an int64 {@code idx}, the rows at those positions (negative count from the end;
     * the result's shape is {@code idx.shape + shape[1:]}); with a bool {@code idx}, a mask over the leading
     * dimensions, giving the selected elements (or rows) in order.
     *
     * @param idx an int64 index or a bool mask
     * @return a new tensor
     */
    public Tensor index(Tensor idx) {
        return Joining.index(this, 0, idx);
    }

    /**
     * {@code t[:, ..., idx]} along {@code dim}: an int64 {@code idx}'s shape replaces dimension {@code dim}; a bool
     * mask covers the dimensions from {@code dim} on, which become one of its true positions.
     *
     * @param dim the dimension to index; negative counts from the end
     * @param idx int64 positions (negative count from the end), or a bool mask
     * @return a new tensor
     */
    public Tensor index(int dim, Tensor idx) {
        return Joining.index(this, dim, idx);
    }

    /**
     * The dimensions reordered ({@code t.permute(dims)}), a view.
     *
     * @param dims a permutation of the dimensions; negative counts from the end
     * @return a view sharing this tensor's storage
     */
    public Tensor permute(int... dims) {
        return ShapeOps.permute(this, dims);
    }

    /**
     * Dimensions {@code startDim..endDim} merged into one ({@code torch.flatten}); a view when possible.
     *
     * @param startDim the first dimension merged
     * @param endDim the last dimension merged
     * @return a tensor of the merged shape
     */
    public Tensor flatten(int startDim, int endDim) {
        return ShapeOps.flatten(this, startDim, endDim);
    }

    /**
     * All dimensions merged into one ({@code t.flatten()}).
     *
     * @return a 1-D tensor
     */
    public Tensor flatten() {
        return ShapeOps.flatten(this, 0, -1);
    }

    /**
     * Dimension {@code dim} split into {@code sizes} (one may be -1), a view ({@code t.unflatten(dim, sizes)}).
     *
     * @param dim the dimension to split
     * @param sizes the new sizes, multiplying to {@code size(dim)}
     * @return a view sharing this tensor's storage
     */
    public Tensor unflatten(int dim, int... sizes) {
        return ShapeOps.unflatten(this, dim, sizes);
    }

    /**
     * The tensor tiled {@code repeats[i]} times along each dimension ({@code t.repeat(*repeats)}).
     *
     * @param repeats one count per dimension (extra leading counts add dimensions)
     * @return a new tensor
     */
    public Tensor repeat(int... repeats) {
        return ShapeOps.repeat(this, repeats);
    }

    /**
     * Each position along {@code dim} repeated {@code repeats} times ({@code t.repeat_interleave(repeats, dim)}).
     *
     * @param repeats the count, non-negative
     * @param dim the dimension; negative counts from the end
     * @return a new tensor
     */
    public Tensor repeatInterleave(int repeats, int dim) {
        return ShapeOps.repeatInterleave(this, new long[] {repeats}, dim);
    }

    /**
     * Each element of the flattened tensor repeated {@code repeats} times ({@code t.repeat_interleave(repeats)}).
     *
     * @param repeats the count, non-negative
     * @return a new 1-D tensor
     */
    public Tensor repeatInterleave(int repeats) {
        return ShapeOps.repeatInterleave(this, new long[] {repeats}, null);
    }

    /**
     * Position {@code i} along {@code dim} repeated {@code repeats[i]} times, with an int64 {@code repeats}.
     *
     * @param repeats an int64 (or int32) tensor of one count, or one per position
     * @param dim the dimension; negative counts from the end
     * @return a new tensor
     */
    public Tensor repeatInterleave(Tensor repeats, int dim) {
        Indexing.nonNull("repeat_interleave", repeats);
        if (repeats.dtype != DType.INT64 && repeats.dtype != DType.INT32 || repeats.dim() > 1) {
            throw new IllegalArgumentException("repeat_interleave: repeats must be a 0-d or 1-d int64 or int32 tensor, got "
                    + repeats.dtype.torchName() + " of shape " + Shapes.str(repeats.shape));
        }
        return ShapeOps.repeatInterleave(this, DTypes.toLongArray(repeats), dim);
    }

    /**
     * The lower triangle of the last two dimensions, zero above diagonal {@code diagonal} ({@code torch.tril}).
     *
     * @param diagonal 0 for the main diagonal, positive above it, negative below
     * @return a new tensor
     */
    public Tensor tril(int diagonal) {
        return ShapeOps.tri(this, diagonal, true);
    }

    /**
     * {@code tril(0)}.
     *
     * @return a new tensor
     */
    public Tensor tril() {
        return ShapeOps.tri(this, 0, true);
    }

    /**
     * The upper triangle of the last two dimensions, zero below diagonal {@code diagonal} ({@code torch.triu}).
     *
     * @param diagonal 0 for the main diagonal, positive above it, negative below
     * @return a new tensor
     */
    public Tensor triu(int diagonal) {
        return ShapeOps.tri(this, diagonal, false);
    }

    /**
     * {@code triu(0)}.
     *
     * @return a new tensor
     */
    public Tensor triu() {
        return ShapeOps.tri(this, 0, false);
    }

    /**
     * The diagonal of dims {@code dim1} and {@code dim2} as the last dimension, a view ({@code torch.diagonal}).
     *
     * @param offset 0 for the main diagonal, positive above it, negative below
     * @param dim1 the first dimension
     * @param dim2 the second dimension
     * @return a view sharing this tensor's storage
     */
    public Tensor diagonal(int offset, int dim1, int dim2) {
        return ShapeOps.diagonal(this, offset, dim1, dim2);
    }

    /**
     * {@code diagonal(0, 0, 1)}.
     *
     * @return a view sharing this tensor's storage
     */
    public Tensor diagonal() {
        return ShapeOps.diagonal(this, 0, 0, 1);
    }

    /**
     * The elements in reverse order along {@code dims} ({@code torch.flip}; a copy, as PyTorch's).
     *
     * @param dims the dimensions to reverse
     * @return a new tensor
     */
    public Tensor flip(int... dims) {
        return ShapeOps.flip(this, dims);
    }

    /**
     * The elements rotated by {@code shifts[i]} along {@code dims[i]} ({@code torch.roll}); with no dims, the flattened
     * tensor is rolled by the single shift.
     *
     * @param shifts the shifts, one per dim (one without dims)
     * @param dims the dimensions, or none
     * @return a new tensor
     */
    public Tensor roll(int[] shifts, int[] dims) {
        return ShapeOps.roll(this, shifts, dims);
    }

    /**
     * {@code torch.roll(t, shift, dim)}.
     *
     * @param shift the shift; negative rolls backwards
     * @param dim the dimension
     * @return a new tensor
     */
    public Tensor roll(int shift, int dim) {
        return ShapeOps.roll(this, new int[] {shift}, new int[] {dim});
    }

    /**
     * {@code torch.sort(self, dim, descending)}: the values along {@code dim} in order, and their int64
     * positions. NaN sorts above every number, {@code -0.0} equals {@code 0.0}, and equal values keep their
     * input order (PyTorch's {@code stable=True}; its default sort may order the indices of ties differently on
     * long inputs, never the values). The values' gradient goes back to the positions they came from.
     *
     * @param dim the dimension to sort along; negative counts from the end
     * @param descending largest first when true
     * @return the sorted values (same dtype) and their indices
     */
    public ValuesIndices sort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending, false);
    }

    /**
     * {@code torch.sort(self, dim, descending, stable=stable)}: the same order (grad4j's sort is always
     * stable); PyTorch's overload with {@code stable} records {@code SortBackward1}.
     *
     * @param dim the dimension to sort along
     * @param descending largest first when true
     * @param stable accepted for PyTorch's signature; ties always keep their input order
     * @return the sorted values and their indices
     */
    public ValuesIndices sort(int dim, boolean descending, boolean stable) {
        return Sorting.sort(this, dim, descending, true);
    }

    /**
     * {@code torch.sort(self)}: ascending along the last dimension; see {@link #sort(int, boolean)}.
     *
     * @return the sorted values and their indices
     */
    public ValuesIndices sort() {
        return Sorting.sort(this, -1, false, false);
    }

    /**
     * {@code torch.argsort(self, dim, descending)}: the indices of {@link #sort(int, boolean)}.
     *
     * @param dim the dimension to sort along
     * @param descending largest first when true
     * @return int64 indices of this tensor's shape
     */
    public Tensor argsort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending, false).indices();
    }

    /**
     * {@code torch.topk(self, k, dim, largest, sorted)}: the {@code k} largest (or smallest) values along
     * {@code dim} and their int64 positions, in sorted order (also when {@code sorted} is false, where PyTorch
     * leaves the order unspecified). Ties are taken in input order; see {@link #sort(int, boolean)}.
     *
     * @param k how many, from 0 to the size of {@code dim}
     * @param dim the dimension; negative counts from the end
     * @param largest the largest values when true, the smallest when false
     * @param sorted accepted for PyTorch's signature; the result is always sorted
     * @return the values and their indices, of this tensor's shape with {@code k} at {@code dim}
     */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return Sorting.topk(this, k, dim, largest);
    }

    /**
     * {@code torch.topk(self, k)}: the {@code k} largest values along the last dimension.
     *
     * @param k how many
     * @return the values and their indices
     */
    public ValuesIndices topk(int k) {
        return Sorting.topk(this, k, -1, true);
    }

    /**
     * {@code torch.unique(self)}: the distinct values of all elements, ascending, 1-D; see
     * {@link #unique(boolean, boolean, boolean)}.
     *
     * @return the distinct values
     */
    public Tensor unique() {
        return Counting.unique(this, false, false).values();
    }

    /**
     * {@code torch.unique(self, sorted, return_inverse, return_counts)} over all elements: the distinct values in
     * ascending order (also when {@code sorted} is false: PyTorch's CPU result is sorted too), where {@code -0.0}
     * equals {@code 0.0} and each NaN counts as its own value after the numbers (PyTorch 1.13's CPU result with
     * NaNs is not ordered). Not differentiable.
     *
     * @param sorted accepted for PyTorch's signature; the values are always ascending
     * @param returnInverse also give each element's position in the values
     * @param returnCounts also give each value's number of occurrences
     * @return the values, and the inverse and counts asked for (null otherwise)
     */
    public Unique unique(boolean sorted, boolean returnInverse, boolean returnCounts) {
        return Counting.unique(this, returnInverse, returnCounts);
    }

    /**
     * {@code torch.bincount(self)}: how often each value {@code 0 .. max} occurs in this 1-D tensor of
     * non-negative integers.
     *
     * @return int64 counts, {@code max + 1} of them
     */
    public Tensor bincount() {
        return Counting.bincount(this, null, 0);
    }

    /**
     * {@code torch.bincount(self, weights, minlength)}: per value, the sum of the weights of its elements
     * (float32 weights give float32 sums, other weights float64), or the counts when {@code weights} is null;
     * at least {@code minlength} bins.
     *
     * @param weights one weight per element, or null
     * @param minlength the least number of bins, at least 0
     * @return the bins
     */
    public Tensor bincount(Tensor weights, int minlength) {
        return Counting.bincount(this, weights, minlength);
    }

    // (end of section)

    // ---------------------------------------------------------------- reductions (prod, max, var, norm, ...)

    /**
     * {@code log(sum(exp(x)))} over {@code dims}, computed stably ({@code torch.logsumexp(x, dims, keepdim)}).
     *
     * @param dims the dimensions to reduce (none for all)
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return SoftmaxOps.logsumexp(this, dims, keepdim);
    }

    /**
     * {@code log(sum(exp(x)))} over {@code dim}, without keepdim.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @return a new tensor
     */
    public Tensor logsumexp(int dim) {
        return logsumexp(new int[] {dim}, false);
    }

    /**
     * The product of all elements ({@code torch.prod(t)}); int64 and bool give int64.
     *
     * @return a new 0-d tensor
     */
    public Tensor prod() {
        return ComposedReductions.prodAll(this);
    }

    /**
     * The product over {@code dim} ({@code torch.prod(t, dim, keepdim)}); the gradient handles zeros as PyTorch's.
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays as size 1
     * @return a new tensor
     */
    public Tensor prod(int dim, boolean keepdim) {
        return ComposedReductions.prod(this, dim, keepdim);
    }

    /**
     * The smallest element ({@code torch.min(t)}); NaN wins; refused for an empty tensor.
     *
     * @return a new 0-d tensor
     */
    public Tensor min() {
        return ComposedReductions.minAll(this);
    }

    /**
     * The maximum over {@code dims} ({@code torch.amax}); the gradient is shared evenly among ties.
     *
     * @param dims the dimensions to reduce (none for all)
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor amax(int[] dims, boolean keepdim) {
        return ComposedReductions.amax(this, dims, keepdim);
    }

    /**
     * The minimum over {@code dims} ({@code torch.amin}); the gradient is shared evenly among ties.
     *
     * @param dims the dimensions to reduce (none for all)
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor amin(int[] dims, boolean keepdim) {
        return ComposedReductions.amin(this, dims, keepdim);
    }

    /**
     * The variance of all elements with Bessel's correction ({@code t.var()}).
     *
     * @return a new 0-d tensor
     */
    public Tensor var() {
        return ComposedReductions.var(this, new int[0], 1, false, false, false);
    }

    /**
     * The variance over {@code dims}, {@code sum((x - mean)^2) / max(0, N - correction)}
     * ({@code torch.var(t, dims, correction=c, keepdim=k)}); floating dtypes only.
     *
     * @param dims the dimensions to reduce (none for all)
     * @param correction subtracted from the count (PyTorch's default 1)
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return ComposedReductions.var(this, dims, correction, keepdim, false);
    }

    /**
     * The standard deviation of all elements with Bessel's correction ({@code t.std()}).
     *
     * @return a new 0-d tensor
     */
    public Tensor std() {
        return ComposedReductions.var(this, new int[0], 1, false, true, false);
    }

    /**
     * The standard deviation over {@code dims} ({@code torch.std(t, dims, correction=c, keepdim=k)}).
     *
     * @param dims the dimensions to reduce (none for all)
     * @param correction subtracted from the count (PyTorch's default 1)
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return ComposedReductions.var(this, dims, correction, keepdim, true);
    }

    /**
     * Running sums along {@code dim} ({@code torch.cumsum}); int64 and bool give int64.
     *
     * @param dim the dimension; negative counts from the end
     * @return a new tensor of this shape
     */
    public Tensor cumsum(int dim) {
        return ComposedReductions.cumsum(this, dim);
    }

    /**
     * Running products along {@code dim} ({@code torch.cumprod}); integer and bool tensors give int64. The
     * gradient is PyTorch's, zeros in the input included.
     *
     * @param dim the dimension; negative counts from the end
     * @return a new tensor of this shape
     */
    public Tensor cumprod(int dim) {
        return Cumulative.cumprod(this, dim);
    }

    /**
     * The 2-norm of all elements ({@code t.norm()}, p = 'fro').
     *
     * @return a new 0-d tensor
     */
    public Tensor norm() {
        return ComposedReductions.norm(this, 2.0, new int[0], false);
    }

    /**
     * The p-norm of all elements ({@code t.norm(p)}, {@code torch.linalg.vector_norm} semantics).
     *
     * @param p the order: any number, {@code Double.POSITIVE_INFINITY} (largest magnitude), negative infinity
     * @return a new 0-d tensor
     */
    public Tensor norm(double p) {
        return ComposedReductions.norm(this, p, new int[0], false);
    }

    /**
     * The p-norm over {@code dims} ({@code t.norm(p, dims, keepdim)}).
     *
     * @param p the order (see {@link #norm(double)})
     * @param dims the dimensions to reduce (none for all)
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return ComposedReductions.norm(this, p, dims, keepdim);
    }

    /**
     * The norm named by a string over {@code dims} ({@code t.norm(p, dims, keepdim)}): {@code "fro"}, the 2-norm, or
     * {@code "nuc"}, the nuclear norm of a 2-D tensor or over two dims.
     *
     * @param p {@code "fro"} or {@code "nuc"}
     * @param dims the dimensions to reduce (none for all)
     * @param keepdim whether reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor norm(String p, int[] dims, boolean keepdim) {
        return ComposedReductions.norm(this, p, dims, keepdim);
    }

    /**
     * Whether any element is non-zero ({@code torch.any(t)}), as a 0-d bool tensor; false when empty.
     *
     * @return a new bool tensor
     */
    public Tensor any() {
        return ComposedReductions.anyAll(this, false);
    }

    /**
     * Whether any element along {@code dim} is non-zero ({@code torch.any(t, dim, keepdim)}).
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays as size 1
     * @return a new bool tensor
     */
    public Tensor any(int dim, boolean keepdim) {
        return ComposedReductions.anyAll(this, dim, keepdim, false);
    }

    /**
     * Whether every element is non-zero ({@code torch.all(t)}), as a 0-d bool tensor; true when empty.
     *
     * @return a new bool tensor
     */
    public Tensor all() {
        return ComposedReductions.anyAll(this, true);
    }

    /**
     * Whether every element along {@code dim} is non-zero ({@code torch.all(t, dim, keepdim)}).
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays as size 1
     * @return a new bool tensor
     */
    public Tensor all(int dim, boolean keepdim) {
        return ComposedReductions.anyAll(this, dim, keepdim, true);
    }

    // (end of section)

    // ---------------------------------------------------------------- math, comparisons and activations

    /**
     * Softmax over {@code dim} ({@code torch.softmax(x, dim)}), computed stably (the maximum is subtracted first).
     *
     * @param dim the dimension whose slices sum to 1; negative counts from the end
     * @return a new tensor of this shape
     */
    public Tensor softmax(int dim) {
        return SoftmaxOps.softmax(this, dim, false);
    }

    /**
     * The logarithm of the softmax over {@code dim} ({@code torch.log_softmax(x, dim)}), computed stably as
     * {@code x - max - log(sum(exp(x - max)))}.
     *
     * @param dim the dimension to normalize over; negative counts from the end
     * @return a new tensor of this shape
     */
    public Tensor logSoftmax(int dim) {
        return SoftmaxOps.softmax(this, dim, true);
    }

    /**
     * The sine, elementwise ({@code torch.sin}).
     *
     * @return a new tensor
     */
    public Tensor sin() {
        return Pointwise.unary(UnaryOp.SIN, this);
    }

    /**
     * The cosine, elementwise ({@code torch.cos}).
     *
     * @return a new tensor
     */
    public Tensor cos() {
        return Pointwise.unary(UnaryOp.COS, this);
    }

    /**
     * The tangent, elementwise ({@code torch.tan}).
     *
     * @return a new tensor
     */
    public Tensor tan() {
        return Pointwise.unary(UnaryOp.TAN, this);
    }

    /**
     * The error function, elementwise ({@code torch.erf}).
     *
     * @return a new tensor
     */
    public Tensor erf() {
        return Pointwise.unary(UnaryOp.ERF, this);
    }

    /**
     * Rounded toward negative infinity ({@code torch.floor}); its gradient is 0.
     *
     * @return a new tensor
     */
    public Tensor floor() {
        return Pointwise.unary(UnaryOp.FLOOR, this);
    }

    /**
     * Rounded toward positive infinity ({@code torch.ceil}); its gradient is 0.
     *
     * @return a new tensor
     */
    public Tensor ceil() {
        return Pointwise.unary(UnaryOp.CEIL, this);
    }

    /**
     * Rounded to the nearest integer, ties to even ({@code torch.round}); its gradient is 0.
     *
     * @return a new tensor
     */
    public Tensor round() {
        return Pointwise.unary(UnaryOp.ROUND, this);
    }

    /**
     * Rounded toward zero ({@code torch.trunc}); its gradient is 0.
     *
     * @return a new tensor
     */
    public Tensor trunc() {
        return Pointwise.unary(UnaryOp.TRUNC, this);
    }

    /**
     * {@code 1 / sqrt(x)}, elementwise ({@code torch.rsqrt}).
     *
     * @return a new tensor
     */
    public Tensor rsqrt() {
        return Pointwise.unary(UnaryOp.RSQRT, this);
    }

    /**
     * The base-2 logarithm ({@code torch.log2}).
     *
     * @return a new tensor
     */
    public Tensor log2() {
        return Pointwise.unary(UnaryOp.LOG2, this);
    }

    /**
     * The base-10 logarithm ({@code torch.log10}).
     *
     * @return a new tensor
     */
    public Tensor log10() {
        return Pointwise.unary(UnaryOp.LOG10, this);
    }

    /**
     * {@code 2^x}, elementwise ({@code torch.exp2}).
     *
     * @return a new tensor
     */
    public Tensor exp2() {
        return Pointwise.unary(UnaryOp.EXP2, this);
    }

    /**
     * {@code log(1 + x)}, accurate near 0 ({@code torch.log1p}).
     *
     * @return a new tensor
     */
    public Tensor log1p() {
        return Pointwise.unary(UnaryOp.LOG1P, this);
    }

    /**
     * {@code e^x - 1}, accurate near 0 ({@code torch.expm1}).
     *
     * @return a new tensor
     */
    public Tensor expm1() {
        return Pointwise.unary(UnaryOp.EXPM1, this);
    }

    /**
     * SiLU (swish), {@code x * sigmoid(x)} ({@code F.silu}).
     *
     * @return a new tensor
     */
    public Tensor silu() {
        return Pointwise.unary(UnaryOp.SILU, this);
    }

    /**
     * Mish, {@code x * tanh(softplus(x))} ({@code F.mish}).
     *
     * @return a new tensor
     */
    public Tensor mish() {
        return Pointwise.unary(UnaryOp.MISH, this);
    }

    /**
     * {@code log(sigmoid(x))}, computed stably ({@code F.logsigmoid}).
     *
     * @return a new tensor
     */
    public Tensor logsigmoid() {
        return Pointwise.unary(UnaryOp.LOGSIGMOID, this);
    }

    /**
     * The exact GELU, {@code x * Phi(x)} ({@code F.gelu}).
     *
     * @return a new tensor
     */
    public Tensor gelu() {
        return Pointwise.unary(UnaryOp.GELU, this);
    }

    /**
     * GELU with PyTorch's {@code approximate} argument ({@code F.gelu(x, approximate=...)}).
     *
     * @param approximate {@code "none"} for the exact GELU, {@code "tanh"} for its tanh approximation
     * @return a new tensor
     * @throws IllegalArgumentException for any other value
     */
    public Tensor gelu(String approximate) {
        if ("none".equals(approximate)) {
            return gelu();
        }
        if ("tanh".equals(approximate)) {
            return Pointwise.unary(UnaryOp.GELU_TANH, this);
        }
        throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
    }

    /**
     * In place {@code this += value * tensor1 * tensor2}, rounded as PyTorch's CPU kernel:
     * {@code fma(value*tensor1, tensor2, this)} (Adam's, RMSprop's and Adagrad's second-moment update).
     *
     * @param tensor1 the first factor, broadcastable to this shape
     * @param tensor2 the second factor, broadcastable to this shape
     * @param value the scalar multiplier (PyTorch's keyword {@code value}, default 1)
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor addcmul_(Tensor tensor1, Tensor tensor2, double value) {
        return PointwiseFused.addcmul(this, tensor1, tensor2, value);
    }

    /**
     * In place {@code this += value * tensor1 / tensor2}, rounded as PyTorch's CPU kernel:
     * {@code this + (value*tensor1)/tensor2}, each operation rounded once.
     *
     * @param tensor1 the numerator, broadcastable to this shape
     * @param tensor2 the denominator, broadcastable to this shape
     * @param value the scalar multiplier (PyTorch's keyword {@code value}, default 1)
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, double value) {
        return PointwiseFused.addcdiv(this, tensor1, tensor2, value);
    }

    /**
     * The remainder with the divisor's sign, {@code a - b * floor(a / b)} ({@code torch.remainder}, Python's {@code %}).
     *
     * @param other the divisor, broadcastable
     * @return a new tensor
     */
    public Tensor remainder(Tensor other) {
        return Pointwise.binary(BinaryOp.REMAINDER, "remainder", this, other);
    }

    /**
     * The remainder by a Python float ({@code torch.remainder(x, 2.5)}); an integer tensor gives a float result.
     *
     * @param other the divisor
     * @return a new tensor
     */
    public Tensor remainder(double other) {
        return Pointwise.scalar(BinaryOp.REMAINDER, "remainder", this, other, false);
    }

    /**
     * The remainder by a Python int ({@code torch.remainder(x, 3)}); an int64 tensor stays int64.
     *
     * @param other the divisor
     * @return a new tensor
     */
    public Tensor remainder(long other) {
        return DTypes.scalarLong(BinaryOp.REMAINDER, "remainder", this, other, false);
    }

    /**
     * Clamped into {@code [min, max]} ({@code torch.clamp}); NaN stays NaN, {@code min > max} gives max. The
     * gradient passes where {@code min <= x <= max}.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return a new tensor
     */
    public Tensor clamp(double min, double max) {
        return MathOps.clamp(this, Double.valueOf(min), Double.valueOf(max));
    }

    /**
     * Clamped by tensor bounds, broadcast together ({@code torch.clamp(x, min, max)}); either bound may be null.
     *
     * @param min the lower bound, or null
     * @param max the upper bound, or null
     * @return a new tensor
     */
    public Tensor clamp(Tensor min, Tensor max) {
        return MathOps.clamp(this, min, max);
    }

    /**
     * {@code max(x, min)} with PyTorch's clamp gradient ({@code torch.clamp_min}).
     *
     * @param min the lower bound
     * @return a new tensor
     */
    public Tensor clampMin(double min) {
        return MathOps.clamp(this, Double.valueOf(min), null);
    }

    /**
     * {@code max(x, min)} with a tensor bound ({@code torch.clamp_min}).
     *
     * @param min the lower bound, broadcastable
     * @return a new tensor
     */
    public Tensor clampMin(Tensor min) {
        return MathOps.clamp(this, min, null);
    }

    /**
     * {@code min(x, max)} with PyTorch's clamp gradient ({@code torch.clamp_max}).
     *
     * @param max the upper bound
     * @return a new tensor
     */
    public Tensor clampMax(double max) {
        return MathOps.clamp(this, null, Double.valueOf(max));
    }

    /**
     * {@code min(x, max)} with a tensor bound ({@code torch.clamp_max}).
     *
     * @param max the upper bound, broadcastable
     * @return a new tensor
     */
    public Tensor clampMax(Tensor max) {
        return MathOps.clamp(this, null, max);
    }

    /**
     * Linear interpolation toward {@code end} ({@code torch.lerp}), with PyTorch's two-sided formula.
     *
     * @param end the end points, broadcastable
     * @param weight the weight
     * @return a new tensor
     */
    public Tensor lerp(Tensor end, double weight) {
        return MathOps.lerp(this, end, weight);
    }

    /**
     * Linear interpolation with a weight tensor ({@code torch.lerp(start, end, weight)}).
     *
     * @param end the end points, broadcastable
     * @param weight the weights, broadcastable
     * @return a new tensor
     */
    public Tensor lerp(Tensor end, Tensor weight) {
        return MathOps.lerp(this, end, weight);
    }

    /**
     * Whether each element is NaN ({@code torch.isnan}).
     *
     * @return a new bool tensor
     */
    public Tensor isnan() {
        return MathOps.isnan(this);
    }

    /**
     * Whether each element is positive or negative infinity ({@code torch.isinf}).
     *
     * @return a new bool tensor
     */
    public Tensor isinf() {
        return MathOps.isinf(this);
    }

    /**
     * Whether each element is finite ({@code torch.isfinite}).
     *
     * @return a new bool tensor
     */
    public Tensor isfinite() {
        return MathOps.isfinite(this);
    }

    /**
     * Elementwise "and" of the truth values ({@code torch.logical_and}), broadcast.
     *
     * @param other the other operand, any dtype
     * @return a new bool tensor
     */
    public Tensor logicalAnd(Tensor other) {
        return MathOps.logicalAnd(this, other);
    }

    /**
     * Elementwise "or" of the truth values ({@code torch.logical_or}), broadcast.
     *
     * @param other the other operand, any dtype
     * @return a new bool tensor
     */
    public Tensor logicalOr(Tensor other) {
        return MathOps.logicalOr(this, other);
    }

    /**
     * Elementwise "not" of the truth value ({@code torch.logical_not}).
     *
     * @return a new bool tensor
     */
    public Tensor logicalNot() {
        return MathOps.logicalNot(this);
    }

    /**
     * Leaky ReLU with PyTorch's default slope 0.01 ({@code F.leaky_relu}).
     *
     * @return a new tensor
     */
    public Tensor leakyRelu() {
        return MathOps.leakyRelu(this, 0.01);
    }

    /**
     * Leaky ReLU, {@code x > 0 ? x : x * negativeSlope} ({@code F.leaky_relu(x, negative_slope)}).
     *
     * @param negativeSlope the slope for negative inputs
     * @return a new tensor
     */
    public Tensor leakyRelu(double negativeSlope) {
        return MathOps.leakyRelu(this, negativeSlope);
    }

    /**
     * ELU with alpha 1 ({@code F.elu}).
     *
     * @return a new tensor
     */
    public Tensor elu() {
        return MathOps.elu(this, 1.0);
    }

    /**
     * ELU, {@code x > 0 ? x : alpha * (e^x - 1)} ({@code F.elu(x, alpha)}).
     *
     * @param alpha the scale of the negative part
     * @return a new tensor
     */
    public Tensor elu(double alpha) {
        return MathOps.elu(this, alpha);
    }

    /**
     * Softplus with beta 1 and threshold 20 ({@code F.softplus}).
     *
     * @return a new tensor
     */
    public Tensor softplus() {
        return MathOps.softplus(this, 1.0, 20.0);
    }

    /**
     * Softplus, {@code log(1 + e^(beta x)) / beta}, linear where {@code beta x > threshold} ({@code F.softplus}).
     *
     * @param beta the sharpness
     * @param threshold above which the function is the identity
     * @return a new tensor
     */
    public Tensor softplus(double beta, double threshold) {
        return MathOps.softplus(this, beta, threshold);
    }

    /**
     * Hardtanh into {@code [-1, 1]} ({@code F.hardtanh}).
     *
     * @return a new tensor
     */
    public Tensor hardtanh() {
        return MathOps.hardtanh(this, -1.0, 1.0);
    }

    /**
     * Hardtanh, clamped into {@code [minVal, maxVal]}; the gradient passes strictly inside ({@code F.hardtanh}).
     *
     * @param minVal the lower bound
     * @param maxVal the upper bound
     * @return a new tensor
     */
    public Tensor hardtanh(double minVal, double maxVal) {
        return MathOps.hardtanh(this, minVal, maxVal);
    }

    /**
     * {@code min(max(x, 0), 6)} ({@code F.relu6}, PyTorch's {@code hardtanh(x, 0, 6)}).
     *
     * @return a new tensor
     */
    public Tensor relu6() {
        return MathOps.hardtanh(this, 0.0, 6.0);
    }

    // (end of section)

    // ---------------------------------------------------------------- creation like PyTorch's *_like, eye, randint, randperm

    /**
     * Zeros shaped like {@code input}, of its dtype and device ({@code torch.zeros_like(input)}).
     *
     * @param input the tensor whose shape, dtype and device to take
     * @return a new tensor of zeros
     */
    public static Tensor zerosLike(Tensor input) {
        return Creation.fullLike("zeros_like", input, 0.0, input == null ? null : input.dtype());
    }

    /**
     * Zeros shaped like {@code input}, on its device, of {@code dtype} ({@code torch.zeros_like(input, dtype=...)}).
     *
     * @param input the tensor whose shape and device to take
     * @param dtype the element type
     * @return a new tensor of zeros
     */
    public static Tensor zerosLike(Tensor input, DType dtype) {
        return Creation.fullLike("zeros_like", input, 0.0, dtype);
    }

    /**
     * Ones shaped like {@code input}, of its dtype and device ({@code torch.ones_like(input)}).
     *
     * @param input the tensor whose shape, dtype and device to take
     * @return a new tensor of ones
     */
    public static Tensor onesLike(Tensor input) {
        return Creation.fullLike("ones_like", input, 1.0, input == null ? null : input.dtype());
    }

    /**
     * Ones shaped like {@code input}, on its device, of {@code dtype} ({@code torch.ones_like(input, dtype=...)}).
     *
     * @param input the tensor whose shape and device to take
     * @param dtype the element type
     * @return a new tensor of ones
     */
    public static Tensor onesLike(Tensor input, DType dtype) {
        return Creation.fullLike("ones_like", input, 1.0, dtype);
    }

    /**
     * {@code fillValue} shaped like {@code input}, of its dtype and device ({@code torch.full_like(input,
     * fill_value)}); the value is converted to the dtype as PyTorch does (truncated for int64).
     *
     * @param input the tensor whose shape, dtype and device to take
     * @param fillValue the value of every element
     * @return a new tensor
     */
    public static Tensor fullLike(Tensor input, double fillValue) {
        return Creation.fullLike("full_like", input, fillValue, input == null ? null : input.dtype());
    }

    /**
     * {@code fillValue} shaped like {@code input}, on its device, of {@code dtype}.
     *
     * @param input the tensor whose shape and device to take
     * @param fillValue the value of every element
     * @param dtype the element type
     * @return a new tensor
     */
    public static Tensor fullLike(Tensor input, double fillValue, DType dtype) {
        return Creation.fullLike("full_like", input, fillValue, dtype);
    }

    /**
     * Uniform samples in [0, 1) shaped like a floating {@code input}, of its dtype and device, from the
     * default generator ({@code torch.rand_like(input)}): the values {@code torch.rand} gives after the same
     * {@link Generator#manualSeedDefault(long)}.
     *
     * @param input a floating tensor whose shape, dtype and device to take
     * @return a new tensor
     */
    public static Tensor randLike(Tensor input) {
        return Creation.randLike("rand_like", input, Generator.defaultGenerator(), false);
    }

    /**
     * Like {@link #randLike(Tensor)} from {@code generator} (PyTorch's {@code rand_like} has no generator
     * argument; this is {@code torch.rand(input.shape, generator=g, dtype=input.dtype)}).
     *
     * @param input a floating tensor whose shape, dtype and device to take
     * @param generator the source of randomness; it advances
     * @return a new tensor
     */
    public static Tensor randLike(Tensor input, Generator generator) {
        return Creation.randLike("rand_like", input, generator, false);
    }

    /**
     * Standard normal samples shaped like a floating {@code input}, of its dtype and device, from the
     * default generator ({@code torch.randn_like(input)}).
     *
     * @param input a floating tensor whose shape, dtype and device to take
     * @return a new tensor
     */
    public static Tensor randnLike(Tensor input) {
        return Creation.randLike("randn_like", input, Generator.defaultGenerator(), true);
    }

    /**
     * Like {@link #randnLike(Tensor)} from {@code generator}.
     *
     * @param input a floating tensor whose shape, dtype and device to take
     * @param generator the source of randomness; it advances
     * @return a new tensor
     */
    public static Tensor randnLike(Tensor input, Generator generator) {
        return Creation.randLike("randn_like", input, generator, true);
    }

    /**
     * The {@code n x n} identity matrix in the default dtype ({@code torch.eye(n)}).
     *
     * @param n the number of rows and columns, not negative
     * @return a new 2-D tensor on the default device
     */
    public static Tensor eye(int n) {
        return Creation.eye(n, n, defaultDType);
    }

    /**
     * The {@code n x m} matrix with ones on the diagonal ({@code torch.eye(n, m)}), in the default dtype.
     *
     * @param n the number of rows, not negative
     * @param m the number of columns, not negative
     * @return a new 2-D tensor on the default device
     */
    public static Tensor eye(int n, int m) {
        return Creation.eye(n, m, defaultDType);
    }

    /**
     * The {@code n x m} matrix with ones on the diagonal, of {@code dtype} ({@code torch.eye(n, m, dtype=...)}).
     *
     * @param n the number of rows, not negative
     * @param m the number of columns, not negative
     * @param dtype the element type
     * @return a new 2-D tensor on the default device
     */
    public static Tensor eye(int n, int m, DType dtype) {
        return Creation.eye(n, m, dtype);
    }

    /**
     * Integers in {@code [0, high)} from the default generator, as int64 ({@code torch.randint(high, size)}).
     *
     * @param high one above the highest value, positive
     * @param size the shape
     * @return a new int64 tensor on the default device
     */
    public static Tensor randint(long high, int[] size) {
        return Creation.randint(0, high, size, Generator.defaultGenerator());
    }

    /**
     * Integers in {@code [low, high)} from the default generator, as int64 ({@code torch.randint(low, high, size)}).
     *
     * @param low the lowest value
     * @param high one above the highest value
     * @param size the shape
     * @return a new int64 tensor on the default device
     */
    public static Tensor randint(long low, long high, int[] size) {
        return Creation.randint(low, high, size, Generator.defaultGenerator());
    }

    /**
     * Integers in {@code [low, high)} from {@code generator}, as int64, bit for bit
     * {@code torch.randint(low, high, size, generator=g)} (see {@link Generator#randint(long[], long, long)}).
     *
     * @param low the lowest value
     * @param high one above the highest value
     * @param size the shape
     * @param generator the source of randomness; it advances
     * @return a new int64 tensor on the default device
     */
    public static Tensor randint(long low, long high, int[] size, Generator generator) {
        return Creation.randint(low, high, size, generator);
    }

    /**
     * Uniform samples in [0, 1) from the default generator ({@code torch.rand(*size)}), bit for bit PyTorch's
     * after the same {@link Generator#manualSeedDefault(long)}.
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new tensor in the default dtype on the default device
     */
    public static Tensor rand(int... shape) {
        return rand(Generator.defaultGenerator(), shape);
    }

    /**
     * Standard normal samples from the default generator ({@code torch.randn(*size)}).
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @return a new tensor in the default dtype on the default device
     */
    public static Tensor randn(int... shape) {
        return randn(Generator.defaultGenerator(), shape);
    }

    /**
     * Fills this tensor in place from U(from, to) drawn from the default generator ({@code t.uniform_(from, to)}),
     * bit for bit PyTorch's, in the order of the tensor's memory.
     *
     * @param from the lower bound, inclusive
     * @param to the upper bound, exclusive
     * @return this tensor
     * @throws IllegalArgumentException for a non-floating tensor or bounds PyTorch refuses
     * @throws IllegalStateException for a tensor that requires grad while grad mode is on
     */
    public Tensor uniform_(double from, double to) {
        return Creation.fillRandom_("uniform_", this, Generator.defaultGenerator(), false, from, to);
    }

    /**
     * {@link #uniform_(double, double)} drawing from {@code generator}.
     *
     * @param from the lower bound, inclusive
     * @param to the upper bound, exclusive
     * @param generator the source of randomness; it advances
     * @return this tensor
     */
    public Tensor uniform_(double from, double to, Generator generator) {
        return Creation.fillRandom_("uniform_", this, generator, false, from, to);
    }

    /**
     * Fills this tensor in place from N(mean, std^2) drawn from the default generator ({@code t.normal_(mean, std)}),
     * PyTorch's values (float64 within an ulp where libm's log/sin/cos differ from Java's).
     *
     * @param mean the mean
     * @param std the standard deviation, not negative
     * @return this tensor
     * @throws IllegalArgumentException for a non-floating tensor or a negative std
     * @throws IllegalStateException for a tensor that requires grad while grad mode is on
     */
    public Tensor normal_(double mean, double std) {
        return Creation.fillRandom_("normal_", this, Generator.defaultGenerator(), true, mean, std);
    }

    /**
     * {@link #normal_(double, double)} drawing from {@code generator}.
     *
     * @param mean the mean
     * @param std the standard deviation, not negative
     * @param generator the source of randomness; it advances
     * @return this tensor
     */
    public Tensor normal_(double mean, double std, Generator generator) {
        return Creation.fillRandom_("normal_", this, generator, true, mean, std);
    }

    /**
     * {@code steps} values from {@code 10^start} to {@code 10^end}, evenly spaced in the exponent, in the default
     * dtype ({@code torch.logspace(start, end, steps)}), rounded as PyTorch's CPU kernel rounds them: float32 bit for
     * bit; in float64 Java's {@code pow} and glibc's disagree in the last bit now and then (2 of 1469 values measured).
     *
     * @param start the first exponent
     * @param end the last exponent (included when {@code steps > 1})
     * @param steps the number of values, non-negative
     * @return a new 1-D tensor on the default device
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public static Tensor logspace(double start, double end, int steps) {
        return Creation.logspace(start, end, steps, 10.0, defaultDType);
    }

    /**
     * {@code steps} values from {@code base^start} to {@code base^end} ({@code torch.logspace(start, end, steps,
     * base)}), in the default dtype.
     *
     * @param start the first exponent
     * @param end the last exponent (included when {@code steps > 1})
     * @param steps the number of values, non-negative
     * @param base the base of the powers
     * @return a new 1-D tensor on the default device
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public static Tensor logspace(double start, double end, int steps, double base) {
        return Creation.logspace(start, end, steps, base, defaultDType);
    }

    /**
     * An int64 tensor filled with {@code value}, on the default device: {@code torch.full(size, 7)}, whose
     * dtype PyTorch infers from the Python int (so {@code Tensor.full(shape, 7)} is int64, and
     * {@code Tensor.full(shape, 7.0)} the default dtype, as there).
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @param value the value of every element, exact
     * @return a new int64 tensor
     */
    public static Tensor full(int[] shape, long value) {
        return Creation.full(shape, value);
    }

    /**
     * A bool tensor filled with {@code value}, on the default device ({@code torch.full(size, True)}).
     *
     * @param shape the size of each dimension (none for a 0-d tensor); sizes must be non-negative
     * @param value the value of every element
     * @return a new bool tensor
     */
    public static Tensor full(int[] shape, boolean value) {
        return full(shape, value ? 1 : 0, DType.BOOL, Backends.defaultDevice());
    }

    /**
     * A random permutation of {@code 0 .. n-1} from the default generator, as int64 ({@code torch.randperm(n)}).
     *
     * @param n the number of elements, not negative
     * @return a new 1-D int64 tensor on the default device
     */
    public static Tensor randperm(int n) {
        return Creation.randperm(n, Generator.defaultGenerator());
    }

    /**
     * A random permutation of {@code 0 .. n-1} from {@code generator}, as int64, bit for bit
     * {@code torch.randperm(n, generator=g)} (see {@link Generator#randperm(int)}).
     *
     * @param n the number of elements, not negative
     * @param generator the source of randomness; it advances
     * @return a new 1-D int64 tensor on the default device
     */
    public static Tensor randperm(int n, Generator generator) {
        return Creation.randperm(n, generator);
    }

    // (end of section)

    // ---------------------------------------------------------------- PyTorch behaviours found missing (huntops)

    /**
     * {@code this - alpha * other}, like {@code torch.sub(this, other, alpha=alpha)}: one rounding, as PyTorch's
     * CPU kernel ({@code fma(-alpha, other, this)}).
     *
     * @param other the other operand, broadcast against this tensor (same device)
     * @param alpha the multiplier of {@code other}; integral for integer tensors
     * @return a new tensor of the broadcast shape, in the promoted dtype; {@code this} is unchanged
     */
    public Tensor sub(Tensor other, double alpha) {
        return alpha == 1.0 || other == null ? sub(other) : ScaledAdd.apply("sub", this, other, alpha);
    }

    /**
     * The slices along {@code dim}, like {@code torch.unbind(t, dim)}.
     *
     * @param dim the dimension removed; negative counts from the end
     * @return {@code size(dim)} views sharing this tensor's storage
     */
    public java.util.List<Tensor> unbind(int dim) {
        return ExtraIndexing.unbind(this, dim);
    }

    /**
     * This tensor broadcast to {@code shape}, like {@code torch.broadcast_to} (a view; {@link #expand}'s rules).
     *
     * @param shape the target shape; -1 keeps a size
     * @return a view sharing this tensor's storage
     */
    public Tensor broadcastTo(int... shape) {
        return expand(shape);
    }

    /**
     * The elements at {@code index} of this tensor read as 1-D, like {@code torch.take}.
     *
     * @param index int64 positions in row-major order; negative count from the end
     * @return a new tensor of {@code index}'s shape
     * @throws IndexOutOfBoundsException if a position is out of range
     */
    public Tensor take(Tensor index) {
        return ExtraIndexing.take(this, index);
    }

    /**
     * A copy of this tensor to which slice {@code i} of {@code source} along {@code dim} is added at position
     * {@code index[i]}, in index order, like {@code torch.index_add(self, dim, index, source)}.
     *
     * @param dim the dimension indexed; negative counts from the end
     * @param index a 1-D int64 (or int32) tensor of positions in {@code [0, size(dim))}
     * @param source this tensor's dtype and shape, except {@code index.numel()} at {@code dim}
     * @return a new tensor of this tensor's shape
     */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) {
        return ExtraIndexing.indexAdd(this, dim, index, source);
    }

    // ---------------------------------------------------------------- common PyTorch methods (api)

    /**
     * Matrix product of two 2-D tensors, like {@code torch.mm}; no broadcasting (see {@link #matmul}).
     *
     * @param mat2 a {@code [k, n]} matrix of this tensor's dtype and device; this tensor is {@code [m, k]}
     * @return a new {@code [m, n]} tensor (grad_fn MmBackward0)
     */
    public Tensor mm(Tensor mat2) {
        return StrictProducts.mm(this, mat2);
    }

    /**
     * Batched matrix product of two 3-D tensors with the same batch size, like {@code torch.bmm}.
     *
     * @param batch2 a {@code [b, k, n]} tensor of this tensor's dtype and device; this tensor is {@code [b, m, k]}
     * @return a new {@code [b, m, n]} tensor (grad_fn BmmBackward0)
     */
    public Tensor bmm(Tensor batch2) {
        return StrictProducts.bmm(this, batch2);
    }

    /**
     * Inner product of two 1-D tensors of the same length, like {@code torch.dot}.
     *
     * @param other a 1-D tensor of this tensor's size, dtype and device
     * @return a new 0-d tensor (grad_fn DotBackward0)
     */
    public Tensor dot(Tensor other) {
        return StrictProducts.dot(this, other);
    }

    /**
     * Product of this 2-D matrix and a 1-D vector, like {@code torch.mv}.
     *
     * @param vec a 1-D tensor of {@code size(1)} elements, of this tensor's dtype and device
     * @return a new 1-D tensor of {@code size(0)} elements (grad_fn MvBackward0)
     */
    public Tensor mv(Tensor vec) {
        return StrictProducts.mv(this, vec);
    }

    /**
     * Outer product of two 1-D tensors, like {@code torch.outer}: {@code this.reshape(n, 1) * vec2}.
     *
     * @param vec2 a 1-D tensor (dtypes promote as in {@link #mul(Tensor)})
     * @return a new {@code [n, vec2.numel()]} tensor (grad_fn MulBackward0)
     */
    public Tensor outer(Tensor vec2) {
        return StrictProducts.outer(this, vec2);
    }

    /**
     * {@code this * this}, like {@code torch.square} (PyTorch's {@code pow(x, 2)}, grad_fn PowBackward0).
     *
     * @return a new tensor; integer tensors stay integer
     */
    public Tensor square() {
        return dtype.isFloatingPoint() ? pow(2.0) : pow(2L);
    }

    /**
     * {@code 1 / this}, like {@code torch.reciprocal}; integer and bool tensors give the default float dtype.
     *
     * @return a new tensor (grad_fn ReciprocalBackward0)
     */
    public Tensor reciprocal() {
        return Pointwise.unary(UnaryOp.RECIPROCAL, this);
    }

    /**
     * This tensor expanded to {@code other}'s shape, like {@code expand_as} (a view; {@link #expand}'s rules).
     *
     * @param other the tensor whose shape is taken
     * @return a view sharing this tensor's storage
     */
    public Tensor expandAs(Tensor other) {
        return expand(shapeOf("expand_as", other));
    }

    /**
     * This tensor viewed with {@code other}'s shape, like {@code view_as} ({@link #view}'s rules).
     *
     * @param other the tensor whose shape is taken
     * @return a view sharing this tensor's storage
     */
    public Tensor viewAs(Tensor other) {
        return view(shapeOf("view_as", other));
    }

    /**
     * This tensor reshaped to {@code other}'s shape, like {@code reshape_as} ({@link #reshape}'s rules).
     *
     * @param other the tensor whose shape is taken
     * @return a view when the strides allow, else a copy
     */
    public Tensor reshapeAs(Tensor other) {
        return reshape(shapeOf("reshape_as", other));
    }

    /**
     * This tensor in {@code other}'s dtype and on its device, like {@code type_as}.
     *
     * @param other the tensor whose dtype and device are taken
     * @return this tensor when both already match, else a converted copy
     */
    public Tensor typeAs(Tensor other) {
        return to(typeOf("type_as", other).dtype).to(other.device());
    }

    private int[] shapeOf(String op, Tensor other) {
        return typeOf(op, other).shape;
    }

    private Tensor typeOf(String op, Tensor other) {
        if (other == null) {
            throw new IllegalArgumentException(op + ": expected a tensor, got null (self has shape " + Shapes.str(shape) + ")");
        }
        return other;
    }

    /**
     * Elementwise closeness, like {@code torch.isclose(self, other, rtol, atol, equal_nan)}:
     * {@code self == other}, or {@code |self - other| <= atol + |rtol * other|} where finite.
     *
     * @param other a tensor of this dtype, broadcast against this tensor
     * @param rtol the relative tolerance, not negative
     * @param atol the absolute tolerance, not negative
     * @param equalNan whether two NaNs are close
     * @return a new bool tensor of the broadcast shape
     */
    public Tensor isclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return StrictProducts.isclose("isclose", this, other, rtol, atol, equalNan);
    }

    /**
     * {@link #isclose(Tensor, double, double, boolean)} with PyTorch's defaults (rtol 1e-05, atol 1e-08, NaNs unequal).
     *
     * @param other a tensor of this dtype, broadcast against this tensor
     * @return a new bool tensor of the broadcast shape
     */
    public Tensor isclose(Tensor other) {
        return isclose(other, 1e-05, 1e-08, false);
    }

    /**
     * Whether every element is close, like {@code torch.allclose(self, other, rtol, atol, equal_nan)}.
     *
     * @param other a tensor of this dtype, broadcast against this tensor
     * @param rtol the relative tolerance, not negative
     * @param atol the absolute tolerance, not negative
     * @param equalNan whether two NaNs are close
     * @return true when {@link #isclose(Tensor, double, double, boolean)} holds everywhere
     */
    public boolean allclose(Tensor other, double rtol, double atol, boolean equalNan) {
        return StrictProducts.allclose(this, other, rtol, atol, equalNan);
    }

    /**
     * {@link #allclose(Tensor, double, double, boolean)} with PyTorch's defaults (rtol 1e-05, atol 1e-08).
     *
     * @param other a tensor of this dtype, broadcast against this tensor
     * @return true when every element is close
     */
    public boolean allclose(Tensor other) {
        return allclose(other, 1e-05, 1e-08, false);
    }

    /**
     * Whether {@code other} has this shape and equal values, like {@code torch.equal} (dtypes promote; NaN is unequal).
     *
     * @param other a tensor on this device
     * @return true for the same shape and values
     */
    public boolean equal(Tensor other) {
        return StrictProducts.equal(this, other);
    }

    /**
     * In place {@link #clamp(double, double)}, like {@code clamp_} (grad_fn ClampBackward1).
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor clamp_(double min, double max) {
        return InPlaceUnary.apply("clamp_", this, true, x -> x.clamp(min, max));
    }

    /**
     * In place {@link #clampMin(double)}, like {@code clamp_min_} (grad_fn ClampMinBackward0).
     *
     * @param min the lower bound
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor clampMin_(double min) {
        return InPlaceUnary.apply("clamp_min_", this, true, x -> x.clampMin(min));
    }

    /**
     * In place {@link #clampMax(double)}, like {@code clamp_max_} (grad_fn ClampMaxBackward0).
     *
     * @param max the upper bound
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor clampMax_(double max) {
        return InPlaceUnary.apply("clamp_max_", this, true, x -> x.clampMax(max));
    }

    /**
     * In place {@link #clamp(long, long)}, like {@code clamp_} with Python ints: integer tensors stay integer.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor clamp_(long min, long max) {
        return InPlaceUnary.apply("clamp_", this, true, x -> x.clamp(min, max));
    }

    /**
     * In place {@link #clampMin(long)}, like {@code clamp_min_} with a Python int.
     *
     * @param min the lower bound
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor clampMin_(long min) {
        return InPlaceUnary.apply("clamp_min_", this, true, x -> x.clampMin(min));
    }

    /**
     * In place {@link #clampMax(long)}, like {@code clamp_max_} with a Python int.
     *
     * @param max the upper bound
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor clampMax_(long max) {
        return InPlaceUnary.apply("clamp_max_", this, true, x -> x.clampMax(max));
    }

    /**
     * In place {@link #maskedFill(Tensor, Tensor)}, like {@code masked_fill_} with a 0-d tensor value (grad_fn
     * MaskedFillBackward1; {@code value} receives a gradient).
     *
     * @param mask a bool tensor broadcastable to this tensor's shape
     * @param value a 0-d tensor
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor maskedFill_(Tensor mask, Tensor value) {
        return InPlaceUnary.maskedFill(this, mask, value);
    }

    /**
     * In place {@link #square()}, like {@code square_} (grad_fn PowBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor square_() {
        return InPlaceUnary.apply("square_", this, true, Tensor::square);
    }

    /**
     * In place {@link #reciprocal()}, like {@code reciprocal_} (grad_fn ReciprocalBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor reciprocal_() {
        return InPlaceUnary.apply("reciprocal_", this, false, Tensor::reciprocal);
    }

    /**
     * In place {@link #log()}, like {@code log_} (grad_fn LogBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor log_() {
        return InPlaceUnary.apply("log_", this, true, Tensor::log);
    }

    /**
     * In place {@link #maskedFill(Tensor, double)}, like {@code masked_fill_} (grad_fn MaskedFillBackward0).
     *
     * @param mask a bool tensor broadcastable to this tensor's shape
     * @param value the value written where {@code mask} is true
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor maskedFill_(Tensor mask, double value) {
        return InPlaceUnary.maskedFill(this, mask, value);
    }

    /**
     * In place {@link #relu()}, like {@code relu_} (grad_fn ReluBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor relu_() {
        return InPlaceUnary.apply("relu_", this, false, Tensor::relu);
    }

    /**
     * In place {@link #neg()}, like {@code neg_} (grad_fn NegBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor neg_() {
        return InPlaceUnary.apply("neg_", this, false, Tensor::neg);
    }

    /**
     * In place {@link #exp()}, like {@code exp_} (grad_fn ExpBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor exp_() {
        return InPlaceUnary.apply("exp_", this, false, Tensor::exp);
    }

    /**
     * In place {@link #sqrt()}, like {@code sqrt_} (grad_fn SqrtBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor sqrt_() {
        return InPlaceUnary.apply("sqrt_", this, false, Tensor::sqrt);
    }

    /**
     * In place {@link #sigmoid()}, like {@code sigmoid_} (grad_fn SigmoidBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor sigmoid_() {
        return InPlaceUnary.apply("sigmoid_", this, false, Tensor::sigmoid);
    }

    /**
     * In place {@link #tanh()}, like {@code tanh_} (grad_fn TanhBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor tanh_() {
        return InPlaceUnary.apply("tanh_", this, false, Tensor::tanh);
    }

    /**
     * In place {@link #abs()}, like {@code abs_} (grad_fn AbsBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor abs_() {
        return InPlaceUnary.apply("abs_", this, true, Tensor::abs);
    }

    /**
     * In place {@link #pow(double)}, like {@code pow_} with a Python float exponent (grad_fn PowBackward0); refused
     * for integer tensors, whose result would be float (use {@link #pow_(long)}).
     *
     * @param exponent the exponent
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor pow_(double exponent) {
        return InPlaceUnary.apply("pow_", this, true, x -> x.pow(exponent));
    }

    /**
     * In place {@link #pow(long)}, like {@code pow_} with a Python int exponent (grad_fn PowBackward0).
     *
     * @param exponent the exponent (not negative for integer tensors)
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor pow_(long exponent) {
        return InPlaceUnary.apply("pow_", this, true, x -> x.pow(exponent));
    }

    /**
     * In place {@link #floor()}, like {@code floor_} (grad_fn FloorBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor floor_() {
        return InPlaceUnary.apply("floor_", this, false, Tensor::floor);
    }

    /**
     * In place {@link #ceil()}, like {@code ceil_} (grad_fn CeilBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor ceil_() {
        return InPlaceUnary.apply("ceil_", this, false, Tensor::ceil);
    }

    /**
     * In place {@link #round()}, like {@code round_} (grad_fn RoundBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor round_() {
        return InPlaceUnary.apply("round_", this, false, Tensor::round);
    }

    /**
     * In place {@link #trunc()}, like {@code trunc_} (grad_fn TruncBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor trunc_() {
        return InPlaceUnary.apply("trunc_", this, false, Tensor::trunc);
    }

    /**
     * In place {@link #sign()}, like {@code sign_} (grad_fn SignBackward0).
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor sign_() {
        return InPlaceUnary.apply("sign_", this, false, Tensor::sign);
    }

    /**
     * In place {@link #sin()}, like {@code sin_} (grad_fn SinBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor sin_() {
        return InPlaceUnary.apply("sin_", this, true, Tensor::sin);
    }

    /**
     * In place {@link #cos()}, like {@code cos_} (grad_fn CosBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor cos_() {
        return InPlaceUnary.apply("cos_", this, true, Tensor::cos);
    }

    /**
     * In place {@link #rsqrt()}, like {@code rsqrt_} (grad_fn RsqrtBackward0); refused for integer tensors.
     *
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor rsqrt_() {
        return InPlaceUnary.apply("rsqrt_", this, false, Tensor::rsqrt);
    }

    // ---------------------------------------------------------------- tutorials
    // Overloads that PyTorch's beginner tutorials call and grad4j lacked (see backend-cpu's org.grad4j.tutorials tests).

    /**
     * U(0, 1) samples of a floating {@code dtype} from the default generator ({@code torch.rand(size, dtype=dtype)}).
     *
     * @param shape the size of each dimension (empty for a 0-d tensor); sizes must be non-negative
     * @param dtype a floating dtype
     * @return a new tensor on the default device
     * @throws IllegalArgumentException for a negative size or an integer or bool dtype
     */
    public static Tensor rand(int[] shape, DType dtype) {
        return TypedCreation.random("rand", shape, dtype, Generator.defaultGenerator(), false);
    }

    /**
     * Standard normal samples of a floating {@code dtype} from the default generator
     * ({@code torch.randn(size, dtype=dtype)}).
     *
     * @param shape the size of each dimension (empty for a 0-d tensor); sizes must be non-negative
     * @param dtype a floating dtype
     * @return a new tensor on the default device
     * @throws IllegalArgumentException for a negative size or an integer or bool dtype
     */
    public static Tensor randn(int[] shape, DType dtype) {
        return TypedCreation.random("randn", shape, dtype, Generator.defaultGenerator(), true);
    }

    /**
     * U(0, 1) samples shaped like {@code input} (of any dtype), of a floating {@code dtype}, on its device
     * ({@code torch.rand_like(input, dtype=dtype)}).
     *
     * @param input the tensor whose shape and device to take
     * @param dtype a floating dtype
     * @return a new tensor
     * @throws IllegalArgumentException for an integer or bool dtype
     */
    public static Tensor randLike(Tensor input, DType dtype) {
        return TypedCreation.randomLike("rand_like", input, dtype, false);
    }

    /**
     * Standard normal samples shaped like {@code input} (of any dtype), of a floating {@code dtype}, on its device
     * ({@code torch.randn_like(input, dtype=dtype)}).
     *
     * @param input the tensor whose shape and device to take
     * @param dtype a floating dtype
     * @return a new tensor
     * @throws IllegalArgumentException for an integer or bool dtype
     */
    public static Tensor randnLike(Tensor input, DType dtype) {
        return TypedCreation.randomLike("randn_like", input, dtype, true);
    }

    /**
     * An int64 matrix from rows of equal length, like {@code torch.tensor([[1, 2], [3, 4]])}.
     *
     * @param rows the rows, all of the same length
     * @return a new 2-D int64 tensor of shape {@code [rows.length, rows[0].length]} ({@code [0]} when there are no rows)
     * @throws IllegalArgumentException if the rows differ in length or one is null
     */
    public static Tensor tensor(long[][] rows) {
        return TypedCreation.int64Rows(rows);
    }

    /**
     * In place {@link #scatter(int, Tensor, double)}, like {@code scatter_(dim, index, value)}: the data
     * tutorial's one-hot {@code torch.zeros(10).scatter_(0, torch.tensor(y), value=1)}.
     *
     * @param dim the dimension to scatter along; negative counts from the end
     * @param index int64 positions along {@code dim}
     * @param value the value written at those positions
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor scatter_(int dim, Tensor index, double value) {
        return InPlaceUnary.scatter(this, dim, index, value);
    }

    /**
     * In place {@link #scatter(int, Tensor, Tensor)}, like {@code scatter_(dim, index, src)}.
     *
     * @param dim the dimension to scatter along; negative counts from the end
     * @param index int64 positions along {@code dim}
     * @param src the values to write, read at the index's positions
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor scatter_(int dim, Tensor index, Tensor src) {
        return InPlaceUnary.scatter(this, dim, index, src);
    }

    /**
     * Makes this leaf require grad and returns it, like {@code tensor.requires_grad_()}.
     *
     * @return this tensor
     */
    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    /**
     * The indices of the maximum along {@code dim}, the dimension removed ({@code argmax(dim)}, keepdim=False).
     *
     * @param dim the dimension; negative counts from the end
     * @return an int64 tensor
     */
    public Tensor argmax(int dim) {
        return argmax(dim, false);
    }

    /**
     * The indices of the minimum along {@code dim}, the dimension removed ({@code argmin(dim)}, keepdim=False).
     *
     * @param dim the dimension; negative counts from the end
     * @return an int64 tensor
     */
    public Tensor argmin(int dim) {
        return argmin(dim, false);
    }

    // ---------------------------------------------------------------- parity

    /**
     * {@code torch.bernoulli(self)}: 0s and 1s drawn with this tensor's probabilities, in its dtype and layout, from
     * the default generator (PyTorch 1.13's CPU samples for the same generator state).
     *
     * @return a new tensor of this tensor's shape
     * @throws IllegalArgumentException for a non-floating tensor or a probability outside [0, 1]
     */
    public Tensor bernoulli() {
        return RandomOps.bernoulli(this, Generator.defaultGenerator());
    }

    /**
     * {@link #bernoulli()} drawing from {@code generator}.
     *
     * @param generator the source of randomness; it advances
     * @return a new tensor of this tensor's shape
     */
    public Tensor bernoulli(Generator generator) {
        return RandomOps.bernoulli(this, generator);
    }

    /**
     * {@code self.bernoulli_(p)}: fills this tensor (any dtype) with 1 (probability {@code p}) or 0, from the default
     * generator.
     *
     * @param p the probability of a 1, in [0, 1]
     * @return this tensor
     */
    public Tensor bernoulli_(double p) {
        return RandomOps.bernoulli_(this, p, Generator.defaultGenerator());
    }

    /**
     * {@link #bernoulli_(double)} drawing from {@code generator}.
     *
     * @param p the probability of a 1, in [0, 1]
     * @param generator the source of randomness; it advances
     * @return this tensor
     */
    public Tensor bernoulli_(double p, Generator generator) {
        return RandomOps.bernoulli_(this, p, generator);
    }

    /**
     * {@code self.bernoulli_(p)} with a probability tensor broadcast to this tensor's shape, from the default generator.
     *
     * @param p probabilities in [0, 1], floating point
     * @return this tensor
     */
    public Tensor bernoulli_(Tensor p) {
        return RandomOps.bernoulli_(this, p, Generator.defaultGenerator());
    }

    /**
     * {@link #bernoulli_(Tensor)} drawing from {@code generator}.
     *
     * @param p probabilities in [0, 1], floating point
     * @param generator the source of randomness; it advances
     * @return this tensor
     */
    public Tensor bernoulli_(Tensor p, Generator generator) {
        return RandomOps.bernoulli_(this, p, generator);
    }

    /**
     * {@code self.exponential_(lambd)}: fills this floating tensor from Exp(lambd), from the default generator.
     *
     * @param lambd the rate, not negative
     * @return this tensor
     */
    public Tensor exponential_(double lambd) {
        return RandomOps.exponential_(this, lambd, Generator.defaultGenerator());
    }

    /**
     * {@link #exponential_(double)} drawing from {@code generator}.
     *
     * @param lambd the rate, not negative
     * @param generator the source of randomness; it advances
     * @return this tensor
     */
    public Tensor exponential_(double lambd, Generator generator) {
        return RandomOps.exponential_(this, lambd, generator);
    }

    /**
     * {@code self.random_()}: integers drawn uniformly from [0, 2^53] (float64), [0, 2^24] (float32), [0, max]
     * (integer dtypes) or {false, true}, from the default generator, as PyTorch's CPU kernel draws them.
     *
     * @return this tensor
     */
    public Tensor random_() {
        return RandomOps.random_(this, Generator.defaultGenerator());
    }

    /**
     * {@link #random_()} drawing from {@code generator}.
     *
     * @param generator the source of randomness; it advances
     * @return this tensor
     */
    public Tensor random_(Generator generator) {
        return RandomOps.random_(this, generator);
    }

    /**
     * {@code self.random_(from, to)}: integers drawn uniformly from [from, to), from the default generator.
     *
     * @param from the lowest value
     * @param to one past the highest value, greater than {@code from}
     * @return this tensor
     */
    public Tensor random_(long from, long to) {
        return RandomOps.random_(this, from, to, Generator.defaultGenerator());
    }

    /**
     * {@link #random_(long, long)} drawing from {@code generator}.
     *
     * @param from the lowest value
     * @param to one past the highest value, greater than {@code from}
     * @param generator the source of randomness; it advances
     * @return this tensor
     */
    public Tensor random_(long from, long to, Generator generator) {
        return RandomOps.random_(this, from, to, generator);
    }

    /**
     * {@code torch.multinomial(self, numSamples)}: category indices drawn without replacement from the rows of this
     * 1-D or 2-D tensor of non-negative weights, from the default generator.
     *
     * @param numSamples the number of samples per row, at most the number of categories
     * @return an int64 tensor of shape [numSamples] or [rows, numSamples]
     */
    public Tensor multinomial(int numSamples) {
        return RandomOps.multinomial(this, numSamples, false, Generator.defaultGenerator());
    }

    /**
     * {@code torch.multinomial(self, numSamples, replacement)}, from the default generator.
     *
     * @param numSamples the number of samples per row
     * @param replacement whether a category can be drawn more than once
     * @return an int64 tensor of shape [numSamples] or [rows, numSamples]
     */
    public Tensor multinomial(int numSamples, boolean replacement) {
        return RandomOps.multinomial(this, numSamples, replacement, Generator.defaultGenerator());
    }

    /**
     * {@code torch.multinomial(self, numSamples, replacement, generator=generator)}.
     *
     * @param numSamples the number of samples per row
     * @param replacement whether a category can be drawn more than once
     * @param generator the source of randomness; it advances
     * @return an int64 tensor of shape [numSamples] or [rows, numSamples]
     */
    public Tensor multinomial(int numSamples, boolean replacement, Generator generator) {
        return RandomOps.multinomial(this, numSamples, replacement, generator);
    }

    // ---------------------------------------------------------------- opsmore

    /**
     * The arcsine, elementwise ({@code torch.asin}, grad_fn AsinBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor asin() {
        return Pointwise.unary(UnaryOp.ASIN, this);
    }

    /**
     * The arccosine, elementwise ({@code torch.acos}, grad_fn AcosBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor acos() {
        return Pointwise.unary(UnaryOp.ACOS, this);
    }

    /**
     * The arctangent, elementwise ({@code torch.atan}, grad_fn AtanBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor atan() {
        return Pointwise.unary(UnaryOp.ATAN, this);
    }

    /**
     * The hyperbolic sine, elementwise ({@code torch.sinh}, grad_fn SinhBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor sinh() {
        return Pointwise.unary(UnaryOp.SINH, this);
    }

    /**
     * The hyperbolic cosine, elementwise ({@code torch.cosh}, grad_fn CoshBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor cosh() {
        return Pointwise.unary(UnaryOp.COSH, this);
    }

    /**
     * The inverse hyperbolic sine, elementwise ({@code torch.asinh}, grad_fn AsinhBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor asinh() {
        return Pointwise.unary(UnaryOp.ASINH, this);
    }

    /**
     * The inverse hyperbolic cosine (NaN below 1), elementwise ({@code torch.acosh}, grad_fn AcoshBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor acosh() {
        return Pointwise.unary(UnaryOp.ACOSH, this);
    }

    /**
     * The inverse hyperbolic tangent (±inf at ±1, NaN beyond), elementwise ({@code torch.atanh}, grad_fn AtanhBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor atanh() {
        return Pointwise.unary(UnaryOp.ATANH, this);
    }

    /**
     * The fractional part {@code x - trunc(x)} (refused for integer tensors), elementwise ({@code torch.frac}, grad_fn FracBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor frac() {
        return Pointwise.unary(UnaryOp.FRAC, this);
    }

    /**
     * The complementary error function {@code 1 - erf(x)}, elementwise ({@code torch.erfc}, grad_fn ErfcBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor erfc() {
        return Pointwise.unary(UnaryOp.ERFC, this);
    }

    /**
     * The normalized sinc {@code sin(pi x) / (pi x)}, 1 at 0, elementwise ({@code torch.sinc}, grad_fn SincBackward0); integer and bool tensors give the default dtype.
     *
     * @return a new tensor
     */
    public Tensor sinc() {
        return Pointwise.unary(UnaryOp.SINC, this);
    }

    /**
     * {@code log(x / (1 - x))}, elementwise ({@code torch.logit}, grad_fn LogitBackward0): NaN outside [0, 1].
     *
     * @return a new tensor
     */
    public Tensor logit() {
        return Pointwise.unary(UnaryOp.LOGIT, this);
    }

    /**
     * {@code torch.logit(x, eps)}: x clamped to {@code [eps, 1 - eps]}, then {@link #logit()}; the gradient is 0
     * where the clamp held x. A negative eps is PyTorch's {@code eps=None}.
     *
     * @param eps the clamp's distance from 0 and 1
     * @return a new tensor
     */
    public Tensor logit(double eps) {
        return ExtraMath.logit(this, eps);
    }

    /**
     * Degrees to radians ({@code torch.deg2rad}, grad_fn Deg2RadBackward0): a product with pi/180.
     *
     * @return a new tensor; integer and bool tensors give the default dtype
     */
    public Tensor deg2rad() {
        return ExtraMath.deg2rad(this);
    }

    /**
     * Radians to degrees ({@code torch.rad2deg}, grad_fn Rad2DegBackward0): a product with 180/pi.
     *
     * @return a new tensor; integer and bool tensors give the default dtype
     */
    public Tensor rad2deg() {
        return ExtraMath.rad2deg(this);
    }

    /**
     * {@code torch.nan_to_num(x)}: NaN to 0, +inf / -inf to the dtype's largest / lowest finite value.
     *
     * @return a new tensor (a copy for integer and bool tensors)
     */
    public Tensor nanToNum() {
        return ExtraMath.nanToNum(this, 0.0, null, null);
    }

    /**
     * {@code torch.nan_to_num(x, nan, posinf, neginf)} (grad_fn NanToNumBackward0, gradient {@code g * isfinite(x)}).
     *
     * @param nan the value for NaN
     * @param posinf the value for +inf, or null for the dtype's largest finite value
     * @param neginf the value for -inf, or null for the dtype's lowest finite value
     * @return a new tensor (a copy for integer and bool tensors)
     */
    public Tensor nanToNum(double nan, Double posinf, Double neginf) {
        return ExtraMath.nanToNum(this, nan, posinf, neginf);
    }

    /**
     * {@code torch.atan2(self, other)}: the angle of the point (other, self), broadcast (grad_fn Atan2Backward0);
     * integer and bool tensors give the default dtype.
     *
     * @param other the x coordinates
     * @return a new tensor
     */
    public Tensor atan2(Tensor other) {
        return Pointwise.binary(BinaryOp.ATAN2, "atan2", this, other);
    }

    /**
     * {@code torch.hypot}: {@code sqrt(self^2 + other^2)}, broadcast (grad_fn HypotBackward0); floating tensors only.
     *
     * @param other the other legs
     * @return a new tensor
     */
    public Tensor hypot(Tensor other) {
        return Pointwise.binary(BinaryOp.HYPOT, "hypot", this, other);
    }

    /**
     * {@code torch.fmod}: C's remainder, with the dividend's sign (grad_fn FmodBackward1); integers stay integers,
     * and an integer division by zero is refused.
     *
     * @param other the divisors
     * @return a new tensor
     */
    public Tensor fmod(Tensor other) {
        return Pointwise.binary(BinaryOp.FMOD, "fmod", this, other);
    }

    /**
     * {@code torch.fmod(self, other)} with a Python int (grad_fn FmodBackward0): an integer tensor stays integer.
     *
     * @param other the divisor
     * @return a new tensor
     */
    public Tensor fmod(long other) {
        return DTypes.scalarLong(BinaryOp.FMOD, "fmod", this, other, false);
    }

    /**
     * {@code torch.fmod(self, other)} with a Python float (grad_fn FmodBackward0).
     *
     * @param other the divisor
     * @return a new tensor
     */
    public Tensor fmod(double other) {
        return Pointwise.scalar(BinaryOp.FMOD, "fmod", this, other, false);
    }

    /**
     * {@code torch.copysign}: {@code |self|} with {@code other}'s sign bit, broadcast (grad_fn CopysignBackward0);
     * integer and bool tensors give the default dtype.
     *
     * @param other the signs
     * @return a new tensor
     */
    public Tensor copysign(Tensor other) {
        return Pointwise.binary(BinaryOp.COPYSIGN, "copysign", this, other);
    }

    /**
     * {@code torch.copysign(self, other)} with a number (grad_fn CopysignBackward1).
     *
     * @param other the sign
     * @return a new tensor
     */
    public Tensor copysign(double other) {
        return Pointwise.scalar(BinaryOp.COPYSIGN, "copysign", this, other, false);
    }

    /**
     * {@code torch.logaddexp}: {@code log(e^self + e^other)} without overflow (grad_fn LogaddexpBackward0).
     *
     * @param other the other exponents
     * @return a new tensor
     */
    public Tensor logaddexp(Tensor other) {
        return Pointwise.binary(BinaryOp.LOGADDEXP, "logaddexp", this, other);
    }

    /**
     * {@code torch.logaddexp2}: {@code log2(2^self + 2^other)} without overflow (grad_fn Logaddexp2Backward0).
     *
     * @param other the other exponents
     * @return a new tensor
     */
    public Tensor logaddexp2(Tensor other) {
        return Pointwise.binary(BinaryOp.LOGADDEXP2, "logaddexp2", this, other);
    }

    /**
     * {@code torch.xlogy}: {@code self * log(other)}, 0 where self is 0, NaN where other is NaN (grad_fn
     * XlogyBackward0); integer and bool tensors give the default dtype.
     *
     * @param other the logarithms' arguments
     * @return a new tensor
     */
    public Tensor xlogy(Tensor other) {
        return Pointwise.binary(BinaryOp.XLOGY, "xlogy", this, other);
    }

    /**
     * {@code torch.xlogy(self, other)} with a number (grad_fn XlogyBackward2).
     *
     * @param other the logarithm's argument
     * @return a new tensor
     */
    public Tensor xlogy(double other) {
        return Pointwise.scalar(BinaryOp.XLOGY, "xlogy", this, other, false);
    }

    /**
     * {@code torch.xlogy(self, other)} with a number {@code self} (grad_fn XlogyBackward1).
     *
     * @param self the factor
     * @param other the logarithms' arguments
     * @return a new tensor
     */
    public static Tensor xlogy(double self, Tensor other) {
        return ExtraMath.xlogy(self, other);
    }

    /**
     * {@code torch.heaviside(self, values)}: {@code values} where self is 0, 1 where it is positive, else 0 (NaN
     * too). Both tensors must have one dtype, as in PyTorch; no gradient (PyTorch's is not implemented).
     *
     * @param values the values at 0, broadcast
     * @return a new tensor
     */
    public Tensor heaviside(Tensor values) {
        return ExtraMath.heaviside(this, values);
    }

    /**
     * {@code torch.signbit}: whether the sign bit is set ({@code -0.0} and negative NaNs included).
     *
     * @return a bool tensor
     */
    public Tensor signbit() {
        return ExtraMath.signbit(this);
    }

    /**
     * {@code torch.bitwise_and}: the bitwise and of integer tensors (logical for bool), broadcast, in the promoted
     * dtype; floating tensors are refused. No gradient.
     *
     * @param other an integer or bool tensor
     * @return a new tensor
     */
    public Tensor bitwiseAnd(Tensor other) {
        return Bitwise.binary(Bitwise.Op.AND, this, other);
    }

    /**
     * {@code torch.bitwise_and(self, other)} with a Python int: the tensor's integer dtype (int64 for a bool tensor).
     *
     * @param other the integer
     * @return a new tensor
     */
    public Tensor bitwiseAnd(long other) {
        return Bitwise.scalar(Bitwise.Op.AND, this, other);
    }

    /**
     * {@code torch.bitwise_and(self, other)} with a Python bool: a bool tensor stays bool.
     *
     * @param other the bool
     * @return a new tensor
     */
    public Tensor bitwiseAnd(boolean other) {
        return Bitwise.scalar(Bitwise.Op.AND, this, other);
    }

    /**
     * {@code torch.bitwise_or}: the bitwise or of integer tensors (logical for bool), broadcast, in the promoted
     * dtype; floating tensors are refused. No gradient.
     *
     * @param other an integer or bool tensor
     * @return a new tensor
     */
    public Tensor bitwiseOr(Tensor other) {
        return Bitwise.binary(Bitwise.Op.OR, this, other);
    }

    /**
     * {@code torch.bitwise_or(self, other)} with a Python int: the tensor's integer dtype (int64 for a bool tensor).
     *
     * @param other the integer
     * @return a new tensor
     */
    public Tensor bitwiseOr(long other) {
        return Bitwise.scalar(Bitwise.Op.OR, this, other);
    }

    /**
     * {@code torch.bitwise_or(self, other)} with a Python bool: a bool tensor stays bool.
     *
     * @param other the bool
     * @return a new tensor
     */
    public Tensor bitwiseOr(boolean other) {
        return Bitwise.scalar(Bitwise.Op.OR, this, other);
    }

    /**
     * {@code torch.bitwise_xor}: the bitwise exclusive or of integer tensors (logical for bool), broadcast, in the promoted
     * dtype; floating tensors are refused. No gradient.
     *
     * @param other an integer or bool tensor
     * @return a new tensor
     */
    public Tensor bitwiseXor(Tensor other) {
        return Bitwise.binary(Bitwise.Op.XOR, this, other);
    }

    /**
     * {@code torch.bitwise_xor(self, other)} with a Python int: the tensor's integer dtype (int64 for a bool tensor).
     *
     * @param other the integer
     * @return a new tensor
     */
    public Tensor bitwiseXor(long other) {
        return Bitwise.scalar(Bitwise.Op.XOR, this, other);
    }

    /**
     * {@code torch.bitwise_xor(self, other)} with a Python bool: a bool tensor stays bool.
     *
     * @param other the bool
     * @return a new tensor
     */
    public Tensor bitwiseXor(boolean other) {
        return Bitwise.scalar(Bitwise.Op.XOR, this, other);
    }

    /**
     * {@code torch.bitwise_not}: {@code ~x} of an integer tensor, logical not of a bool one; floating tensors are refused.
     *
     * @return a new tensor of this dtype
     */
    public Tensor bitwiseNot() {
        return Bitwise.not(this);
    }

    /**
     * {@code torch.logical_xor}: whether exactly one of the two is nonzero, broadcast, any dtypes.
     *
     * @param other the other tensor
     * @return a bool tensor
     */
    public Tensor logicalXor(Tensor other) {
        return Bitwise.logicalXor(this, other);
    }

    /**
     * {@code torch.movedim(x, source, destination)}: dim {@code source} moved to {@code destination}, the others in
     * order (a view, grad_fn PermuteBackward0).
     *
     * @param source the dim to move (negative counts from the end)
     * @param destination where it goes
     * @return a view
     */
    public Tensor movedim(int source, int destination) {
        return MoreShapeOps.movedim(this, new int[] {source}, new int[] {destination});
    }

    /**
     * {@code torch.movedim(x, source, destination)} with lists of distinct dims.
     *
     * @param source the dims to move
     * @param destination where each goes
     * @return a view
     */
    public Tensor movedim(int[] source, int[] destination) {
        return MoreShapeOps.movedim(this, source, destination);
    }

    /**
     * {@code torch.swapaxes}: {@link #transpose(int, int)} by NumPy's name.
     *
     * @param axis0 one dim
     * @param axis1 the other
     * @return a view
     */
    public Tensor swapaxes(int axis0, int axis1) {
        return transpose(axis0, axis1);
    }

    /**
     * {@code torch.swapdims}: {@link #transpose(int, int)}.
     *
     * @param dim0 one dim
     * @param dim1 the other
     * @return a view
     */
    public Tensor swapdims(int dim0, int dim1) {
        return transpose(dim0, dim1);
    }

    /**
     * {@code x.mT}: the last two dims transposed (a view, grad_fn TransposeBackward0); refused below 2-D.
     *
     * @return a view
     */
    public Tensor mT() {
        return MoreShapeOps.mT(this);
    }

    /**
     * {@code torch.tile}: {@link #repeat(int...)} with {@code dims} left-padded with ones (grad_fn RepeatBackward0).
     *
     * @param dims the repetitions of the trailing dims
     * @return a new tensor
     */
    public Tensor tile(int... dims) {
        return MoreShapeOps.tile(this, dims);
    }

    /**
     * {@code torch.meshgrid(*tensors, indexing="ij")}: 0-D or 1-D tensors expanded to the grid of their sizes (views).
     *
     * @param tensors the coordinates along each dim
     * @return one grid per tensor
     */
    public static java.util.List<Tensor> meshgrid(Tensor... tensors) {
        return MoreShapeOps.meshgrid("ij", tensors);
    }

    /**
     * {@code torch.meshgrid(*tensors, indexing=indexing)}: {@code "ij"} (matrix) or {@code "xy"} (Cartesian: the first
     * two dims swapped).
     *
     * @param indexing "ij" or "xy"
     * @param tensors the coordinates along each dim
     * @return one grid per tensor
     */
    public static java.util.List<Tensor> meshgrid(String indexing, Tensor... tensors) {
        return MoreShapeOps.meshgrid(indexing, tensors);
    }

    /**
     * {@code torch.hstack}: 1-D tensors (0-D made 1-D) joined along dim 0, others along dim 1.
     *
     * @param tensors the tensors
     * @return a new tensor (grad_fn CatBackward0)
     */
    public static Tensor hstack(java.util.List<Tensor> tensors) {
        return MoreShapeOps.hstack(tensors);
    }

    /**
     * {@code torch.vstack}: the tensors made at least 2-D ({@code [n]} as {@code [1, n]}), joined along dim 0.
     *
     * @param tensors the tensors
     * @return a new tensor (grad_fn CatBackward0)
     */
    public static Tensor vstack(java.util.List<Tensor> tensors) {
        return MoreShapeOps.vstack(tensors);
    }

    /**
     * {@code torch.dstack}: the tensors made at least 3-D ({@code [n]} as {@code [1, n, 1]}, {@code [m, n]} as
     * {@code [m, n, 1]}), joined along dim 2.
     *
     * @param tensors the tensors
     * @return a new tensor (grad_fn CatBackward0)
     */
    public static Tensor dstack(java.util.List<Tensor> tensors) {
        return MoreShapeOps.dstack(tensors);
    }

    /**
     * {@code torch.column_stack}: 0-D and 1-D tensors as columns {@code [n, 1]}, joined along dim 1.
     *
     * @param tensors the tensors
     * @return a new tensor (grad_fn CatBackward0)
     */
    public static Tensor columnStack(java.util.List<Tensor> tensors) {
        return MoreShapeOps.columnStack(tensors);
    }

    /**
     * {@code torch.addmm(self, mat1, mat2)}: {@code self + mat1 @ mat2}, self broadcast (grad_fn AddmmBackward0).
     *
     * @param mat1 an {@code [m, k]} matrix
     * @param mat2 a {@code [k, n]} matrix
     * @return a new {@code [m, n]} tensor
     */
    public Tensor addmm(Tensor mat1, Tensor mat2) {
        return ScaledProducts.addmm(this, mat1, mat2, 1.0, 1.0);
    }

    /**
     * {@code torch.addmm(self, mat1, mat2, beta=beta, alpha=alpha)}: {@code beta * self + alpha * mat1 @ mat2} in one
     * GEMM, as PyTorch's kernel (self ignored, NaN included, when beta is 0).
     *
     * @param mat1 an {@code [m, k]} matrix
     * @param mat2 a {@code [k, n]} matrix
     * @param beta the scale of self
     * @param alpha the scale of the product
     * @return a new {@code [m, n]} tensor
     */
    public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) {
        return ScaledProducts.addmm(this, mat1, mat2, beta, alpha);
    }

    /**
     * {@code torch.baddbmm(self, batch1, batch2)}: {@code self + batch1 @ batch2} per batch (grad_fn BaddbmmBackward0).
     *
     * @param batch1 a {@code [b, m, k]} tensor
     * @param batch2 a {@code [b, k, n]} tensor
     * @return a new {@code [b, m, n]} tensor
     */
    public Tensor baddbmm(Tensor batch1, Tensor batch2) {
        return ScaledProducts.baddbmm(this, batch1, batch2, 1.0, 1.0);
    }

    /**
     * {@code torch.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)}.
     *
     * @param batch1 a {@code [b, m, k]} tensor
     * @param batch2 a {@code [b, k, n]} tensor
     * @param beta the scale of self
     * @param alpha the scale of the products
     * @return a new {@code [b, m, n]} tensor
     */
    public Tensor baddbmm(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return ScaledProducts.baddbmm(this, batch1, batch2, beta, alpha);
    }

    /**
     * {@code torch.addmv(self, mat, vec)}: {@code self + mat @ vec} (grad_fn AddmvBackward0).
     *
     * @param mat an {@code [m, k]} matrix
     * @param vec a {@code [k]} vector
     * @return a new {@code [m]} tensor
     */
    public Tensor addmv(Tensor mat, Tensor vec) {
        return ScaledProducts.addmv(this, mat, vec, 1.0, 1.0);
    }

    /**
     * {@code torch.addmv(self, mat, vec, beta=beta, alpha=alpha)}.
     *
     * @param mat an {@code [m, k]} matrix
     * @param vec a {@code [k]} vector
     * @param beta the scale of self
     * @param alpha the scale of the product
     * @return a new {@code [m]} tensor
     */
    public Tensor addmv(Tensor mat, Tensor vec, double beta, double alpha) {
        return ScaledProducts.addmv(this, mat, vec, beta, alpha);
    }

    /**
     * {@code torch.diag(x)}: a 1-D tensor as a diagonal matrix, or a matrix's diagonal (a copy); grad_fn DiagBackward0.
     *
     * @return a new tensor
     */
    public Tensor diag() {
        return MoreLinalg.diag(this, 0);
    }

    /**
     * {@code torch.diag(x, diagonal)}: above the main diagonal for {@code diagonal > 0}, below for {@code < 0}.
     *
     * @param diagonal which diagonal
     * @return a new tensor
     */
    public Tensor diag(int diagonal) {
        return MoreLinalg.diag(this, diagonal);
    }

    /**
     * {@code torch.diag_embed(x)}: the last dim on the diagonal of new last two dims (grad_fn DiagEmbedBackward0).
     *
     * @return a new tensor of one more dim
     */
    public Tensor diagEmbed() {
        return MoreLinalg.diagEmbed(this, 0, -2, -1);
    }

    /**
     * {@code torch.diag_embed(x, offset, dim1, dim2)}.
     *
     * @param offset which diagonal
     * @param dim1 the output dim of the diagonal's rows
     * @param dim2 the output dim of its columns
     * @return a new tensor of one more dim
     */
    public Tensor diagEmbed(int offset, int dim1, int dim2) {
        return MoreLinalg.diagEmbed(this, offset, dim1, dim2);
    }

    /**
     * {@code torch.trace}: the sum of a matrix's diagonal (grad_fn TraceBackward0); integer tensors give int64.
     *
     * @return a 0-D tensor
     */
    public Tensor trace() {
        return MoreLinalg.trace(this);
    }

    /**
     * {@code torch.diff(x)}: forward differences along the last dim.
     *
     * @return a new tensor
     */
    public Tensor diff() {
        return MoreLinalg.diff(this, 1, -1, null, null);
    }

    /**
     * {@code torch.diff(x, n, dim, prepend, append)}: the n-th forward differences along dim (xor for bool), after
     * joining prepend and append (either may be null) along it.
     *
     * @param n the order
     * @param dim the dim
     * @param prepend values put before x along dim, or null
     * @param append values put after x along dim, or null
     * @return a new tensor
     */
    public Tensor diff(int n, int dim, Tensor prepend, Tensor append) {
        return MoreLinalg.diff(this, n, dim, prepend, append);
    }

    /**
     * {@code torch.kron}: the Kronecker product (grad_fn UnsafeViewBackward0).
     *
     * @param other the other factor
     * @return a new tensor
     */
    public Tensor kron(Tensor other) {
        return MoreLinalg.kron(this, other);
    }

    /**
     * {@code torch.cross(x, other, dim)}: the cross product along dim, of size 3 (grad_fn LinalgCrossBackward0).
     *
     * @param other the other vectors, broadcast
     * @param dim the dim of size 3
     * @return a new tensor
     */
    public Tensor cross(Tensor other, int dim) {
        return MoreLinalg.cross(this, other, dim);
    }

    /**
     * {@code torch.cross(x, other)}: along the first dim of size 3 (PyTorch 1.13's default, which it deprecates).
     *
     * @param other the other vectors, broadcast
     * @return a new tensor
     */
    public Tensor cross(Tensor other) {
        return MoreLinalg.cross(this, other, MoreLinalg.firstSize3(this, other));
    }

    /**
     * {@code torch.tensordot(x, other, dims)}: the last {@code dims} dims of x contracted with the first of other.
     *
     * @param other the other tensor
     * @param dims how many dims to contract
     * @return a new tensor
     */
    public Tensor tensordot(Tensor other, int dims) {
        return MoreLinalg.tensordot(this, other, dims);
    }

    /**
     * {@code torch.tensordot(x, other, dims=(dimsSelf, dimsOther))}.
     *
     * @param other the other tensor
     * @param dimsSelf the contracted dims of x
     * @param dimsOther the matching dims of other
     * @return a new tensor
     */
    public Tensor tensordot(Tensor other, int[] dimsSelf, int[] dimsOther) {
        return MoreLinalg.tensordot(this, other, dimsSelf, dimsOther);
    }

    /**
     * {@code torch.einsum(equation, *operands)}: repeated subscripts, an ellipsis, implicit output and sums, as a
     * chain of bmm over permuted views (differentiable).
     *
     * @param equation e.g. {@code "bij,bjk->bik"}
     * @param operands one tensor per term
     * @return a new tensor (or a view, for a single operand that is only permuted)
     */
    public static Tensor einsum(String equation, Tensor... operands) {
        return Einsum.einsum(equation, operands);
    }

    // ---------------------------------------------------------------- nnmore

    /**
     * {@code hardshrink()}: {@code |x| <= 0.5 ? 0 : x}.
     *
     * @return a new tensor
     */
    public Tensor hardshrink() {
        return Activations.hardshrink(this, 0.5);
    }

    /**
     * {@code hardshrink(lambd)}: {@code -lambd <= x <= lambd ? 0 : x}.
     *
     * @param lambd the threshold
     * @return a new tensor
     */
    public Tensor hardshrink(double lambd) {
        return Activations.hardshrink(this, lambd);
    }

    /**
     * {@code prelu(weight)}: {@code x > 0 ? x : weight * x}, as {@link Functional#prelu(Tensor, Tensor)}.
     *
     * @param weight one weight, or one per channel (dimension 1)
     * @return a new tensor
     */
    public Tensor prelu(Tensor weight) {
        return Activations.prelu(this, weight);
    }

    // ---------------------------------------------------------------- blitz

    /**
     * The largest value over {@code dim} and its index, the dimension removed: {@code torch.max(t, dim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @return the values and their int64 indices
     */
    public ValuesIndices max(int dim) {
        return max(dim, false);
    }

    /**
     * The sizes as PyTorch's {@code t.size()} / {@code t.shape}: a {@link Size}, printing as {@code torch.Size([2, 3])}
     * ({@link #shape()} gives them as an {@code int[]}).
     *
     * @return the sizes
     */
    public Size size() {
        return new Size(shape);
    }

    /**
     * Python's {@code t[i0, i1, ...]} with int64 index tensors ({@code x[torch.arange(n), target]}): they broadcast
     * together and each picks along its dimension, from the first on; the result has their broadcast shape followed
     * by the remaining dimensions (grad_fn IndexBackward0). One index tensor is {@link #index(Tensor)}.
     *
     * @param indices int64 positions for the leading dimensions (negative count from the end)
     * @return a new tensor
     * @throws IndexOutOfBoundsException if an index is out of range, the indices do not broadcast, or there are more
     *     of them than dimensions
     */
    public Tensor index(Tensor... indices) {
        return TutorialOps.index(this, indices);
    }

    /**
     * {@code torch.randint(low, high, size, dtype=dtype)}: the int64 draws of {@link #randint(long, long, int[])}, in
     * {@code dtype} (floating, int32, uint8 or bool), with PyTorch's range checks.
     *
     * @param low the lowest value
     * @param high one above the highest value
     * @param size the shape
     * @param dtype the result's dtype
     * @return a new tensor on the default device
     * @throws IllegalArgumentException if {@code low} or {@code high - 1} does not fit {@code dtype}
     */
    public static Tensor randint(long low, long high, int[] size, DType dtype) {
        return TutorialOps.randint(low, high, size, dtype, Generator.defaultGenerator());
    }

    /**
     * {@code torch.randint(high, size, dtype=dtype)}: {@link #randint(long, long, int[], DType)} from 0.
     *
     * @param high one above the highest value
     * @param size the shape
     * @param dtype the result's dtype
     * @return a new tensor on the default device
     */
    public static Tensor randint(long high, int[] size, DType dtype) {
        return TutorialOps.randint(0, high, size, dtype, Generator.defaultGenerator());
    }

    /**
     * {@code torch.arange(end)} with a floating {@code end} ({@code torch.arange(24.)}): {@code 0, 1, ...} below it in
     * the default dtype. An integral {@code end} ({@link #arange(long)}) gives int64, as in PyTorch.
     *
     * @param end the exclusive end
     * @return a new 1-d tensor
     */
    public static Tensor arange(double end) {
        return arange(0.0, end, 1.0);
    }

    /**
     * {@code torch.arange(start, end)} with floating bounds, step 1, in the default dtype.
     *
     * @param start the first value
     * @param end the exclusive end
     * @return a new 1-d tensor
     */
    public static Tensor arange(double start, double end) {
        return arange(start, end, 1.0);
    }

    /**
     * PyTorch's {@code detach_()}: this tensor leaves the graph in place, a leaf that does not require grad (nodes that
     * saved it keep it).
     *
     * @return this tensor
     * @throws IllegalStateException if this tensor is a view
     */
    public Tensor detach_() {
        if (view || viewBase != null) {
            throw new IllegalStateException("detach_: Can't detach views in-place. Use detach() instead (a view of shape "
                    + Shapes.str(shape) + ")");
        }
        gradFn = null;
        requiresGrad = false;
        return this;
    }

    /**
     * The smallest value over {@code dim} and its index, the dimension removed: {@code torch.min(t, dim)}.
     *
     * @param dim the dimension to reduce; negative counts from the end
     * @return the values and their int64 indices
     */
    public ValuesIndices min(int dim) {
        return min(dim, false);
    }

    /**
     * The dimensions from {@code startDim} to the last merged into one: {@code torch.flatten(t, start_dim)}.
     *
     * @param startDim the first dimension to merge; negative counts from the end
     * @return a view where possible, else a copy
     */
    public Tensor flatten(int startDim) {
        return flatten(startDim, -1);
    }

    // ---------------------------------------------------------------- reduce

    /**
     * {@code median()}: the lower median of all elements (of an even count, the smaller middle one); NaN if any
     * element is NaN or the tensor is empty. Its gradient is shared by the elements equal to it.
     *
     * @return a new 0-d tensor
     */
    public Tensor median() {
        return ReduceMore.medianAll(this, false);
    }

    /**
     * {@code median(dim, keepdim)}: the lower median of every slice along {@code dim} and its int64 position
     * (the first NaN where a slice holds one); the gradient goes to that position.
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays with size 1
     * @return the values and their int64 indices
     */
    public ValuesIndices median(int dim, boolean keepdim) {
        return ReduceMore.median(this, dim, keepdim, false);
    }

    /**
     * {@code median(dim)}: {@link #median(int, boolean)} without keepdim.
     *
     * @param dim the dimension; negative counts from the end
     * @return the values and their int64 indices
     */
    public ValuesIndices median(int dim) {
        return ReduceMore.median(this, dim, false, false);
    }

    /**
     * {@code nanmedian()}: {@link #median()} of the elements that are not NaN (NaN when all are).
     *
     * @return a new 0-d tensor
     */
    public Tensor nanmedian() {
        return ReduceMore.medianAll(this, true);
    }

    /**
     * {@code nanmedian(dim, keepdim)}: {@link #median(int, boolean)} ignoring NaN.
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays with size 1
     * @return the values and their int64 indices
     */
    public ValuesIndices nanmedian(int dim, boolean keepdim) {
        return ReduceMore.median(this, dim, keepdim, true);
    }

    /**
     * {@code nanmedian(dim)}: {@link #nanmedian(int, boolean)} without keepdim.
     *
     * @param dim the dimension; negative counts from the end
     * @return the values and their int64 indices
     */
    public ValuesIndices nanmedian(int dim) {
        return ReduceMore.median(this, dim, false, true);
    }

    /**
     * {@code nansum()}: the sum of all elements, NaN counted as zero; integer and bool inputs give int64.
     *
     * @return a new 0-d tensor
     */
    public Tensor nansum() {
        return ReduceMore.nansum(this, new int[0], false);
    }

    /**
     * {@code nansum(dims, keepdim)}: the sum over {@code dims} (none: all), NaN counted as zero.
     *
     * @param dims the dimensions to reduce; negative count from the end
     * @param keepdim whether the reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor nansum(int[] dims, boolean keepdim) {
        return ReduceMore.nansum(this, dims, keepdim);
    }

    /**
     * {@code nanmean()}: the mean of the elements that are not NaN; floating dtypes only.
     *
     * @return a new 0-d tensor
     */
    public Tensor nanmean() {
        return ReduceMore.nanmean(this, new int[0], false);
    }

    /**
     * {@code nanmean(dims, keepdim)}: the mean over {@code dims} (none: all) of the elements that are not NaN.
     *
     * @param dims the dimensions to reduce; negative count from the end
     * @param keepdim whether the reduced dimensions stay with size 1
     * @return a new tensor
     */
    public Tensor nanmean(int[] dims, boolean keepdim) {
        return ReduceMore.nanmean(this, dims, keepdim);
    }

    /**
     * {@code kthvalue(k, dim, keepdim)}: the k-th smallest element (from 1) of every slice along {@code dim} and its
     * int64 position, NaN above every number; the gradient goes to that position.
     *
     * @param k which smallest, from 1 to the dimension's size
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays with size 1
     * @return the values and their int64 indices
     */
    public ValuesIndices kthvalue(int k, int dim, boolean keepdim) {
        return ReduceMore.kthvalue(this, k, dim, keepdim);
    }

    /**
     * {@code kthvalue(k, dim)}: {@link #kthvalue(int, int, boolean)} without keepdim.
     *
     * @param k which smallest, from 1
     * @param dim the dimension; negative counts from the end
     * @return the values and their int64 indices
     */
    public ValuesIndices kthvalue(int k, int dim) {
        return ReduceMore.kthvalue(this, k, dim, false);
    }

    /**
     * {@code kthvalue(k)}: {@link #kthvalue(int, int, boolean)} along the last dimension.
     *
     * @param k which smallest, from 1
     * @return the values and their int64 indices
     */
    public ValuesIndices kthvalue(int k) {
        return ReduceMore.kthvalue(this, k, -1, false);
    }

    /**
     * {@code mode(dim, keepdim)}: the most frequent value of every slice along {@code dim} (the smallest on ties)
     * and its last position; the gradient goes to that position.
     *
     * @param dim the dimension; negative counts from the end
     * @param keepdim whether the reduced dimension stays with size 1
     * @return the values and their int64 indices
     */
    public ValuesIndices mode(int dim, boolean keepdim) {
        return ReduceMore.mode(this, dim, keepdim);
    }

    /**
     * {@code mode(dim)}: {@link #mode(int, boolean)} without keepdim.
     *
     * @param dim the dimension; negative counts from the end
     * @return the values and their int64 indices
     */
    public ValuesIndices mode(int dim) {
        return ReduceMore.mode(this, dim, false);
    }

    /**
     * {@code mode()}: {@link #mode(int, boolean)} along the last dimension.
     *
     * @return the values and their int64 indices
     */
    public ValuesIndices mode() {
        return ReduceMore.mode(this, -1, false);
    }

    /**
     * {@code aminmax()}: the minimum and maximum of all elements (NaN if any is NaN); not differentiable
     * (PyTorch 1.13 has no derivative for it).
     *
     * @return min and max, 0-d
     */
    public MinMax aminmax() {
        return ReduceMore.aminmax(this, null, false);
    }

    /**
     * {@code aminmax(dim=dim, keepdim=keepdim)}: the minimum and maximum over {@code dim} (null: all elements).
     *
     * @param dim the dimension, negative counts from the end; null for all
     * @param keepdim whether the reduced dimension(s) stay with size 1
     * @return min and max
     */
    public MinMax aminmax(Integer dim, boolean keepdim) {
        return ReduceMore.aminmax(this, dim, keepdim);
    }

    /**
     * {@code var_mean()}: the variance (Bessel's correction) and the mean of all elements, PyTorch's tuple
     * {@code (var, mean)}; floating dtypes only.
     *
     * @return {var, mean}, 0-d
     */
    public Tensor[] varMean() {
        return ReduceMore.varMean(this, new int[0], 1, false, false);
    }

    /**
     * {@code var_mean(dims, correction=c, keepdim=k)}: the variance and the mean over {@code dims} (none: all).
     *
     * @param dims the dimensions to reduce; negative count from the end
     * @param correction subtracted from the count (PyTorch's default 1)
     * @param keepdim whether the reduced dimensions stay with size 1
     * @return {var, mean}
     */
    public Tensor[] varMean(int[] dims, int correction, boolean keepdim) {
        return ReduceMore.varMean(this, dims, correction, keepdim, false);
    }

    /**
     * {@code std_mean()}: the standard deviation (Bessel's correction) and the mean of all elements.
     *
     * @return {std, mean}, 0-d
     */
    public Tensor[] stdMean() {
        return ReduceMore.varMean(this, new int[0], 1, false, true);
    }

    /**
     * {@code std_mean(dims, correction=c, keepdim=k)}: the standard deviation and the mean over {@code dims}.
     *
     * @param dims the dimensions to reduce; negative count from the end
     * @param correction subtracted from the count (PyTorch's default 1)
     * @param keepdim whether the reduced dimensions stay with size 1
     * @return {std, mean}
     */
    public Tensor[] stdMean(int[] dims, int correction, boolean keepdim) {
        return ReduceMore.varMean(this, dims, correction, keepdim, true);
    }

    /**
     * {@code count_nonzero()}: the number of elements that are not zero (NaN is not zero), as int64.
     *
     * @return a new 0-d int64 tensor
     */
    public Tensor countNonzero() {
        return ReduceMore.countNonzero(this, new int[0]);
    }

    /**
     * {@code count_nonzero(dims)}: the number of non-zero elements over {@code dims} (none: all), as int64.
     *
     * @param dims the dimensions to reduce; negative count from the end
     * @return a new int64 tensor without the reduced dimensions
     */
    public Tensor countNonzero(int... dims) {
        return ReduceMore.countNonzero(this, dims);
    }

    /**
     * {@code cummax(dim)}: the running maximum along {@code dim} and its int64 position (the last on ties; NaN
     * sticks); the gradient goes to those positions.
     *
     * @param dim the dimension; negative counts from the end
     * @return the values and their int64 indices, of this shape
     */
    public ValuesIndices cummax(int dim) {
        return ReduceMore.cumExtreme(this, dim, true);
    }

    /**
     * {@code cummin(dim)}: the running minimum along {@code dim} and its int64 position (the last on ties).
     *
     * @param dim the dimension; negative counts from the end
     * @return the values and their int64 indices, of this shape
     */
    public ValuesIndices cummin(int dim) {
        return ReduceMore.cumExtreme(this, dim, false);
    }

    /**
     * {@code logcumsumexp(dim)}: {@code log(cumsum(exp(x)))} along {@code dim}, computed stably; floating dtypes only.
     *
     * @param dim the dimension; negative counts from the end
     * @return a new tensor of this shape
     */
    public Tensor logcumsumexp(int dim) {
        return ReduceMore.logcumsumexp(this, dim);
    }

    /**
     * {@code quantile(q)}: the q-th quantile of all elements, linearly interpolated (NaN if any is NaN).
     *
     * @param q in [0, 1]
     * @return a new 0-d tensor
     */
    public Tensor quantile(double q) {
        return ReduceMore.quantile(this, null, q, null, false, "linear", false);
    }

    /**
     * {@code quantile(q, dim, keepdim, interpolation)}: the q-th quantile over {@code dim} (null: all elements).
     *
     * @param q in [0, 1]
     * @param dim the dimension, negative counts from the end; null for all elements
     * @param keepdim whether the reduced dimension(s) stay with size 1
     * @param interpolation {@code linear}, {@code lower}, {@code higher}, {@code midpoint} or {@code nearest}
     * @return a new tensor
     */
    public Tensor quantile(double q, Integer dim, boolean keepdim, String interpolation) {
        return ReduceMore.quantile(this, null, q, dim, keepdim, interpolation, false);
    }

    /**
     * {@code quantile(q)} for a 0-d or 1-d tensor of quantiles (this dtype): one result per q, first.
     *
     * @param q quantiles in [0, 1]
     * @return a new tensor
     */
    public Tensor quantile(Tensor q) {
        return ReduceMore.quantile(this, q, 0, null, false, "linear", false);
    }

    /**
     * {@code quantile(q, dim, keepdim, interpolation)} for a 0-d or 1-d tensor of quantiles.
     *
     * @param q quantiles in [0, 1], of this dtype
     * @param dim the dimension, negative counts from the end; null for all elements
     * @param keepdim whether the reduced dimension(s) stay with size 1
     * @param interpolation {@code linear}, {@code lower}, {@code higher}, {@code midpoint} or {@code nearest}
     * @return a new tensor, the quantiles' dimension first
     */
    public Tensor quantile(Tensor q, Integer dim, boolean keepdim, String interpolation) {
        return ReduceMore.quantile(this, q, 0, dim, keepdim, interpolation, false);
    }

    /**
     * {@code nanquantile(q)}: {@link #quantile(double)} of the elements that are not NaN.
     *
     * @param q in [0, 1]
     * @return a new 0-d tensor
     */
    public Tensor nanquantile(double q) {
        return ReduceMore.quantile(this, null, q, null, false, "linear", true);
    }

    /**
     * {@code nanquantile(q, dim, keepdim, interpolation)}: {@link #quantile(double, Integer, boolean, String)} ignoring NaN.
     *
     * @param q in [0, 1]
     * @param dim the dimension, negative counts from the end; null for all elements
     * @param keepdim whether the reduced dimension(s) stay with size 1
     * @param interpolation {@code linear}, {@code lower}, {@code higher}, {@code midpoint} or {@code nearest}
     * @return a new tensor
     */
    public Tensor nanquantile(double q, Integer dim, boolean keepdim, String interpolation) {
        return ReduceMore.quantile(this, null, q, dim, keepdim, interpolation, true);
    }

    /**
     * {@code nanquantile(q, dim, keepdim, interpolation)} for a 0-d or 1-d tensor of quantiles.
     *
     * @param q quantiles in [0, 1], of this dtype
     * @param dim the dimension, negative counts from the end; null for all elements
     * @param keepdim whether the reduced dimension(s) stay with size 1
     * @param interpolation {@code linear}, {@code lower}, {@code higher}, {@code midpoint} or {@code nearest}
     * @return a new tensor, the quantiles' dimension first
     */
    public Tensor nanquantile(Tensor q, Integer dim, boolean keepdim, String interpolation) {
        return ReduceMore.quantile(this, q, 0, dim, keepdim, interpolation, true);
    }

    /**
     * {@code torch.searchsorted(sortedSequence, values)}: for every value, the first position in the sorted
     * innermost rows of {@code sortedSequence} (1-d, or with the values' leading dimensions) where it could be inserted.
     *
     * @param sortedSequence ascending along its last dimension
     * @param values the values to place
     * @return int64 positions, of the values' shape
     */
    public static Tensor searchsorted(Tensor sortedSequence, Tensor values) {
        return ReduceMore.searchsorted("torch.searchsorted()", sortedSequence, values, false, false);
    }

    /**
     * {@code torch.searchsorted(sortedSequence, values, out_int32=outInt32, right=right, side=side)}.
     *
     * @param sortedSequence ascending along its last dimension
     * @param values the values to place
     * @param outInt32 int32 positions instead of int64
     * @param right the last such position (after equal boundaries) rather than the first
     * @param side {@code "left"}, {@code "right"} or null; must not contradict {@code right}
     * @return the positions, of the values' shape
     */
    public static Tensor searchsorted(Tensor sortedSequence, Tensor values, boolean outInt32, boolean right, String side) {
        return ReduceMore.searchsorted("torch.searchsorted()", sortedSequence, values, outInt32, ReduceMore.side(side, right));
    }

    /**
     * {@code torch.bucketize(input, boundaries, right=right)}: the bucket of every element among 1-d ascending
     * {@code boundaries} ({@code boundaries[i-1] < x <= boundaries[i]}; {@code right}: {@code boundaries[i-1] <= x < boundaries[i]}).
     *
     * @param input the values
     * @param boundaries 1-d, ascending
     * @param right which side of a boundary equal values go to
     * @return int64 bucket indices, of the input's shape
     */
    public static Tensor bucketize(Tensor input, Tensor boundaries, boolean right) {
        return ReduceMore.bucketize(input, boundaries, false, right);
    }

    /**
     * {@code torch.bucketize(input, boundaries, out_int32=outInt32, right=right)}.
     *
     * @param input the values
     * @param boundaries 1-d, ascending
     * @param outInt32 int32 indices instead of int64
     * @param right which side of a boundary equal values go to
     * @return the bucket indices, of the input's shape
     */
    public static Tensor bucketize(Tensor input, Tensor boundaries, boolean outInt32, boolean right) {
        return ReduceMore.bucketize(input, boundaries, outInt32, right);
    }

    /**
     * {@code histc()}: a histogram of 100 equal bins over the elements' range; floating dtypes only.
     *
     * @return the counts, 1-d of size 100, in this dtype
     */
    public Tensor histc() {
        return ReduceMore.histc(this, 100, 0, 0);
    }

    /**
     * {@code histc(bins, min, max)}: a histogram of {@code bins} equal bins over [min, max] (the elements' range
     * when min == max); elements outside are ignored.
     *
     * @param bins the number of bins, positive
     * @param min the lower end
     * @param max the upper end
     * @return the counts, 1-d of size {@code bins}, in this dtype; not differentiable
     */
    public Tensor histc(int bins, double min, double max) {
        return ReduceMore.histc(this, bins, min, max);
    }

    // ---------------------------------------------------------------- linalg

    /**
     * The determinant of each square matrix ({@code t.det()}, {@code torch.linalg.det}).
     *
     * @return a tensor of the batch shape
     * @see Linalg#det(Tensor)
     */
    public Tensor det() {
        return Linalg.det(this);
    }

    /**
     * The log of the determinant of each square matrix ({@code t.logdet()}): NaN where it is negative.
     *
     * @return a tensor of the batch shape
     * @see Linalg#logdet(Tensor)
     */
    public Tensor logdet() {
        return Linalg.logdet(this);
    }

    /**
     * The sign and log absolute value of the determinant ({@code t.slogdet()}).
     *
     * @return sign and logabsdet
     * @see Linalg#slogdet(Tensor)
     */
    public Linalg.Slogdet slogdet() {
        return Linalg.slogdet(this);
    }

    /**
     * The inverse of each square matrix ({@code t.inverse()}, {@code torch.linalg.inv}).
     *
     * @return a tensor of this shape
     * @see Linalg#inv(Tensor)
     */
    public Tensor inverse() {
        return Linalg.inv(this);
    }

    /**
     * The Moore-Penrose pseudo-inverse ({@code t.pinverse()}): {@code torch.linalg.pinv} with PyTorch's
     * {@code rcond = 1e-15} as the relative tolerance.
     *
     * @return a tensor {@code [..., n, m]}
     * @see Linalg#pinv(Tensor, Double, Double, boolean)
     */
    public Tensor pinverse() {
        return Linalg.pinv(this, 0.0, 1e-15, false);
    }

    /**
     * The Cholesky factor of this symmetric positive-definite matrix (batch) ({@code t.cholesky(upper)}, PyTorch's
     * deprecated {@code torch.cholesky}: grad_fn CholeskyBackward0).
     *
     * @param upper whether to return the upper factor (from the upper triangle) instead of the lower
     * @return the factor
     * @see Linalg#cholesky(Tensor, boolean)
     */
    public Tensor cholesky(boolean upper) {
        return Linalg.cholesky(this, upper, "CholeskyBackward0");
    }

    /**
     * The lower Cholesky factor ({@code t.cholesky()}).
     *
     * @return the factor
     * @see #cholesky(boolean)
     */
    public Tensor cholesky() {
        return cholesky(false);
    }

    /**
     * The QR decomposition ({@code t.qr(some)}): reduced when {@code some}, else complete.
     *
     * @param some whether Q and R are reduced
     * @return Q and R
     * @see Linalg#qr(Tensor, String)
     */
    public Linalg.Qr qr(boolean some) {
        return Linalg.qr(this, some ? "reduced" : "complete");
    }

    /**
     * The reduced QR decomposition ({@code t.qr()}).
     *
     * @return Q and R
     * @see Linalg#qr(Tensor)
     */
    public Linalg.Qr qr() {
        return Linalg.qr(this);
    }

    /**
     * This square matrix to an integer power ({@code t.matrix_power(n)}).
     *
     * @param n the exponent; negative inverts first
     * @return a tensor of this shape
     * @see Linalg#matrixPower(Tensor, int)
     */
    public Tensor matrixPower(int n) {
        return Linalg.matrixPower(this, n);
    }

    // ---------------------------------------------------------------- linalg2

    /**
     * Solves {@code op(A) X = this} for a triangular A ({@code t.triangular_solve(A, upper, transpose,
     * unitriangular)}, PyTorch's deprecated form).
     *
     * @param a the triangular matrices {@code [..., n, n]}
     * @param upper whether A is upper triangular
     * @param transpose whether to solve with A^T
     * @param unitriangular whether A's diagonal is taken as ones
     * @return the solution and a copy of A
     * @see Linalg#triangularSolve(Tensor, Tensor, boolean, boolean, boolean)
     */
    public Linalg.TriangularSolve triangularSolve(Tensor a, boolean upper, boolean transpose, boolean unitriangular) {
        return Linalg.triangularSolve(this, a, upper, transpose, unitriangular);
    }

    /**
     * {@code t.triangular_solve(A)}: A upper triangular, not transposed.
     *
     * @param a the triangular matrices {@code [..., n, n]}
     * @return the solution and a copy of A
     * @see #triangularSolve(Tensor, boolean, boolean, boolean)
     */
    public Linalg.TriangularSolve triangularSolve(Tensor a) {
        return Linalg.triangularSolve(this, a, true, false, false);
    }

    /**
     * Solves {@code L L^T X = this} from a Cholesky factor ({@code t.cholesky_solve(L, upper)}).
     *
     * @param factor the factor {@code [..., n, n]}
     * @param upper whether it is upper triangular
     * @return X
     * @see Linalg#choleskySolve(Tensor, Tensor, boolean)
     */
    public Tensor choleskySolve(Tensor factor, boolean upper) {
        return Linalg.choleskySolve(this, factor, upper);
    }

    /**
     * {@code t.cholesky_solve(L)} with a lower factor.
     *
     * @param factor the lower factor {@code [..., n, n]}
     * @return X
     * @see #choleskySolve(Tensor, boolean)
     */
    public Tensor choleskySolve(Tensor factor) {
        return Linalg.choleskySolve(this, factor, false);
    }

    /**
     * The inverse of {@code L L^T} from this Cholesky factor ({@code t.cholesky_inverse(upper)}).
     *
     * @param upper whether this factor is upper triangular
     * @return the inverse
     * @see Linalg#choleskyInverse(Tensor, boolean)
     */
    public Tensor choleskyInverse(boolean upper) {
        return Linalg.choleskyInverse(this, upper);
    }

    /**
     * {@code t.cholesky_inverse()} of a lower factor.
     *
     * @return the inverse
     * @see #choleskyInverse(boolean)
     */
    public Tensor choleskyInverse() {
        return Linalg.choleskyInverse(this, false);
    }

    /**
     * The matrix exponential ({@code t.matrix_exp()}).
     *
     * @return exp of each square matrix
     * @see Linalg#matrixExp(Tensor)
     */
    public Tensor matrixExp() {
        return Linalg.matrixExp(this);
    }

    /**
     * LAPACK's compact QR ({@code t.geqrf()}).
     *
     * @return a and tau
     * @see Linalg#geqrf(Tensor)
     */
    public Linalg.Geqrf geqrf() {
        return Linalg.geqrf(this);
    }

    // ---------------------------------------------------------------- special

    /**
     * The inverse error function, PyTorch's {@code erfinv}: ±inf at ±1, NaN outside [-1, 1]; integer and bool tensors
     * compute in the default dtype. More of torch.special in {@link Special}.
     *
     * @return a new tensor
     */
    public Tensor erfinv() {
        return SpecialOps.unary(UnaryOp.ERFINV, this);
    }

    /**
     * {@code log|Gamma(x)|}, PyTorch's {@code lgamma}: +inf at 0, -0, the negative integers and ±inf.
     *
     * @return a new tensor
     */
    public Tensor lgamma() {
        return SpecialOps.unary(UnaryOp.LGAMMA, this);
    }

    /**
     * The digamma function {@code Gamma'(x) / Gamma(x)}, PyTorch's {@code digamma}: -inf at 0, +inf at -0, NaN at the
     * negative integers.
     *
     * @return a new tensor
     */
    public Tensor digamma() {
        return SpecialOps.unary(UnaryOp.DIGAMMA, this);
    }

    /**
     * The n-th derivative of digamma, PyTorch's {@code x.polygamma(n)} ({@code torch.polygamma(n, x)}).
     *
     * @param n the order, at least 0
     * @return a new tensor
     * @throws IllegalArgumentException if n is negative
     */
    public Tensor polygamma(int n) {
        return SpecialOps.polygamma(n, this);
    }

    /**
     * The multivariate log-gamma function of dimension p, PyTorch's {@code mvlgamma}.
     *
     * @param p the dimension, at least 1
     * @return a new tensor
     * @throws IllegalArgumentException if p is below 1 or this is a bool tensor
     */
    public Tensor mvlgamma(int p) {
        return SpecialOps.mvlgamma(this, p, "mvlgamma");
    }

    /**
     * The modified Bessel function of the first kind of order 0, PyTorch's {@code i0}.
     *
     * @return a new tensor
     */
    public Tensor i0() {
        return SpecialOps.unary(UnaryOp.I0, this);
    }

    /**
     * The regularized lower incomplete gamma function {@code P(this, other)}, PyTorch's {@code igamma}.
     *
     * @param other x, broadcast against this (a)
     * @return a new tensor
     */
    public Tensor igamma(Tensor other) {
        return SpecialOps.binary(BinaryOp.IGAMMA, this, other);
    }

    /**
     * The regularized upper incomplete gamma function {@code Q(this, other)}, PyTorch's {@code igammac}.
     *
     * @param other x, broadcast against this (a)
     * @return a new tensor
     */
    public Tensor igammac(Tensor other) {
        return SpecialOps.binary(BinaryOp.IGAMMAC, this, other);
    }

    /**
     * In-place {@link #erfinv()}.
     *
     * @return this tensor
     */
    public Tensor erfinv_() {
        return InPlaceUnary.apply("erfinv_", this, true, Tensor::erfinv);
    }

    /**
     * In-place {@link #lgamma()}.
     *
     * @return this tensor
     */
    public Tensor lgamma_() {
        return InPlaceUnary.apply("lgamma_", this, true, Tensor::lgamma);
    }

    /**
     * In-place {@link #digamma()}.
     *
     * @return this tensor
     */
    public Tensor digamma_() {
        return InPlaceUnary.apply("digamma_", this, true, Tensor::digamma);
    }

    /**
     * In-place {@link #polygamma(int)}.
     *
     * @param n the order, at least 0
     * @return this tensor
     */
    public Tensor polygamma_(int n) {
        return InPlaceUnary.apply("polygamma_", this, true, x -> x.polygamma(n));
    }

    /**
     * In-place {@link #mvlgamma(int)}.
     *
     * @param p the dimension, at least 1
     * @return this tensor
     */
    public Tensor mvlgamma_(int p) {
        return InPlaceUnary.apply("mvlgamma_", this, true, x -> x.mvlgamma(p));
    }

    /**
     * In-place {@link #i0()}.
     *
     * @return this tensor
     */
    public Tensor i0_() {
        return InPlaceUnary.apply("i0_", this, true, Tensor::i0);
    }

    // ---- api2
    // ---------------------------------------------------------------- api2: introspection, new_*, windows, dtype rules, global state

    /**
     * Number of dimensions, PyTorch's {@code tensor.ndim}; the same as {@link #dim()}.
     *
     * @return the rank
     */
    public int ndim() {
        return shape.length;
    }

    /**
     * Number of dimensions, PyTorch's {@code tensor.ndimension()}; the same as {@link #dim()}.
     *
     * @return the rank
     */
    public int ndimension() {
        return shape.length;
    }

    /**
     * Number of elements, PyTorch's {@code tensor.nelement()}; the same as {@link #numel()}.
     *
     * @return the product of the sizes
     */
    public int nelement() {
        return numel();
    }

    /**
     * Whether the single element is non-zero, like {@code torch.is_nonzero} (NaN counts as non-zero).
     *
     * @return the element's truth value
     * @throws IllegalStateException (PyTorch's RuntimeError) for an empty tensor or one of more than one element
     */
    public boolean isNonzero() {
        return ApiOps.isNonzero(this);
    }

    /**
     * Whether {@code other} has this tensor's shape, like {@code tensor.is_same_size(other)}.
     *
     * @param other another tensor
     * @return true when the shapes are equal
     * @throws IllegalArgumentException if {@code other} is null
     */
    public boolean isSameSize(Tensor other) {
        return Arrays.equals(shape, shapeOf("is_same_size", other));
    }

    /**
     * Whether the dtype is signed, like {@code tensor.is_signed()}: false for uint8 and bool.
     *
     * @return true for float32, float64, int64 and int32
     */
    public boolean isSigned() {
        return dtype != DType.UINT8 && dtype != DType.BOOL;
    }

    /**
     * Whether the dtype is complex, like {@code tensor.is_complex()}: grad4j has no complex dtypes.
     *
     * @return false
     */
    public boolean isComplex() {
        return false;
    }

    /**
     * Whether the tensor lives on a CUDA device, like {@code tensor.is_cuda}.
     *
     * @return true on "cuda"
     */
    public boolean isCuda() {
        return device().type().equals("cuda");
    }

    /**
     * Whether the tensor lives on the CPU, like {@code tensor.is_cpu}.
     *
     * @return true on "cpu"
     */
    public boolean isCpu() {
        return device().type().equals("cpu");
    }

    /**
     * The device's index, like {@code tensor.get_device()}: -1 on the CPU.
     *
     * @return the CUDA ordinal, or -1 for a CPU tensor
     */
    public int getDevice() {
        return isCpu() ? -1 : device().index();
    }

    /**
     * Bytes per element, like {@code tensor.element_size()}.
     *
     * @return 4 for float32 and int32, 8 for float64 and int64, 1 for bool and uint8
     */
    public int elementSize() {
        return dtype.byteSize();
    }

    /**
     * The first element's position in the storage, in elements, like {@code tensor.storage_offset()}.
     *
     * @return 0 for a fresh tensor; a view's offset into its base's storage
     */
    public int storageOffset() {
        return offset;
    }

    /**
     * Whether this is an inference tensor, like {@code tensor.is_inference()}: grad4j has no inference mode.
     *
     * @return false
     */
    public boolean isInference() {
        return false;
    }

    /**
     * The values as nested lists, like {@code tensor.tolist()}: a {@code java.util.List} per dimension holding
     * {@code Double} (float32 widened exactly, float64), {@code Long} (int64, int32, uint8) or {@code Boolean}; a 0-d
     * tensor gives the scalar itself.
     *
     * @return a {@code List} (or a {@code Double}/{@code Long}/{@code Boolean} for a 0-d tensor)
     */
    public Object tolist() {
        return ApiOps.tolist(this);
    }

    /**
     * This tensor as bool, PyTorch's {@code tensor.bool()}; the same as {@link #bool()}.
     *
     * @return this tensor if already bool, else a new bool tensor (non-zero and NaN are true)
     */
    public Tensor toBool() {
        return to(DType.BOOL);
    }

    /**
     * This tensor in {@code dtype}, like {@code tensor.type(torch.float64)}; the same as {@link #to(DType)}.
     *
     * @param dtype the target dtype
     * @return this tensor if already of {@code dtype}, else a converted copy
     */
    public Tensor type(DType dtype) {
        return to(dtype);
    }

    /**
     * PyTorch's type string, like {@code tensor.type()}: {@code torch.FloatTensor}, {@code torch.cuda.LongTensor}, ...
     *
     * @return the legacy tensor type name
     */
    public String type() {
        return typeName();
    }

    /**
     * Zeros of {@code size} with this tensor's dtype and device, like {@code tensor.new_zeros(size)}.
     *
     * @param size the sizes, not negative
     * @return a new tensor
     */
    public Tensor newZeros(int... size) {
        return ApiOps.newFull("new_zeros", this, size, 0.0, null);
    }

    /**
     * Zeros of {@code size} in {@code dtype} on this tensor's device, like {@code tensor.new_zeros(size, dtype=...)}.
     *
     * @param size the sizes, not negative
     * @param dtype the dtype; null keeps this tensor's
     * @return a new tensor
     */
    public Tensor newZeros(int[] size, DType dtype) {
        return ApiOps.newFull("new_zeros", this, size, 0.0, dtype);
    }

    /**
     * Ones of {@code size} with this tensor's dtype and device, like {@code tensor.new_ones(size)}.
     *
     * @param size the sizes, not negative
     * @return a new tensor
     */
    public Tensor newOnes(int... size) {
        return ApiOps.newFull("new_ones", this, size, 1.0, null);
    }

    /**
     * Ones of {@code size} in {@code dtype} on this tensor's device, like {@code tensor.new_ones(size, dtype=...)}.
     *
     * @param size the sizes, not negative
     * @param dtype the dtype; null keeps this tensor's
     * @return a new tensor
     */
    public Tensor newOnes(int[] size, DType dtype) {
        return ApiOps.newFull("new_ones", this, size, 1.0, dtype);
    }

    /**
     * {@code fillValue} in a tensor of {@code size} with this tensor's dtype (not the value's, unlike
     * {@link #full(int[], double)}) and device, like {@code tensor.new_full(size, fill_value)}.
     *
     * @param size the sizes, not negative
     * @param fillValue the value, converted to this tensor's dtype
     * @return a new tensor
     * @throws IllegalArgumentException if the value overflows an integer dtype, as PyTorch's check
     */
    public Tensor newFull(int[] size, double fillValue) {
        return ApiOps.newFull("new_full", this, size, fillValue, null);
    }

    /**
     * {@code tensor.new_full(size, fill_value, dtype=...)}.
     *
     * @param size the sizes, not negative
     * @param fillValue the value, converted to {@code dtype}
     * @param dtype the dtype; null keeps this tensor's
     * @return a new tensor
     */
    public Tensor newFull(int[] size, double fillValue, DType dtype) {
        return ApiOps.newFull("new_full", this, size, fillValue, dtype);
    }

    /**
     * A tensor of {@code size} with this tensor's dtype and device, like {@code tensor.new_empty(size)}; grad4j
     * fills it with zeros (PyTorch leaves it uninitialised).
     *
     * @param size the sizes, not negative
     * @return a new tensor of zeros
     */
    public Tensor newEmpty(int... size) {
        return ApiOps.newFull("new_empty", this, size, 0.0, null);
    }

    /**
     * {@code tensor.new_empty(size, dtype=...)}, zero-filled.
     *
     * @param size the sizes, not negative
     * @param dtype the dtype; null keeps this tensor's
     * @return a new tensor of zeros
     */
    public Tensor newEmpty(int[] size, DType dtype) {
        return ApiOps.newFull("new_empty", this, size, 0.0, dtype);
    }

    /**
     * {@code data} as a tensor of this tensor's dtype and device, like {@code tensor.new_tensor(data)}: floats
     * truncate into an integer dtype.
     *
     * @param data the values in row-major order
     * @param shape the sizes; their product must be {@code data.length}
     * @return a new tensor (not requiring grad)
     * @throws IllegalArgumentException if a value overflows an integer dtype
     */
    public Tensor newTensor(double[] data, int... shape) {
        return ApiOps.newTensor(this, data, shape);
    }

    /**
     * A copy of {@code data} in this tensor's dtype and on its device, detached, like {@code tensor.new_tensor(t)}.
     *
     * @param data the tensor to copy
     * @return a new tensor (not requiring grad)
     */
    public Tensor newTensor(Tensor data) {
        Tensor d = typeOf("new_tensor", data).detach();
        Tensor converted = d.to(dtype).to(device());
        return converted == d ? d.clone() : converted;
    }

    /**
     * A tensor of the default dtype on the default device, like {@code torch.empty(size)}; grad4j fills it with
     * zeros (PyTorch leaves it uninitialised).
     *
     * @param size the sizes, not negative
     * @return a new tensor of zeros
     */
    public static Tensor empty(int... size) {
        return full(size, 0.0, defaultDType, Backends.defaultDevice());
    }

    /**
     * {@code torch.empty(size, dtype=...)}, zero-filled.
     *
     * @param size the sizes, not negative
     * @param dtype the dtype
     * @return a new tensor of zeros
     */
    public static Tensor empty(int[] size, DType dtype) {
        return full(size, 0.0, dtype, Backends.defaultDevice());
    }

    /**
     * {@code torch.empty_like(input)}: its shape, dtype and device, zero-filled.
     *
     * @param input the tensor whose shape, dtype and device are taken
     * @return a new tensor of zeros
     */
    public static Tensor emptyLike(Tensor input) {
        return zerosLike(input);
    }

    /**
     * {@code torch.empty_like(input, dtype=...)}, zero-filled.
     *
     * @param input the tensor whose shape and device are taken
     * @param dtype the dtype
     * @return a new tensor of zeros
     */
    public static Tensor emptyLike(Tensor input, DType dtype) {
        return zerosLike(input, dtype);
    }

    /**
     * {@code torch.range(start, end)}: {@code start, start + 1, ..., end} with {@code end} included, in the default
     * dtype (PyTorch deprecates it for {@link #arange(double, double)}).
     *
     * @param start the first value
     * @param end the last value, included when reached
     * @return a new 1-D tensor
     */
    public static Tensor range(double start, double end) {
        return range(start, end, 1.0, defaultDType);
    }

    /**
     * {@code torch.range(start, end, step)} in the default dtype: {@code floor((end - start) / step) + 1} values
     * {@code start + i * step}, computed in double.
     *
     * @param start the first value
     * @param end the bound, included when reached
     * @param step the spacing, non-zero, pointing from {@code start} towards {@code end}
     * @return a new 1-D tensor
     * @throws IllegalArgumentException for a zero step, a non-finite bound, or a step pointing away from {@code end}
     */
    public static Tensor range(double start, double end, double step) {
        return range(start, end, step, defaultDType);
    }

    /**
     * {@code torch.range(start, end, step, dtype=...)}: an integer dtype truncates the three numbers to int64 first
     * and counts with integer division, as ATen; bool is refused.
     *
     * @param start the first value
     * @param end the bound, included when reached
     * @param step the spacing
     * @param dtype the dtype
     * @return a new 1-D tensor on the default device
     */
    public static Tensor range(double start, double end, double step, DType dtype) {
        return ApiOps.range(start, end, step, dtype, Backends.defaultDevice());
    }

    /**
     * A 0-d tensor of the default dtype, like {@code torch.scalar_tensor(value)}.
     *
     * @param value the value
     * @return a new 0-d tensor
     */
    public static Tensor scalarTensor(double value) {
        return full(Shapes.SCALAR, value, defaultDType, Backends.defaultDevice());
    }

    /**
     * {@code torch.scalar_tensor(value, dtype=...)}.
     *
     * @param value the value, converted to {@code dtype} (checked for overflow into an integer dtype)
     * @param dtype the dtype
     * @return a new 0-d tensor
     */
    public static Tensor scalarTensor(double value, DType dtype) {
        return full(Shapes.SCALAR, value, dtype, Backends.defaultDevice());
    }

    /**
     * {@code torch.as_tensor(data, dtype, device)}. Of a tensor: {@code data} itself when dtype and device already
     * match (null means keep), else a converted copy (recorded by autograd, as PyTorch's {@code to}). Of Java data (a
     * {@code Number} or {@code Boolean}, a nested {@code java.util.List} of them, as {@link #tolist()} gives, or a
     * {@code double[]}/{@code float[]}/{@code long[]}/{@code int[]}/{@code boolean[]}): a new tensor, its dtype
     * inferred as PyTorch's (a {@code Double}/{@code Float} anywhere: the default dtype; else an integer: int64; else
     * bool) unless given, on the default device unless given.
     *
     * @param data a tensor, a number, a boolean, a nested list or a primitive array
     * @param dtype the dtype, or null
     * @param device the device, or null
     * @return {@code data} or a new tensor
     * @throws IllegalArgumentException for ragged lists, other element types, or a value overflowing an integer dtype
     */
    public static Tensor asTensor(Object data, DType dtype, Device device) {
        return ApiOps.fromData(data, dtype, device);
    }

    /**
     * {@code torch.as_tensor(data)}: see {@link #asTensor(Object, DType, Device)}.
     *
     * @param data a tensor, a number, a boolean, a nested list or a primitive array
     * @return {@code data} itself for a tensor, else a new tensor
     */
    public static Tensor asTensor(Object data) {
        return ApiOps.fromData(data, null, null);
    }

    /**
     * {@code torch.hann_window(n)}: periodic, default dtype.
     *
     * @param windowLength the length, not negative
     * @return a new 1-D tensor
     */
    public static Tensor hannWindow(int windowLength) {
        return hannWindow(windowLength, true, defaultDType);
    }

    /**
     * {@code torch.hann_window(n, periodic)} in the default dtype.
     *
     * @param windowLength the length, not negative
     * @param periodic true for a window meant for spectral analysis (the symmetric one of length n + 1, less its end)
     * @return a new 1-D tensor
     */
    public static Tensor hannWindow(int windowLength, boolean periodic) {
        return hannWindow(windowLength, periodic, defaultDType);
    }

    /**
     * {@code torch.hann_window(n, periodic, dtype=...)}: {@code hamming_window} with alpha = beta = 0.5.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param dtype a floating dtype
     * @return a new 1-D tensor on the default device
     * @throws IllegalArgumentException for a negative length or a non-floating dtype
     */
    public static Tensor hannWindow(int windowLength, boolean periodic, DType dtype) {
        return ApiOps.window("hann", windowLength, periodic, 0.5, 0.5, dtype, Backends.defaultDevice());
    }

    /**
     * {@code torch.hamming_window(n)}: periodic, alpha 0.54, beta 0.46, default dtype.
     *
     * @param windowLength the length, not negative
     * @return a new 1-D tensor
     */
    public static Tensor hammingWindow(int windowLength) {
        return hammingWindow(windowLength, true, 0.54, 0.46, defaultDType);
    }

    /**
     * {@code torch.hamming_window(n, periodic)}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @return a new 1-D tensor
     */
    public static Tensor hammingWindow(int windowLength, boolean periodic) {
        return hammingWindow(windowLength, periodic, 0.54, 0.46, defaultDType);
    }

    /**
     * {@code torch.hamming_window(n, periodic, alpha)}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param alpha the constant term
     * @return a new 1-D tensor
     */
    public static Tensor hammingWindow(int windowLength, boolean periodic, double alpha) {
        return hammingWindow(windowLength, periodic, alpha, 0.46, defaultDType);
    }

    /**
     * {@code torch.hamming_window(n, periodic, alpha, beta)}: {@code alpha - beta cos(2 pi i / (N - 1))}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param alpha the constant term
     * @param beta the cosine's weight
     * @return a new 1-D tensor
     */
    public static Tensor hammingWindow(int windowLength, boolean periodic, double alpha, double beta) {
        return hammingWindow(windowLength, periodic, alpha, beta, defaultDType);
    }

    /**
     * {@code torch.hamming_window(n, periodic, alpha, beta, dtype=...)}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param alpha the constant term
     * @param beta the cosine's weight
     * @param dtype a floating dtype
     * @return a new 1-D tensor on the default device
     */
    public static Tensor hammingWindow(int windowLength, boolean periodic, double alpha, double beta, DType dtype) {
        return ApiOps.window("hamming", windowLength, periodic, alpha, beta, dtype, Backends.defaultDevice());
    }

    /**
     * {@code torch.blackman_window(n)}: periodic, default dtype.
     *
     * @param windowLength the length, not negative
     * @return a new 1-D tensor
     */
    public static Tensor blackmanWindow(int windowLength) {
        return blackmanWindow(windowLength, true, defaultDType);
    }

    /**
     * {@code torch.blackman_window(n, periodic)}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @return a new 1-D tensor
     */
    public static Tensor blackmanWindow(int windowLength, boolean periodic) {
        return blackmanWindow(windowLength, periodic, defaultDType);
    }

    /**
     * {@code torch.blackman_window(n, periodic, dtype=...)}: {@code 0.42 - 0.5 cos(2 pi i / (N - 1)) + 0.08
     * cos(4 pi i / (N - 1))} in ATen's order.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param dtype a floating dtype
     * @return a new 1-D tensor on the default device
     */
    public static Tensor blackmanWindow(int windowLength, boolean periodic, DType dtype) {
        return ApiOps.window("blackman", windowLength, periodic, 0, 0, dtype, Backends.defaultDevice());
    }

    /**
     * {@code torch.bartlett_window(n)}: periodic, default dtype.
     *
     * @param windowLength the length, not negative
     * @return a new 1-D tensor
     */
    public static Tensor bartlettWindow(int windowLength) {
        return bartlettWindow(windowLength, true, defaultDType);
    }

    /**
     * {@code torch.bartlett_window(n, periodic)}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @return a new 1-D tensor
     */
    public static Tensor bartlettWindow(int windowLength, boolean periodic) {
        return bartlettWindow(windowLength, periodic, defaultDType);
    }

    /**
     * {@code torch.bartlett_window(n, periodic, dtype=...)}: the triangular window, PyTorch's bits.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param dtype a floating dtype
     * @return a new 1-D tensor on the default device
     */
    public static Tensor bartlettWindow(int windowLength, boolean periodic, DType dtype) {
        return ApiOps.window("bartlett", windowLength, periodic, 0, 0, dtype, Backends.defaultDevice());
    }

    /**
     * {@code torch.kaiser_window(n)}: periodic, beta 12, default dtype.
     *
     * @param windowLength the length, not negative
     * @return a new 1-D tensor
     */
    public static Tensor kaiserWindow(int windowLength) {
        return kaiserWindow(windowLength, true, 12.0, defaultDType);
    }

    /**
     * {@code torch.kaiser_window(n, periodic)}, beta 12.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @return a new 1-D tensor
     */
    public static Tensor kaiserWindow(int windowLength, boolean periodic) {
        return kaiserWindow(windowLength, periodic, 12.0, defaultDType);
    }

    /**
     * {@code torch.kaiser_window(n, periodic, beta)}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param beta the shape parameter
     * @return a new 1-D tensor
     */
    public static Tensor kaiserWindow(int windowLength, boolean periodic, double beta) {
        return kaiserWindow(windowLength, periodic, beta, defaultDType);
    }

    /**
     * {@code torch.kaiser_window(n, periodic, beta, dtype=...)}: {@code I0(beta sqrt(1 - ((i - a) / a)^2)) / I0(beta)},
     * {@code a = (N - 1) / 2}.
     *
     * @param windowLength the length, not negative
     * @param periodic whether periodic
     * @param beta the shape parameter
     * @param dtype a floating dtype
     * @return a new 1-D tensor on the default device
     */
    public static Tensor kaiserWindow(int windowLength, boolean periodic, double beta, DType dtype) {
        return ApiOps.window("kaiser", windowLength, periodic, 0, beta, dtype, Backends.defaultDevice());
    }

    /**
     * {@code torch.promote_types(a, b)}: the smallest dtype both convert to (bool &lt; uint8 &lt; int32 &lt; int64
     * &lt; float32 &lt; float64 among grad4j's dtypes).
     *
     * @param a a dtype
     * @param b a dtype
     * @return the promoted dtype
     * @throws IllegalArgumentException if either is null
     */
    public static DType promoteTypes(DType a, DType b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("promote_types: expected two dtypes, got " + a + " and " + b);
        }
        return DTypes.promote(a, b);
    }

    /**
     * {@code torch.can_cast(from, to)}: false from floating to an integer dtype and from any non-bool to bool.
     *
     * @param from the source dtype
     * @param to the target dtype
     * @return whether PyTorch's casting rule allows it
     * @throws IllegalArgumentException if either is null
     */
    public static boolean canCast(DType from, DType to) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("can_cast: expected two dtypes, got " + from + " and " + to);
        }
        return DTypes.canCast(from, to);
    }

    /**
     * {@code torch.result_type(tensor, other)} of two tensors: a 0-d tensor does not promote a dimensioned tensor
     * of its category.
     *
     * @param tensor a tensor
     * @param other a tensor
     * @return the dtype an arithmetic op of the two computes in
     */
    public static DType resultType(Tensor tensor, Tensor other) {
        return ApiOps.resultType(tensor, other);
    }

    /**
     * {@code torch.result_type(a, b)} where either may be a Python number: each a {@code Tensor}, an integral
     * {@code Long}/{@code Integer} (a Python int: int64), a {@code Double}/{@code Float} (a Python float: the default
     * dtype) or a {@code Boolean}; numbers rank below 0-d tensors, which rank below dimensioned ones, unless of a
     * higher category (bool &lt; integer &lt; floating).
     *
     * @param a a tensor, number or boolean
     * @param b a tensor, number or boolean
     * @return the result dtype
     * @throws IllegalArgumentException for another kind of argument
     */
    public static DType resultType(Object a, Object b) {
        return ApiOps.resultType(a, b);
    }

    /**
     * Reseeds the default generator, like {@code torch.manual_seed(seed)}.
     *
     * @param seed the seed
     * @return the default generator
     */
    public static Generator manualSeed(long seed) {
        return Generator.defaultGenerator().manualSeed(seed);
    }

    /**
     * Reseeds the default generator non-deterministically, like {@code torch.seed()}.
     *
     * @return the new seed
     */
    public static long seed() {
        return Generator.defaultGenerator().seed();
    }

    /**
     * The default generator's seed, like {@code torch.initial_seed()}.
     *
     * @return the seed last set
     */
    public static long initialSeed() {
        return Generator.defaultGenerator().initialSeed();
    }

    /**
     * The default generator's state, like {@code torch.get_rng_state()}: PyTorch's 5056-byte uint8 layout.
     *
     * @return a new uint8 tensor
     */
    public static Tensor getRngState() {
        return Generator.defaultGenerator().getState();
    }

    /**
     * Restores the default generator's state, like {@code torch.set_rng_state(state)}: the draws that followed
     * {@link #getRngState()} follow again.
     *
     * @param state a state from {@link #getRngState()} or PyTorch's
     * @throws IllegalArgumentException if {@code state} is not such a uint8 tensor
     */
    public static void setRngState(Tensor state) {
        Generator.defaultGenerator().setState(state);
    }

    /**
     * The threads the CPU backend splits large operations over, like {@code torch.get_num_threads()}: its
     * {@code grad4j.cpu.threads} setting, else the available processors.
     *
     * @return the thread count
     */
    public static int getNumThreads() {
        return ApiOps.numThreads();
    }

    /**
     * Sets {@code grad4j.cpu.threads}, like {@code torch.set_num_threads(n)}: the CPU backend sizes its pool once,
     * when it starts, so this takes effect only before its first operation (as {@code -Dgrad4j.cpu.threads}); results
     * never depend on the number of threads.
     *
     * @param numThreads a positive count
     * @throws IllegalArgumentException if {@code numThreads} is not positive
     */
    public static void setNumThreads(int numThreads) {
        ApiOps.setNumThreads(numThreads);
    }

    /**
     * {@code torch.set_printoptions(precision, threshold, edgeitems, linewidth, profile, sci_mode)}: how every later
     * {@link #toString()} prints (null keeps an option; {@code sciMode} null lets PyTorch's rule choose). See
     * {@link TorchFormat#setPrintOptions}.
     *
     * @param precision digits after the point, or null
     * @param threshold the element count above which a tensor prints summarised, or null
     * @param edgeItems items shown at each end of a summarised dimension, or null
     * @param lineWidth characters per line, or null
     * @param profile "default", "short", "full", or null
     * @param sciMode true / false to force scientific / fixed notation, null for automatic
     */
    public static void setPrintoptions(Integer precision, Double threshold, Integer edgeItems, Integer lineWidth,
            String profile, Boolean sciMode) {
        TorchFormat.setPrintOptions(precision, threshold, edgeItems, lineWidth, profile, sciMode);
    }

    /**
     * Whether this thread records operations for autograd, like {@code torch.is_grad_enabled()}.
     *
     * @return true unless grad mode is off on this thread
     */
    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /**
     * Turns grad mode on or off for this thread, like calling {@code torch.set_grad_enabled(mode)}; prefer
     * {@link GradMode#noGrad()}'s scope.
     *
     * @param mode whether to record operations
     */
    public static void setGradEnabled(boolean mode) {
        GradMode.setEnabled(mode);
    }

    /**
     * {@code torch.use_deterministic_algorithms(mode)}: accepted and remembered; grad4j's kernels are deterministic
     * whatever the setting (fixed chunking, no atomics), so nothing else changes.
     *
     * @param mode the flag {@link #areDeterministicAlgorithmsEnabled()} reports
     */
    public static void useDeterministicAlgorithms(boolean mode) {
        ApiOps.useDeterministicAlgorithms(mode, false);
    }

    /**
     * {@code torch.use_deterministic_algorithms(mode, warn_only=...)}.
     *
     * @param mode the flag {@link #areDeterministicAlgorithmsEnabled()} reports
     * @param warnOnly the flag {@link #isDeterministicAlgorithmsWarnOnlyEnabled()} reports (with {@code mode})
     */
    public static void useDeterministicAlgorithms(boolean mode, boolean warnOnly) {
        ApiOps.useDeterministicAlgorithms(mode, warnOnly);
    }

    /**
     * {@code torch.are_deterministic_algorithms_enabled()}.
     *
     * @return the last mode given to {@link #useDeterministicAlgorithms(boolean)}, false at start
     */
    public static boolean areDeterministicAlgorithmsEnabled() {
        return ApiOps.deterministic();
    }

    /**
     * {@code torch.is_deterministic_algorithms_warn_only_enabled()}.
     *
     * @return whether deterministic mode is on with warn_only
     */
    public static boolean isDeterministicAlgorithmsWarnOnlyEnabled() {
        return ApiOps.deterministicWarnOnly();
    }

    // ---------------------------------------------------------------- idx

    /**
     * A copy with the slices of {@code source} along {@code dim} written at the positions {@code index} gives, like
     * {@code torch.index_copy} (grad_fn IndexCopyBackward0); where indices repeat, the last slice stays.
     *
     * @param dim the dimension indexed; negative counts from the end
     * @param index a 0-d or 1-D int64 tensor of positions in {@code [0, size(dim))}
     * @param source this tensor's dtype and shape, except {@code index.numel()} at {@code dim}
     * @return a new tensor of this shape
     */
    public Tensor indexCopy(int dim, Tensor index, Tensor source) {
        return ScatterOps.indexCopy(this, dim, index, source);
    }

    /**
     * In place {@link #indexCopy}, like {@code index_copy_}.
     *
     * @param dim the dimension indexed; negative counts from the end
     * @param index a 0-d or 1-D int64 tensor of positions
     * @param source the slices to write
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor indexCopy_(int dim, Tensor index, Tensor source) {
        return ScatterOps.inPlace("index_copy_", this, source, false, x -> x.indexCopy(dim, index, source));
    }

    /**
     * A copy with {@code value} in the slices along {@code dim} at {@code index} (negative counts from the end), like
     * {@code index_fill} (grad_fn IndexFillBackward0).
     *
     * @param dim the dimension indexed; negative counts from the end
     * @param index a 0-d or 1-D int64 tensor of positions
     * @param value the fill value, converted to this dtype
     * @return a new tensor of this shape
     */
    public Tensor indexFill(int dim, Tensor index, double value) {
        return ScatterOps.indexFill(this, dim, index, value);
    }

    /**
     * {@link #indexFill(int, Tensor, double)} with a 0-d tensor value, which receives a gradient
     * (grad_fn IndexFillBackward1).
     *
     * @param dim the dimension indexed; negative counts from the end
     * @param index a 0-d or 1-D int64 tensor of positions
     * @param value a 0-d tensor
     * @return a new tensor of this shape
     */
    public Tensor indexFill(int dim, Tensor index, Tensor value) {
        return ScatterOps.indexFill(this, dim, index, value);
    }

    /**
     * In place {@link #indexFill(int, Tensor, double)}, like {@code index_fill_}.
     *
     * @param dim the dimension indexed
     * @param index int64 positions
     * @param value the fill value
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor indexFill_(int dim, Tensor index, double value) {
        return InPlaceUnary.apply("index_fill_", this, false, x -> x.indexFill(dim, index, value));
    }

    /**
     * In place {@link #indexFill(int, Tensor, Tensor)}, like {@code index_fill_} with a 0-d tensor value.
     *
     * @param dim the dimension indexed
     * @param index int64 positions
     * @param value a 0-d tensor
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor indexFill_(int dim, Tensor index, Tensor value) {
        return ScatterOps.inPlace("index_fill_", this, value, false, x -> x.indexFill(dim, index, value));
    }

    /**
     * {@code self.index_put(indices, values)}: a copy with {@code values} (broadcast) written at {@code self[indices]}.
     *
     * @param indices int64 index tensors (broadcast together) or bool/uint8 masks, for the leading dimensions
     * @param values this tensor's dtype, broadcastable to the indexing result's shape
     * @return a new tensor of this shape
     */
    public Tensor indexPut(Tensor[] indices, Tensor values) {
        return ScatterOps.indexPut(this, indices, values, false);
    }

    /**
     * {@code self.index_put(indices, values, accumulate)} (grad_fn IndexPutBackward0): with {@code accumulate},
     * values are added, repeated positions adding up in order.
     *
     * @param indices int64 index tensors or bool/uint8 masks, for the leading dimensions
     * @param values this tensor's dtype, broadcastable to the indexing result's shape
     * @param accumulate add instead of write
     * @return a new tensor of this shape
     */
    public Tensor indexPut(Tensor[] indices, Tensor values, boolean accumulate) {
        return ScatterOps.indexPut(this, indices, values, accumulate);
    }

    /**
     * In place {@link #indexPut(Tensor[], Tensor, boolean)}, like {@code index_put_}.
     *
     * @param indices int64 index tensors or bool/uint8 masks
     * @param values the values written or added
     * @param accumulate add instead of write
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor indexPut_(Tensor[] indices, Tensor values, boolean accumulate) {
        return ScatterOps.inPlace("index_put_", this, values, false, x -> x.indexPut(indices, values, accumulate));
    }

    /**
     * In place {@link #indexPut(Tensor[], Tensor)}, like {@code index_put_}.
     *
     * @param indices int64 index tensors or bool/uint8 masks
     * @param values the values written
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor indexPut_(Tensor[] indices, Tensor values) {
        return indexPut_(indices, values, false);
    }

    /**
     * {@code self.index_reduce(dim, index, source, reduce, include_self)} (grad_fn IndexReduceBackward0): slice
     * {@code i} of {@code source} reduced into slice {@code index[i]} with "prod", "mean", "amax" or "amin".
     *
     * @param dim the dimension indexed; negative counts from the end
     * @param index a 1-D int64 or int32 tensor of positions in {@code [0, size(dim))}
     * @param source this tensor's dtype and shape, except {@code index.numel()} at {@code dim}
     * @param reduce "prod", "mean", "amax" or "amin"
     * @param includeSelf whether this tensor's values take part in the reduction
     * @return a new tensor of this shape
     */
    public Tensor indexReduce(int dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        return ScatterOps.indexReduce(this, dim, index, source, reduce, includeSelf);
    }

    /**
     * {@link #indexReduce(int, Tensor, Tensor, String, boolean)} with {@code include_self=True}.
     *
     * @param dim the dimension indexed
     * @param index 1-D positions
     * @param source the slices reduced in
     * @param reduce "prod", "mean", "amax" or "amin"
     * @return a new tensor of this shape
     */
    public Tensor indexReduce(int dim, Tensor index, Tensor source, String reduce) {
        return indexReduce(dim, index, source, reduce, true);
    }

    /**
     * In place {@link #indexReduce(int, Tensor, Tensor, String, boolean)}, like {@code index_reduce_}.
     *
     * @param dim the dimension indexed
     * @param index 1-D positions
     * @param source the slices reduced in
     * @param reduce "prod", "mean", "amax" or "amin"
     * @param includeSelf whether this tensor's values take part
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor indexReduce_(int dim, Tensor index, Tensor source, String reduce, boolean includeSelf) {
        return ScatterOps.inPlace("index_reduce_", this, source, true,
                x -> x.indexReduce(dim, index, source, reduce, includeSelf));
    }

    /**
     * In place {@link #indexReduce(int, Tensor, Tensor, String)}, like {@code index_reduce_} with
     * {@code include_self=True}.
     *
     * @param dim the dimension indexed
     * @param index 1-D positions
     * @param source the slices reduced in
     * @param reduce "prod", "mean", "amax" or "amin"
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor indexReduce_(int dim, Tensor index, Tensor source, String reduce) {
        return indexReduce_(dim, index, source, reduce, true);
    }

    /**
     * {@code self.scatter_reduce(dim, index, src, reduce, include_self)} (grad_fn ScatterReduceBackward0): each
     * {@code src} element reduced into the position {@code index} gives along {@code dim}, with "sum", "prod",
     * "mean", "amax" or "amin".
     *
     * @param dim the dimension to scatter along; negative counts from the end
     * @param index int64 positions, no larger than {@code src} and than this tensor apart from {@code dim}
     * @param src the values, of this tensor's dtype
     * @param reduce "sum", "prod", "mean", "amax" or "amin"
     * @param includeSelf whether this tensor's values take part in the reduction
     * @return a new tensor of this shape
     */
    public Tensor scatterReduce(int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return ScatterOps.scatterReduce(this, dim, index, src, reduce, includeSelf);
    }

    /**
     * {@link #scatterReduce(int, Tensor, Tensor, String, boolean)} with {@code include_self=True}.
     *
     * @param dim the dimension to scatter along
     * @param index int64 positions
     * @param src the values
     * @param reduce "sum", "prod", "mean", "amax" or "amin"
     * @return a new tensor of this shape
     */
    public Tensor scatterReduce(int dim, Tensor index, Tensor src, String reduce) {
        return scatterReduce(dim, index, src, reduce, true);
    }

    /**
     * In place {@link #scatterReduce(int, Tensor, Tensor, String, boolean)}, like {@code scatter_reduce_}.
     *
     * @param dim the dimension to scatter along
     * @param index int64 positions
     * @param src the values
     * @param reduce "sum", "prod", "mean", "amax" or "amin"
     * @param includeSelf whether this tensor's values take part
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor scatterReduce_(int dim, Tensor index, Tensor src, String reduce, boolean includeSelf) {
        return ScatterOps.inPlace("scatter_reduce_", this, src, true,
                x -> x.scatterReduce(dim, index, src, reduce, includeSelf));
    }

    /**
     * In place {@link #scatterReduce(int, Tensor, Tensor, String)}, like {@code scatter_reduce_} with
     * {@code include_self=True}.
     *
     * @param dim the dimension to scatter along
     * @param index int64 positions
     * @param src the values
     * @param reduce "sum", "prod", "mean", "amax" or "amin"
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor scatterReduce_(int dim, Tensor index, Tensor src, String reduce) {
        return scatterReduce_(dim, index, src, reduce, true);
    }

    /**
     * A copy with the elements of {@code source} (read in order) written where {@code mask} is true, like
     * {@code masked_scatter} (grad_fn MaskedScatterBackward0); this tensor and the mask broadcast.
     *
     * @param mask a bool (or uint8) tensor broadcastable with this one
     * @param source this dtype, with at least as many elements as the mask has true values
     * @return a new tensor of the broadcast shape
     */
    public Tensor maskedScatter(Tensor mask, Tensor source) {
        return ScatterOps.maskedScatter(this, mask, source);
    }

    /**
     * In place {@link #maskedScatter}, like {@code masked_scatter_}: the mask broadcasts to this tensor's shape.
     *
     * @param mask a bool (or uint8) tensor broadcastable to this shape
     * @param source the values, read in order
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor maskedScatter_(Tensor mask, Tensor source) {
        Indexing.nonNull("masked_scatter_", mask);
        int[] b = Shapes.broadcast("masked_scatter_", shape, mask.shape);
        if (!java.util.Arrays.equals(b, shape)) {
            throw new IllegalArgumentException("masked_scatter_: The expanded size of the tensor must match the existing "
                    + "size: target sizes " + Shapes.str(shape) + ", mask sizes " + Shapes.str(mask.shape));
        }
        return ScatterOps.inPlace("masked_scatter_", this, source, false, x -> x.maskedScatter(mask, source));
    }

    /**
     * A copy with {@code source} written at the positions {@code index} of this tensor read as 1-D, like
     * {@code put} (grad_fn PutBackward0); negative positions count from the end.
     *
     * @param index int64 positions, as many as {@code source} has elements
     * @param source this tensor's dtype
     * @param accumulate add instead of write
     * @return a new tensor of this shape
     */
    public Tensor put(Tensor index, Tensor source, boolean accumulate) {
        return ScatterOps.put(this, index, source, accumulate);
    }

    /**
     * {@link #put(Tensor, Tensor, boolean)} without accumulation.
     *
     * @param index int64 positions
     * @param source the values
     * @return a new tensor of this shape
     */
    public Tensor put(Tensor index, Tensor source) {
        return put(index, source, false);
    }

    /**
     * In place {@link #put(Tensor, Tensor, boolean)}, like {@code put_}.
     *
     * @param index int64 positions
     * @param source the values
     * @param accumulate add instead of write
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor put_(Tensor index, Tensor source, boolean accumulate) {
        return ScatterOps.inPlace("put_", this, source, false, x -> x.put(index, source, accumulate));
    }

    /**
     * In place {@link #put(Tensor, Tensor)}, like {@code put_}.
     *
     * @param index int64 positions
     * @param source the values
     * @return this tensor, modified in place (its version is bumped)
     */
    public Tensor put_(Tensor index, Tensor source) {
        return put_(index, source, false);
    }

    /**
     * A copy with {@code src} written at {@code select(dim, index)}, like {@code torch.select_scatter}.
     *
     * @param src the values, of the selected slice's shape
     * @param dim the dimension; negative counts from the end
     * @param index the position along {@code dim}; negative counts from the end
     * @return a new tensor of this shape
     */
    public Tensor selectScatter(Tensor src, int dim, int index) {
        return ScatterOps.selectScatter(this, src, dim, index);
    }

    /**
     * A copy with {@code src} written at {@code slice(dim, start, end, step)}, like {@code torch.slice_scatter}.
     *
     * @param src the values, of the slice's shape
     * @param dim the dimension; negative counts from the end
     * @param start the first position (Python's bounds)
     * @param end the exclusive bound ({@code Integer.MAX_VALUE}: to the end)
     * @param step the stride, positive
     * @return a new tensor of this shape
     */
    public Tensor sliceScatter(Tensor src, int dim, int start, int end, int step) {
        return ScatterOps.sliceScatter(this, src, dim, start, end, step);
    }

    /**
     * {@link #sliceScatter(Tensor, int, int, int, int)} with step 1.
     *
     * @param src the values
     * @param dim the dimension
     * @param start the first position
     * @param end the exclusive bound
     * @return a new tensor of this shape
     */
    public Tensor sliceScatter(Tensor src, int dim, int start, int end) {
        return sliceScatter(src, dim, start, end, 1);
    }

    /**
     * A copy with {@code src} written on {@code diagonal(offset, dim1, dim2)}, like {@code torch.diagonal_scatter}.
     *
     * @param src the values, of the diagonal's shape
     * @param offset the diagonal (0 main, positive above)
     * @param dim1 the first dimension of the diagonal
     * @param dim2 the second dimension of the diagonal
     * @return a new tensor of this shape
     */
    public Tensor diagonalScatter(Tensor src, int offset, int dim1, int dim2) {
        return ScatterOps.diagonalScatter(this, src, offset, dim1, dim2);
    }

    /**
     * {@link #diagonalScatter(Tensor, int, int, int)} over dimensions 0 and 1.
     *
     * @param src the values
     * @param offset the diagonal
     * @return a new tensor of this shape
     */
    public Tensor diagonalScatter(Tensor src, int offset) {
        return diagonalScatter(src, offset, 0, 1);
    }

    /**
     * {@link #diagonalScatter(Tensor, int, int, int)} on the main diagonal of dimensions 0 and 1.
     *
     * @param src the values
     * @return a new tensor of this shape
     */
    public Tensor diagonalScatter(Tensor src) {
        return diagonalScatter(src, 0, 0, 1);
    }

    /**
     * The values at {@code indices} along {@code dim}, this tensor and {@code indices} broadcast apart from
     * {@code dim}, like {@code torch.take_along_dim} (grad_fn GatherBackward0).
     *
     * @param indices int64 positions, of this tensor's rank
     * @param dim the dimension; negative counts from the end
     * @return a new tensor
     */
    public Tensor takeAlongDim(Tensor indices, int dim) {
        return ScatterOps.takeAlongDim(this, indices, dim);
    }

    /**
     * {@code torch.take_along_dim(self, indices)} without a dim: this tensor and {@code indices} flattened.
     *
     * @param indices int64 positions into the flattened tensor
     * @return a new 1-D tensor
     */
    public Tensor takeAlongDim(Tensor indices) {
        return ScatterOps.takeAlongDim(this, indices);
    }

    /**
     * The indices of the non-zero elements, one row each, like {@code torch.argwhere} ({@link #nonzero()}).
     *
     * @return a new int64 tensor of shape {@code [n, dim()]}
     */
    public Tensor argwhere() {
        return nonzero();
    }

    /**
     * {@code sections} views along {@code dim}, the first {@code size % sections} one longer, like
     * {@code torch.tensor_split}.
     *
     * @param sections the number of pieces, positive
     * @param dim the dimension; negative counts from the end
     * @return the pieces, views sharing this tensor's storage
     */
    public java.util.List<Tensor> tensorSplit(int sections, int dim) {
        return SplitOps.tensorSplit(this, sections, dim);
    }

    /**
     * {@link #tensorSplit(int, int)} along dimension 0.
     *
     * @param sections the number of pieces
     * @return the pieces
     */
    public java.util.List<Tensor> tensorSplit(int sections) {
        return tensorSplit(sections, 0);
    }

    /**
     * Views {@code [0:i0], [i0:i1], ..., [ik:]} along {@code dim}, like {@code torch.tensor_split} with indices
     * (Python's slice bounds: negative from the end, clamped).
     *
     * @param indices the split points
     * @param dim the dimension; negative counts from the end
     * @return {@code indices.length + 1} views
     */
    public java.util.List<Tensor> tensorSplit(int[] indices, int dim) {
        return SplitOps.tensorSplit(this, indices, dim);
    }

    /**
     * {@link #tensorSplit(int[], int)} along dimension 0.
     *
     * @param indices the split points
     * @return the pieces
     */
    public java.util.List<Tensor> tensorSplit(int[] indices) {
        return tensorSplit(indices, 0);
    }

    /**
     * {@code torch.tensor_split(self, tensor_indices_or_sections, dim)}: a 0-d int64 tensor of sections or a 1-D
     * int64 tensor of split points.
     *
     * @param indicesOrSections an int64 tensor, 0-d or 1-D
     * @param dim the dimension; negative counts from the end
     * @return the pieces
     */
    public java.util.List<Tensor> tensorSplit(Tensor indicesOrSections, int dim) {
        return SplitOps.tensorSplit(this, indicesOrSections, dim);
    }

    /**
     * {@link #tensorSplit(Tensor, int)} along dimension 0.
     *
     * @param indicesOrSections an int64 tensor, 0-d or 1-D
     * @return the pieces
     */
    public java.util.List<Tensor> tensorSplit(Tensor indicesOrSections) {
        return tensorSplit(indicesOrSections, 0);
    }

    /**
     * {@code torch.hsplit}: equal pieces along dimension 1 (0 for a 1-D tensor).
     *
     * @param sections the number of pieces, dividing the size
     * @return the pieces
     */
    public java.util.List<Tensor> hsplit(int sections) {
        return SplitOps.directional("hsplit", this, sections, 1);
    }

    /**
     * {@code torch.hsplit} at split points.
     *
     * @param indices the split points
     * @return the pieces
     */
    public java.util.List<Tensor> hsplit(int[] indices) {
        return SplitOps.directional("hsplit", this, indices, 1);
    }

    /**
     * {@code torch.vsplit}: equal pieces along dimension 0 of a tensor of at least 2 dimensions.
     *
     * @param sections the number of pieces, dividing the size
     * @return the pieces
     */
    public java.util.List<Tensor> vsplit(int sections) {
        return SplitOps.directional("vsplit", this, sections, 2);
    }

    /**
     * {@code torch.vsplit} at split points.
     *
     * @param indices the split points
     * @return the pieces
     */
    public java.util.List<Tensor> vsplit(int[] indices) {
        return SplitOps.directional("vsplit", this, indices, 2);
    }

    /**
     * {@code torch.dsplit}: equal pieces along dimension 2 of a tensor of at least 3 dimensions.
     *
     * @param sections the number of pieces, dividing the size
     * @return the pieces
     */
    public java.util.List<Tensor> dsplit(int sections) {
        return SplitOps.directional("dsplit", this, sections, 3);
    }

    /**
     * {@code torch.dsplit} at split points.
     *
     * @param indices the split points
     * @return the pieces
     */
    public java.util.List<Tensor> dsplit(int[] indices) {
        return SplitOps.directional("dsplit", this, indices, 3);
    }

    /**
     * Views of the given sizes along {@code dim}, like {@code split_with_sizes} (grad_fn SplitWithSizesBackward0).
     *
     * @param splitSizes non-negative sizes summing to {@code size(dim)}
     * @param dim the dimension; negative counts from the end
     * @return the pieces
     */
    public java.util.List<Tensor> splitWithSizes(int[] splitSizes, int dim) {
        return SplitOps.splitWithSizes(this, splitSizes, dim);
    }

    /**
     * {@link #splitWithSizes(int[], int)} along dimension 0.
     *
     * @param splitSizes non-negative sizes summing to {@code size(0)}
     * @return the pieces
     */
    public java.util.List<Tensor> splitWithSizes(int[] splitSizes) {
        return splitWithSizes(splitSizes, 0);
    }

    /**
     * {@link #split(int, int)} recorded as PyTorch's {@code unsafe_split} (grad_fn UnsafeSplitBackward0).
     *
     * @param splitSize the size of each piece
     * @param dim the dimension; negative counts from the end
     * @return the pieces
     */
    public java.util.List<Tensor> unsafeSplit(int splitSize, int dim) {
        return SplitOps.unsafeSplit(this, splitSize, dim);
    }

    /**
     * {@link #unsafeSplit(int, int)} along dimension 0.
     *
     * @param splitSize the size of each piece
     * @return the pieces
     */
    public java.util.List<Tensor> unsafeSplit(int splitSize) {
        return unsafeSplit(splitSize, 0);
    }

    /**
     * {@link #chunk(int, int)} recorded as PyTorch's {@code unsafe_chunk} (grad_fn UnsafeSplitBackward0).
     *
     * @param chunks the number of pieces wanted, positive
     * @param dim the dimension; negative counts from the end
     * @return the pieces
     */
    public java.util.List<Tensor> unsafeChunk(int chunks, int dim) {
        return SplitOps.unsafeChunk(this, chunks, dim);
    }

    /**
     * {@link #unsafeChunk(int, int)} along dimension 0.
     *
     * @param chunks the number of pieces wanted, positive
     * @return the pieces
     */
    public java.util.List<Tensor> unsafeChunk(int chunks) {
        return unsafeChunk(chunks, 0);
    }

    /**
     * {@link #splitWithSizes(int[], int)} recorded as PyTorch's {@code unsafe_split_with_sizes}
     * (grad_fn UnsafeSplitWithSizesBackward0).
     *
     * @param splitSizes non-negative sizes summing to {@code size(dim)}
     * @param dim the dimension; negative counts from the end
     * @return the pieces
     */
    public java.util.List<Tensor> unsafeSplitWithSizes(int[] splitSizes, int dim) {
        return SplitOps.unsafeSplitWithSizes(this, splitSizes, dim);
    }

    /**
     * {@link #unsafeSplitWithSizes(int[], int)} along dimension 0.
     *
     * @param splitSizes non-negative sizes summing to {@code size(0)}
     * @return the pieces
     */
    public java.util.List<Tensor> unsafeSplitWithSizes(int[] splitSizes) {
        return unsafeSplitWithSizes(splitSizes, 0);
    }

    // (end of section)
    // ---------------------------------------------------------------- shape2

    /**
     * {@code torch.rot90(x, k, dims)}: rotated by 90 degrees {@code k} times from {@code dims[0]} towards
     * {@code dims[1]} (grad_fn Rot90Backward0).
     *
     * @param k the number of quarter turns (negative: the other way)
     * @param dims two distinct dims; none for PyTorch's default {@code [0, 1]}
     * @return a new tensor
     */
    public Tensor rot90(int k, int... dims) {
        return Shape2Ops.rot90(this, k, dims != null && dims.length == 0 ? new int[] {0, 1} : dims);
    }

    /**
     * {@code torch.rot90(x)}: one quarter turn in dims 0 and 1.
     *
     * @return a new tensor
     */
    public Tensor rot90() {
        return Shape2Ops.rot90(this, 1, new int[] {0, 1});
    }

    /**
     * {@code torch.fliplr}: dim 1 reversed (at least 2-D).
     *
     * @return a new tensor
     */
    public Tensor fliplr() {
        return Shape2Ops.fliplr(this);
    }

    /**
     * {@code torch.flipud}: dim 0 reversed (at least 1-D).
     *
     * @return a new tensor
     */
    public Tensor flipud() {
        return Shape2Ops.flipud(this);
    }

    /**
     * {@code torch.moveaxis}, an alias of {@link #movedim(int, int)}.
     *
     * @param source the dim to move
     * @param destination where it goes
     * @return a view
     */
    public Tensor moveaxis(int source, int destination) {
        return movedim(source, destination);
    }

    /**
     * {@code torch.moveaxis}, an alias of {@link #movedim(int[], int[])}.
     *
     * @param source the dims to move
     * @param destination where they go
     * @return a view
     */
    public Tensor moveaxis(int[] source, int[] destination) {
        return movedim(source, destination);
    }

    /**
     * {@code torch.ravel}: the elements as 1-D ({@code contiguous().view(-1)}).
     *
     * @return a view when this tensor is contiguous, else a copy
     */
    public Tensor ravel() {
        return Shape2Ops.ravel(this);
    }

    /**
     * {@code torch.msort}: sorted along dim 0, ascending.
     *
     * @return the sorted values
     */
    public Tensor msort() {
        return Shape2Ops.msort(this);
    }

    /**
     * {@code torch.diagflat(x, offset)}: the flattened elements on a diagonal of a square matrix.
     *
     * @param offset above the main diagonal for {@code > 0}, below for {@code < 0}
     * @return a new 2-D tensor
     */
    public Tensor diagflat(int offset) {
        return Shape2Ops.diagflat(this, offset);
    }

    /**
     * {@code torch.diagflat(x)}.
     *
     * @return a new 2-D tensor
     */
    public Tensor diagflat() {
        return Shape2Ops.diagflat(this, 0);
    }

    /**
     * {@code torch.vander(x, N, increasing)}: the Vandermonde matrix of a 1-D tensor (integers and bool as int64).
     *
     * @param x a 1-D tensor
     * @param n the number of columns, or null for {@code len(x)}
     * @param increasing powers increasing left to right (false: decreasing, NumPy's default)
     * @return a new {@code [len(x), n]} tensor
     */
    public static Tensor vander(Tensor x, Integer n, boolean increasing) {
        return Shape2Ops.vander(x, n, increasing);
    }

    /**
     * {@code torch.vander(x)}: square, decreasing powers.
     *
     * @param x a 1-D tensor
     * @return a new tensor
     */
    public static Tensor vander(Tensor x) {
        return Shape2Ops.vander(x, null, false);
    }

    /**
     * {@code torch.tril_indices(row, col, offset)}: the coordinates of the lower triangle of a row x col matrix.
     *
     * @param row rows
     * @param col columns
     * @param offset the diagonal bounding the triangle (see {@link #tril(int)})
     * @return an int64 {@code [2, n]} tensor, row indices then column indices
     */
    public static Tensor trilIndices(int row, int col, int offset) {
        return Shape2Ops.triangleIndices("tril_indices", row, col, offset, true);
    }

    /**
     * {@code torch.tril_indices(row, col)}.
     *
     * @param row rows
     * @param col columns
     * @return an int64 {@code [2, n]} tensor
     */
    public static Tensor trilIndices(int row, int col) {
        return trilIndices(row, col, 0);
    }

    /**
     * {@code torch.triu_indices(row, col, offset)}: the coordinates of the upper triangle.
     *
     * @param row rows
     * @param col columns
     * @param offset the diagonal bounding the triangle (see {@link #triu(int)})
     * @return an int64 {@code [2, n]} tensor
     */
    public static Tensor triuIndices(int row, int col, int offset) {
        return Shape2Ops.triangleIndices("triu_indices", row, col, offset, false);
    }

    /**
     * {@code torch.triu_indices(row, col)}.
     *
     * @param row rows
     * @param col columns
     * @return an int64 {@code [2, n]} tensor
     */
    public static Tensor triuIndices(int row, int col) {
        return triuIndices(row, col, 0);
    }

    /**
     * {@code torch.cartesian_prod}: the Cartesian product of 1-D tensors of one dtype, one row per tuple (a single
     * tensor is returned as is).
     *
     * @param tensors 1-D tensors
     * @return {@code [prod(len), len(tensors)]}, or the single input
     */
    public static Tensor cartesianProd(Tensor... tensors) {
        return Shape2Ops.cartesianProd(tensors);
    }

    /**
     * {@code torch.combinations(x, r, with_replacement)}: the r-element combinations of a 1-D tensor's elements.
     *
     * @param x a 1-D tensor
     * @param r the combination length, non-negative
     * @param withReplacement whether an element may repeat
     * @return {@code [count, r]} ({@code [0]} for r = 0)
     */
    public static Tensor combinations(Tensor x, int r, boolean withReplacement) {
        return Shape2Ops.combinations(x, r, withReplacement);
    }

    /**
     * {@code torch.combinations(x, r)}: without replacement.
     *
     * @param x a 1-D tensor
     * @param r the combination length, non-negative
     * @return {@code [count, r]}
     */
    public static Tensor combinations(Tensor x, int r) {
        return Shape2Ops.combinations(x, r, false);
    }

    /**
     * {@code torch.combinations(x)}: pairs without replacement.
     *
     * @param x a 1-D tensor
     * @return {@code [count, 2]}
     */
    public static Tensor combinations(Tensor x) {
        return Shape2Ops.combinations(x, 2, false);
    }

    /**
     * {@code torch.block_diag}: the inputs (0-D, 1-D as one row, or 2-D) on the diagonal of a block matrix, in their
     * promoted dtype.
     *
     * @param tensors the blocks
     * @return a new 2-D tensor ({@code [1, 0]} for none)
     */
    public static Tensor blockDiag(Tensor... tensors) {
        return Shape2Ops.blockDiag(tensors);
    }

    /**
     * {@code torch.atleast_1d}: a 0-D tensor as shape [1], others unchanged.
     *
     * @param x a tensor
     * @return x or a view
     */
    public static Tensor atleast1d(Tensor x) {
        return Shape2Ops.atleast1d(x);
    }

    /**
     * {@code torch.atleast_1d(*tensors)}.
     *
     * @param tensors tensors
     * @return one result per tensor
     */
    public static java.util.List<Tensor> atleast1d(Tensor... tensors) {
        return Shape2Ops.each(Shape2Ops::atleast1d, tensors);
    }

    /**
     * {@code torch.atleast_2d}: 0-D as [1, 1], 1-D as [1, n].
     *
     * @param x a tensor
     * @return x or a view
     */
    public static Tensor atleast2d(Tensor x) {
        return Shape2Ops.atleast2d(x);
    }

    /**
     * {@code torch.atleast_2d(*tensors)}.
     *
     * @param tensors tensors
     * @return one result per tensor
     */
    public static java.util.List<Tensor> atleast2d(Tensor... tensors) {
        return Shape2Ops.each(Shape2Ops::atleast2d, tensors);
    }

    /**
     * {@code torch.atleast_3d}: 0-D as [1, 1, 1], 1-D as [1, n, 1], 2-D as [m, n, 1].
     *
     * @param x a tensor
     * @return x or a view
     */
    public static Tensor atleast3d(Tensor x) {
        return Shape2Ops.atleast3d(x);
    }

    /**
     * {@code torch.atleast_3d(*tensors)}.
     *
     * @param tensors tensors
     * @return one result per tensor
     */
    public static java.util.List<Tensor> atleast3d(Tensor... tensors) {
        return Shape2Ops.each(Shape2Ops::atleast3d, tensors);
    }

    /**
     * {@code torch.broadcast_tensors}: the tensors expanded to their common shape (one of that shape is returned as is).
     *
     * @param tensors tensors
     * @return one view per tensor
     */
    public static java.util.List<Tensor> broadcastTensors(Tensor... tensors) {
        return Shape2Ops.broadcastTensors(tensors);
    }

    /**
     * {@code torch.broadcast_shapes}: the shape the given shapes broadcast to.
     *
     * @param shapes shapes
     * @return the broadcast shape
     */
    public static Size broadcastShapes(int[]... shapes) {
        return Shape2Ops.broadcastShapes(shapes);
    }

    /**
     * {@code Tensor.sum_to_size(*size)}: summed down to {@code size}, which must broadcast to this tensor's shape.
     *
     * @param size the target shape
     * @return this tensor when already of that shape, else a new one
     */
    public Tensor sumToSize(int... size) {
        return Shape2Ops.sumToSize(this, size);
    }

    /**
     * {@code torch.unique_consecutive(x, return_inverse, return_counts, dim)}: each run of equal consecutive elements
     * (or slices along {@code dim}) kept once.
     *
     * @param returnInverse whether to return each element's run index (int64)
     * @param returnCounts whether to return each run's length (int64)
     * @param dim the dim whose slices are compared, or null to flatten
     * @return values, and the inverse and counts when asked for (null otherwise)
     */
    public Unique uniqueConsecutive(boolean returnInverse, boolean returnCounts, Integer dim) {
        return Shape2Stats.uniqueConsecutive(this, returnInverse, returnCounts, dim);
    }

    /**
     * {@code torch.unique_consecutive(x)} over the flattened elements.
     *
     * @return the values of the runs
     */
    public Tensor uniqueConsecutive() {
        return Shape2Stats.uniqueConsecutive(this, false, false, null).values();
    }

    /**
     * {@code torch.histogram(x, bins, range, weight, density)}: equal bins over {@code range} (float32/float64).
     *
     * @param x the values (any shape)
     * @param bins the number of bins, positive
     * @param range {min, max}, or null for the elements' min and max
     * @param weight one weight per element (x's shape and dtype), or null
     * @param density whether to normalise to a probability density
     * @return the histogram and the bins' edges
     */
    public static Histogram histogram(Tensor x, int bins, double[] range, Tensor weight, boolean density) {
        return Shape2Stats.histogram(x, bins, range, weight, density);
    }

    /**
     * {@code torch.histogram(x, bins)}.
     *
     * @param x the values
     * @param bins the number of bins
     * @return the histogram and the bins' edges
     */
    public static Histogram histogram(Tensor x, int bins) {
        return Shape2Stats.histogram(x, bins, null, null, false);
    }

    /**
     * {@code torch.histogram(x, bins_tensor, weight, density)}: bins given by their increasing edges.
     *
     * @param x the values
     * @param bins the edges, 1-D, x's dtype
     * @param weight one weight per element, or null
     * @param density whether to normalise to a probability density
     * @return the histogram and the bins' edges
     */
    public static Histogram histogram(Tensor x, Tensor bins, Tensor weight, boolean density) {
        return Shape2Stats.histogram(x, bins, weight, density);
    }

    /**
     * {@code torch.trapezoid(y, x, dim)}: the trapezoidal rule along {@code dim} with sample positions {@code x}.
     *
     * @param y the values
     * @param x the sample positions (1-D of y's length along dim, or broadcastable)
     * @param dim the dim to integrate along
     * @return y with dim reduced
     */
    public static Tensor trapezoid(Tensor y, Tensor x, int dim) {
        return Shape2Stats.trapezoid(y, x, dim);
    }

    /**
     * {@code torch.trapezoid(y, x)}: along the last dim.
     *
     * @param y the values
     * @param x the sample positions
     * @return y with its last dim reduced
     */
    public static Tensor trapezoid(Tensor y, Tensor x) {
        return Shape2Stats.trapezoid(y, x, -1);
    }

    /**
     * {@code torch.trapezoid(y, dx=dx, dim=dim)}: samples {@code dx} apart.
     *
     * @param y the values
     * @param dx the spacing
     * @param dim the dim to integrate along
     * @return y with dim reduced
     */
    public static Tensor trapezoid(Tensor y, double dx, int dim) {
        return Shape2Stats.trapezoid(y, dx, dim);
    }

    /**
     * {@code torch.trapezoid(y)}: unit spacing along the last dim.
     *
     * @param y the values
     * @return y with its last dim reduced
     */
    public static Tensor trapezoid(Tensor y) {
        return Shape2Stats.trapezoid(y, 1.0, -1);
    }

    /**
     * {@code torch.trapz(y, x, dim)}, an alias of {@link #trapezoid(Tensor, Tensor, int)}.
     *
     * @param y the values
     * @param x the sample positions
     * @param dim the dim to integrate along
     * @return y with dim reduced
     */
    public static Tensor trapz(Tensor y, Tensor x, int dim) {
        return Shape2Stats.trapezoid(y, x, dim);
    }

    /**
     * {@code torch.trapz(y, dx=dx, dim=dim)}, an alias of {@link #trapezoid(Tensor, double, int)}.
     *
     * @param y the values
     * @param dx the spacing
     * @param dim the dim to integrate along
     * @return y with dim reduced
     */
    public static Tensor trapz(Tensor y, double dx, int dim) {
        return Shape2Stats.trapezoid(y, dx, dim);
    }

    /**
     * {@code torch.trapz(y, x)}: along the last dim.
     *
     * @param y the values
     * @param x the sample positions
     * @return y with its last dim reduced
     */
    public static Tensor trapz(Tensor y, Tensor x) {
        return Shape2Stats.trapezoid(y, x, -1);
    }

    /**
     * {@code torch.trapz(y)}: unit spacing along the last dim.
     *
     * @param y the values
     * @return y with its last dim reduced
     */
    public static Tensor trapz(Tensor y) {
        return Shape2Stats.trapezoid(y, 1.0, -1);
    }

    /**
     * {@code torch.cumulative_trapezoid(y, x, dim)}: the running trapezoidal integral (one value fewer along dim).
     *
     * @param y the values
     * @param x the sample positions
     * @param dim the dim to integrate along
     * @return a new tensor
     */
    public static Tensor cumulativeTrapezoid(Tensor y, Tensor x, int dim) {
        return Shape2Stats.cumulativeTrapezoid(y, x, dim);
    }

    /**
     * {@code torch.cumulative_trapezoid(y, dx=dx, dim=dim)}.
     *
     * @param y the values
     * @param dx the spacing
     * @param dim the dim to integrate along
     * @return a new tensor
     */
    public static Tensor cumulativeTrapezoid(Tensor y, double dx, int dim) {
        return Shape2Stats.cumulativeTrapezoid(y, dx, dim);
    }

    /**
     * {@code torch.cumulative_trapezoid(y, x)}: along the last dim.
     *
     * @param y the values
     * @param x the sample positions
     * @return a new tensor
     */
    public static Tensor cumulativeTrapezoid(Tensor y, Tensor x) {
        return Shape2Stats.cumulativeTrapezoid(y, x, -1);
    }

    /**
     * {@code torch.cumulative_trapezoid(y)}: unit spacing along the last dim.
     *
     * @param y the values
     * @return a new tensor
     */
    public static Tensor cumulativeTrapezoid(Tensor y) {
        return Shape2Stats.cumulativeTrapezoid(y, 1.0, -1);
    }

    /**
     * {@code torch.gradient(x, spacing=spacing, dim=dims, edge_order=edgeOrder)} with scalar spacings: central
     * differences inside, one-sided (first or second order) at the edges.
     *
     * @param x the samples
     * @param spacing one spacing for every dim, or one per dim
     * @param dims the dims to differentiate along, or null for all
     * @param edgeOrder 1 or 2
     * @return one derivative per dim, each of x's shape
     */
    public static java.util.List<Tensor> gradient(Tensor x, double[] spacing, int[] dims, int edgeOrder) {
        return Shape2Stats.gradient(x, spacing, dims, edgeOrder);
    }

    /**
     * {@code torch.gradient(x, spacing=spacing, dim=dims, edge_order=edgeOrder)} with one scalar spacing.
     *
     * @param x the samples
     * @param spacing the spacing along every dim
     * @param dims the dims, or null for all
     * @param edgeOrder 1 or 2
     * @return one derivative per dim
     */
    public static java.util.List<Tensor> gradient(Tensor x, double spacing, int[] dims, int edgeOrder) {
        return Shape2Stats.gradient(x, new double[] {spacing}, dims, edgeOrder);
    }

    /**
     * {@code torch.gradient(x, spacing=coordinates, dim=dims, edge_order=edgeOrder)}: samples at the given 1-D
     * coordinates along each dim.
     *
     * @param x the samples
     * @param coordinates one 1-D tensor of positions per dim
     * @param dims the dims, or null for all
     * @param edgeOrder 1 or 2
     * @return one derivative per dim
     */
    public static java.util.List<Tensor> gradient(Tensor x, Tensor[] coordinates, int[] dims, int edgeOrder) {
        return Shape2Stats.gradient(x, coordinates, dims, edgeOrder);
    }

    /**
     * {@code torch.gradient(x)}: unit spacing along every dim.
     *
     * @param x the samples
     * @return one derivative per dim
     */
    public static java.util.List<Tensor> gradient(Tensor x) {
        return Shape2Stats.gradient(x, new double[] {1.0}, null, 1);
    }

    /**
     * {@code torch.cov(x, correction, fweights, aweights)}: the covariance of the variables (rows) over the
     * observations (columns).
     *
     * @param x a 1-D or 2-D tensor
     * @param correction subtracted from the number of observations (1: Bessel's correction)
     * @param fweights integer frequency weights per observation, or null
     * @param aweights floating observation weights, or null
     * @return the covariance matrix (0-D for one variable)
     */
    public static Tensor cov(Tensor x, int correction, Tensor fweights, Tensor aweights) {
        return Shape2Stats.cov(x, correction, fweights, aweights);
    }

    /**
     * {@code x.cov()}: with Bessel's correction, no weights.
     *
     * @return the covariance matrix
     */
    public Tensor cov() {
        return Shape2Stats.cov(this, 1, null, null);
    }

    /**
     * {@code x.corrcoef()}: Pearson's correlation coefficients of the rows, clipped to [-1, 1].
     *
     * @return the correlation matrix
     */
    public Tensor corrcoef() {
        return Shape2Stats.corrcoef(this);
    }

    /**
     * {@code torch.inner}: the sum over the last dims of both (a product for a 0-D operand).
     *
     * @param other a tensor of the same dtype with the same last size
     * @return {@code self.shape[:-1] + other.shape[:-1]}
     */
    public Tensor inner(Tensor other) {
        return Shape2Ops.inner(this, other);
    }

    /**
     * {@code torch.ger}, an alias of {@link #outer(Tensor)}.
     *
     * @param vec2 a 1-D tensor
     * @return the outer product
     */
    public Tensor ger(Tensor vec2) {
        return outer(vec2);
    }

    /**
     * {@code torch.vdot}: the dot product of two 1-D tensors of one dtype (real tensors: no conjugation).
     *
     * @param other a 1-D tensor
     * @return a 0-D tensor
     */
    public Tensor vdot(Tensor other) {
        return Shape2Ops.vdot(this, other);
    }

    /**
     * {@code torch.addr(self, vec1, vec2, beta=beta, alpha=alpha)}: {@code beta * self + alpha * outer(vec1, vec2)},
     * self ignored when beta is 0 (grad_fn AddrBackward0).
     *
     * @param vec1 a 1-D tensor
     * @param vec2 a 1-D tensor
     * @param beta the factor of self
     * @param alpha the factor of the outer product
     * @return a new {@code [len(vec1), len(vec2)]} tensor
     */
    public Tensor addr(Tensor vec1, Tensor vec2, double beta, double alpha) {
        return Shape2Ops.addr(this, vec1, vec2, beta, alpha);
    }

    /**
     * {@code torch.addr(self, vec1, vec2)}.
     *
     * @param vec1 a 1-D tensor
     * @param vec2 a 1-D tensor
     * @return a new tensor
     */
    public Tensor addr(Tensor vec1, Tensor vec2) {
        return Shape2Ops.addr(this, vec1, vec2, 1, 1);
    }

    /**
     * {@code torch.addbmm(self, batch1, batch2, beta=beta, alpha=alpha)}: {@code beta * self + alpha * sum_b
     * batch1[b] @ batch2[b]} (grad_fn AddbmmBackward0).
     *
     * @param batch1 {@code [b, n, m]}
     * @param batch2 {@code [b, m, p]}
     * @param beta the factor of self
     * @param alpha the factor of the products' sum
     * @return a new {@code [n, p]} tensor
     */
    public Tensor addbmm(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return Shape2Ops.addbmm(this, batch1, batch2, beta, alpha);
    }

    /**
     * {@code torch.addbmm(self, batch1, batch2)}.
     *
     * @param batch1 {@code [b, n, m]}
     * @param batch2 {@code [b, m, p]}
     * @return a new tensor
     */
    public Tensor addbmm(Tensor batch1, Tensor batch2) {
        return Shape2Ops.addbmm(this, batch1, batch2, 1, 1);
    }

    /**
     * {@code torch.dist(self, other, p)}: the p-norm of {@code self - other}.
     *
     * @param other a tensor broadcastable with this one
     * @param p the norm's order (0, inf and -inf included)
     * @return a 0-D tensor
     */
    public Tensor dist(Tensor other, double p) {
        return Shape2Stats.dist(this, other, p);
    }

    /**
     * {@code torch.dist(self, other)}: the Euclidean distance.
     *
     * @param other a tensor broadcastable with this one
     * @return a 0-D tensor
     */
    public Tensor dist(Tensor other) {
        return Shape2Stats.dist(this, other, 2);
    }

    /**
     * {@code torch.cdist(x1, x2, p, compute_mode)}: the p-norm distance between each row of x1 and each row of x2,
     * per (broadcast) batch.
     *
     * @param x1 {@code [..., r1, m]}
     * @param x2 {@code [..., r2, m]}
     * @param p a non-negative order (0 counts differing coordinates, infinity takes the largest)
     * @param computeMode {@code "use_mm_for_euclid_dist_if_necessary"} (the default, null), {@code
     *                    "use_mm_for_euclid_dist"} or {@code "donot_use_mm_for_euclid_dist"}
     * @return {@code [..., r1, r2]}
     */
    public static Tensor cdist(Tensor x1, Tensor x2, double p, String computeMode) {
        return Shape2Stats.cdist(x1, x2, p, computeMode);
    }

    /**
     * {@code torch.cdist(x1, x2, p)}.
     *
     * @param x1 {@code [..., r1, m]}
     * @param x2 {@code [..., r2, m]}
     * @param p a non-negative order
     * @return {@code [..., r1, r2]}
     */
    public static Tensor cdist(Tensor x1, Tensor x2, double p) {
        return Shape2Stats.cdist(x1, x2, p, null);
    }

    /**
     * {@code torch.cdist(x1, x2)}: Euclidean distances.
     *
     * @param x1 {@code [..., r1, m]}
     * @param x2 {@code [..., r2, m]}
     * @return {@code [..., r1, r2]}
     */
    public static Tensor cdist(Tensor x1, Tensor x2) {
        return Shape2Stats.cdist(x1, x2, 2, null);
    }

    /**
     * {@code torch.pdist(x, p)}: the p-norm distance between each pair of rows i &lt; j, row by row.
     *
     * @param x a 2-D tensor
     * @param p a non-negative order
     * @return {@code [n (n - 1) / 2]}
     */
    public static Tensor pdist(Tensor x, double p) {
        return Shape2Stats.pdist(x, p);
    }

    /**
     * {@code torch.pdist(x)}: Euclidean distances between the pairs of rows.
     *
     * @param x a 2-D tensor
     * @return {@code [n (n - 1) / 2]}
     */
    public static Tensor pdist(Tensor x) {
        return Shape2Stats.pdist(x, 2);
    }

    /**
     * {@code torch.renorm(x, p, dim, maxnorm)}: each slice along {@code dim} whose p-norm exceeds maxnorm scaled
     * to norm {@code maxnorm} (grad_fn RenormBackward0).
     *
     * @param p the norm's order, positive
     * @param dim the dim whose slices are renormalised
     * @param maxnorm the largest norm kept, non-negative
     * @return a new tensor
     */
    public Tensor renorm(double p, int dim, double maxnorm) {
        return Shape2Stats.renorm(this, p, dim, maxnorm);
    }

    /**
     * In-place {@link #renorm(double, int, double)}.
     *
     * @param p the norm's order
     * @param dim the dim whose slices are renormalised
     * @param maxnorm the largest norm kept
     * @return this tensor
     */
    public Tensor renorm_(double p, int dim, double maxnorm) {
        return InPlaceUnary.apply("renorm_", this, true, x -> x.renorm(p, dim, maxnorm));
    }

    // ---------------------------------------------------------------- math2

    /**
     * {@code torch.fmax}: the elementwise maximum, ignoring a NaN (NaN only where both are), broadcast; integer and
     * bool tensors too (grad_fn FmaxBackward0: the gradient goes to the larger, to self on a tie).
     *
     * @param other the other operand
     * @return the maximum, in the promoted dtype
     */
    public Tensor fmax(Tensor other) {
        return Pointwise.binary(BinaryOp.FMAX, "fmax", this, other);
    }

    /**
     * {@code torch.fmin}: the elementwise minimum, ignoring a NaN, as {@link #fmax} (grad_fn FminBackward0).
     *
     * @param other the other operand
     * @return the minimum, in the promoted dtype
     */
    public Tensor fmin(Tensor other) {
        return Pointwise.binary(BinaryOp.FMIN, "fmin", this, other);
    }

    /**
     * {@code torch.nextafter}: the next value after each element toward {@code other}, in the floating dtype of the
     * two. PyTorch 1.13 records NextafterBackward0, whose backward fails (not implemented).
     *
     * @param other the direction, broadcast
     * @return the neighbours
     */
    public Tensor nextafter(Tensor other) {
        return Pointwise.binary(BinaryOp.NEXTAFTER, "nextafter", this, other);
    }

    /**
     * In-place {@link #nextafter}.
     *
     * @param other the direction, broadcast to this shape
     * @return this tensor
     */
    public Tensor nextafter_(Tensor other) {
        return Pointwise.inPlace("nextafter_", this, other, BinaryOp.NEXTAFTER);
    }

    /**
     * {@code torch.sgn}: for real tensors the sign (-1, 0, 1; 0 for NaN), grad_fn SgnBackward0 (zero gradient).
     *
     * @return the signs, in this dtype
     */
    public Tensor sgn() {
        return Pointwise.unary(UnaryOp.SGN, this);
    }

    /**
     * In-place {@link #sgn}.
     *
     * @return this tensor
     */
    public Tensor sgn_() {
        return InPlaceUnary.apply("sgn_", this, false, Tensor::sgn);
    }

    /**
     * {@code torch.gcd}: the greatest common divisor, non-negative (except PyTorch's {@code gcd(INT64_MIN, 0)}),
     * broadcast; integer tensors only, in their promoted dtype.
     *
     * @param other the other operand
     * @return the divisors
     */
    public Tensor gcd(Tensor other) {
        return Math2.integer(Math2.IntOp.GCD, "gcd", this, other);
    }

    /**
     * In-place {@link #gcd}.
     *
     * @param other the other operand, broadcast to this shape
     * @return this tensor
     */
    public Tensor gcd_(Tensor other) {
        return Math2.integer_(Math2.IntOp.GCD, "gcd_", this, other);
    }

    /**
     * {@code torch.lcm}: the least common multiple {@code |a / gcd * b|}, wrapping on overflow as PyTorch; integer
     * tensors only.
     *
     * @param other the other operand
     * @return the multiples
     */
    public Tensor lcm(Tensor other) {
        return Math2.integer(Math2.IntOp.LCM, "lcm", this, other);
    }

    /**
     * In-place {@link #lcm}.
     *
     * @param other the other operand, broadcast to this shape
     * @return this tensor
     */
    public Tensor lcm_(Tensor other) {
        return Math2.integer_(Math2.IntOp.LCM, "lcm_", this, other);
    }

    /**
     * {@code torch.bitwise_left_shift} ({@code <<}): integer tensors only. As PyTorch 1.13 on x86, the count is
     * taken modulo the width C computes in (64 for int64, 32 for int32 and uint8), so a count of 64 leaves an int64
     * unchanged and -1 shifts it by 63; a uint8 keeps its low 8 bits.
     *
     * @param other the counts, broadcast
     * @return the shifted values, in the promoted dtype
     */
    public Tensor bitwiseLeftShift(Tensor other) {
        return Math2.integer(Math2.IntOp.LEFT_SHIFT, "bitwise_left_shift", this, other);
    }

    /**
     * {@link #bitwiseLeftShift(Tensor)} by a Python int (which takes this tensor's integer dtype, wrapping).
     *
     * @param other the count
     * @return the shifted values
     */
    public Tensor bitwiseLeftShift(long other) {
        return Math2.integer(Math2.IntOp.LEFT_SHIFT, "bitwise_left_shift", this, other);
    }

    /**
     * {@code torch.bitwise_left_shift(self, other)} with a Python int {@code self}.
     *
     * @param self the value shifted
     * @param other the counts
     * @return the shifted values, in other's integer dtype (int64 beside bool)
     */
    public static Tensor bitwiseLeftShift(long self, Tensor other) {
        return Math2.integer(Math2.IntOp.LEFT_SHIFT, "bitwise_left_shift", self, other);
    }

    /**
     * In-place {@link #bitwiseLeftShift(Tensor)}.
     *
     * @param other the counts, broadcast to this shape
     * @return this tensor
     */
    public Tensor bitwiseLeftShift_(Tensor other) {
        return Math2.integer_(Math2.IntOp.LEFT_SHIFT, "bitwise_left_shift_", this, other);
    }

    /**
     * In-place {@link #bitwiseLeftShift(long)}.
     *
     * @param other the count
     * @return this tensor
     */
    public Tensor bitwiseLeftShift_(long other) {
        return Math2.integer_(Math2.IntOp.LEFT_SHIFT, "bitwise_left_shift_", this, other);
    }

    /**
     * {@code torch.bitwise_right_shift} ({@code >>}, arithmetic): integer tensors only; counts as in
     * {@link #bitwiseLeftShift(Tensor)}.
     *
     * @param other the counts, broadcast
     * @return the shifted values, in the promoted dtype
     */
    public Tensor bitwiseRightShift(Tensor other) {
        return Math2.integer(Math2.IntOp.RIGHT_SHIFT, "bitwise_right_shift", this, other);
    }

    /**
     * {@link #bitwiseRightShift(Tensor)} by a Python int.
     *
     * @param other the count
     * @return the shifted values
     */
    public Tensor bitwiseRightShift(long other) {
        return Math2.integer(Math2.IntOp.RIGHT_SHIFT, "bitwise_right_shift", this, other);
    }

    /**
     * {@code torch.bitwise_right_shift(self, other)} with a Python int {@code self}.
     *
     * @param self the value shifted
     * @param other the counts
     * @return the shifted values
     */
    public static Tensor bitwiseRightShift(long self, Tensor other) {
        return Math2.integer(Math2.IntOp.RIGHT_SHIFT, "bitwise_right_shift", self, other);
    }

    /**
     * In-place {@link #bitwiseRightShift(Tensor)}.
     *
     * @param other the counts, broadcast to this shape
     * @return this tensor
     */
    public Tensor bitwiseRightShift_(Tensor other) {
        return Math2.integer_(Math2.IntOp.RIGHT_SHIFT, "bitwise_right_shift_", this, other);
    }

    /**
     * In-place {@link #bitwiseRightShift(long)}.
     *
     * @param other the count
     * @return this tensor
     */
    public Tensor bitwiseRightShift_(long other) {
        return Math2.integer_(Math2.IntOp.RIGHT_SHIFT, "bitwise_right_shift_", this, other);
    }

    /**
     * {@code torch.ldexp}: {@code self * 2^other}, as PyTorch 1.13's {@code self * pow(2.0, other)} (grad_fn
     * MulBackward0; integer operands give the default dtype).
     *
     * @param other the exponents, broadcast
     * @return the scaled values
     */
    public Tensor ldexp(Tensor other) {
        return Math2.ldexp(this, other);
    }

    /**
     * In-place {@link #ldexp}; an integer tensor cannot hold the floating result.
     *
     * @param other the exponents, broadcast to this shape
     * @return this tensor
     */
    public Tensor ldexp_(Tensor other) {
        return Math2.ldexp_(this, other);
    }

    /**
     * {@code torch.float_power}: {@code pow} in float64 whatever the operands' dtypes (grad_fn PowBackward1).
     *
     * @param exponent the exponents, broadcast
     * @return the powers, float64
     */
    public Tensor floatPower(Tensor exponent) {
        return Math2.floatPower(this, exponent);
    }

    /**
     * {@code torch.float_power} with a number exponent (grad_fn PowBackward0).
     *
     * @param exponent the exponent
     * @return the powers, float64
     */
    public Tensor floatPower(double exponent) {
        return Math2.floatPower(this, exponent);
    }

    /**
     * {@code torch.float_power(self, exponent)} with a number base (grad_fn PowBackward2).
     *
     * @param self the base
     * @param exponent the exponents
     * @return the powers, float64
     */
    public static Tensor floatPower(double self, Tensor exponent) {
        return Math2.floatPower(self, exponent);
    }

    /**
     * In-place {@link #floatPower(Tensor)}: this tensor must be float64.
     *
     * @param exponent the exponents, broadcast to this shape
     * @return this tensor
     */
    public Tensor floatPower_(Tensor exponent) {
        return Math2.floatPower_(this, exponent);
    }

    /**
     * In-place {@link #floatPower(double)}: this tensor must be float64.
     *
     * @param exponent the exponent
     * @return this tensor
     */
    public Tensor floatPower_(double exponent) {
        return Math2.floatPower_(this, exponent);
    }

    /**
     * {@code torch.frexp}: each element as {@code mantissa * 2^exponent}, |mantissa| in [0.5, 1); floating tensors only.
     *
     * @return the mantissas (this dtype, differentiable) and int32 exponents
     */
    public Frexp frexp() {
        return Math2.frexp(this);
    }

    /**
     * {@code torch.isneginf}: whether each element is -inf (false for integer and bool tensors).
     *
     * @return a bool tensor of this shape
     */
    public Tensor isneginf() {
        return Math2.isInf("isneginf", this, Double.NEGATIVE_INFINITY);
    }

    /**
     * {@code torch.isposinf}: whether each element is +inf (false for integer and bool tensors).
     *
     * @return a bool tensor of this shape
     */
    public Tensor isposinf() {
        return Math2.isInf("isposinf", this, Double.POSITIVE_INFINITY);
    }

    /**
     * {@code torch.isreal}: true everywhere, grad4j's tensors being real.
     *
     * @return a bool tensor of this shape
     */
    public Tensor isreal() {
        return Math2.isreal(this);
    }

    /**
     * {@code torch.isin(self, testElements)}.
     *
     * @param testElements the values looked for (any shape)
     * @return a bool tensor of this shape
     * @see #isin(Tensor, Tensor, boolean, boolean)
     */
    public Tensor isin(Tensor testElements) {
        return Math2.isin(this, testElements, false, false);
    }

    /**
     * {@code torch.isin(elements, test_elements, assume_unique, invert)}: whether each element is one of the test
     * elements, compared in {@code torch.result_type} of the two (NaN is in nothing); bool tensors are refused.
     *
     * @param elements the values tested
     * @param testElements the values looked for (any shape)
     * @param assumeUnique PyTorch's hint that both hold distinct values (the result is exact either way)
     * @param invert whether to return the negation
     * @return a bool tensor of elements' shape
     */
    public static Tensor isin(Tensor elements, Tensor testElements, boolean assumeUnique, boolean invert) {
        return Math2.isin(elements, testElements, assumeUnique, invert);
    }

    /**
     * {@code torch.isin(elements, test_element)} with a number: PyTorch's {@code elements == test} ({@code !=} with
     * {@code invert}).
     *
     * @param elements the values tested
     * @param testElement the value looked for
     * @param invert whether to return the negation
     * @return a bool tensor of elements' shape
     */
    public static Tensor isin(Tensor elements, double testElement, boolean invert) {
        return Math2.isin(elements, testElement, invert);
    }

    /**
     * {@link #isin(Tensor, double, boolean)} with a Python int (which takes an integer tensor's dtype, wrapping).
     *
     * @param elements the values tested
     * @param testElement the value looked for
     * @param invert whether to return the negation
     * @return a bool tensor of elements' shape
     */
    public static Tensor isin(Tensor elements, long testElement, boolean invert) {
        return Math2.isin(elements, testElement, invert);
    }

    /**
     * {@code torch.isin(element, test_elements)} with a number as the element.
     *
     * @param element the value tested
     * @param testElements the values looked for
     * @param assumeUnique PyTorch's hint (the result is exact either way)
     * @param invert whether to return the negation
     * @return a 0-d bool tensor
     */
    public static Tensor isin(double element, Tensor testElements, boolean assumeUnique, boolean invert) {
        return Math2.isin(element, testElements, assumeUnique, invert);
    }

    /**
     * {@link #isin(double, Tensor, boolean, boolean)} with a Python int.
     *
     * @param element the value tested
     * @param testElements the values looked for
     * @param assumeUnique PyTorch's hint (the result is exact either way)
     * @param invert whether to return the negation
     * @return a 0-d bool tensor
     */
    public static Tensor isin(long element, Tensor testElements, boolean assumeUnique, boolean invert) {
        return Math2.isin(element, testElements, assumeUnique, invert);
    }

    // math2: in-place forms of the op table's binary ops that lacked them

    /**
     * In-place {@link #hypot}.
     *
     * @param other the other leg, broadcast to this shape
     * @return this tensor
     */
    public Tensor hypot_(Tensor other) {
        return Pointwise.inPlace("hypot_", this, other, BinaryOp.HYPOT);
    }

    /**
     * In-place {@link #copysign(Tensor)}.
     *
     * @param other the signs, broadcast to this shape
     * @return this tensor
     */
    public Tensor copysign_(Tensor other) {
        return Pointwise.inPlace("copysign_", this, other, BinaryOp.COPYSIGN);
    }

    /**
     * In-place {@link #copysign(double)}.
     *
     * @param other the sign
     * @return this tensor
     */
    public Tensor copysign_(double other) {
        return InPlaceUnary.apply("copysign_", this, true, x -> x.copysign(other));
    }

    /**
     * In-place {@link #xlogy(Tensor)}.
     *
     * @param other the logarithm's argument, broadcast to this shape
     * @return this tensor
     */
    public Tensor xlogy_(Tensor other) {
        return Pointwise.inPlace("xlogy_", this, other, BinaryOp.XLOGY);
    }

    /**
     * In-place {@link #xlogy(double)}.
     *
     * @param other the logarithm's argument
     * @return this tensor
     */
    public Tensor xlogy_(double other) {
        return InPlaceUnary.apply("xlogy_", this, true, x -> x.xlogy(other));
    }

    /**
     * In-place {@link #heaviside}.
     *
     * @param values the values at 0, of this dtype, broadcast to this shape
     * @return this tensor
     */
    public Tensor heaviside_(Tensor values) {
        return Math2.inPlace("heaviside_", this, values, false, x -> x.heaviside(values));
    }

    // math2: PyTorch's alias names, thin delegates (grad_fn is the target's, as in PyTorch)

    /**
     * {@code torch.absolute}, an alias of {@link #abs()}.
     *
     * @return the result
     */
    public Tensor absolute() {
        return abs();
    }

    /**
     * In-place {@link #absolute()}.
     *
     * @return this tensor
     */
    public Tensor absolute_() {
        return abs_();
    }

    /**
     * {@code torch.arccos}, an alias of {@link #acos()}.
     *
     * @return the result
     */
    public Tensor arccos() {
        return acos();
    }

    /**
     * In-place {@link #arccos()}.
     *
     * @return this tensor
     */
    public Tensor arccos_() {
        return InPlaceUnary.apply("arccos_", this, true, Tensor::acos);
    }

    /**
     * {@code torch.arcsin}, an alias of {@link #asin()}.
     *
     * @return the result
     */
    public Tensor arcsin() {
        return asin();
    }

    /**
     * In-place {@link #arcsin()}.
     *
     * @return this tensor
     */
    public Tensor arcsin_() {
        return InPlaceUnary.apply("arcsin_", this, true, Tensor::asin);
    }

    /**
     * {@code torch.arctan}, an alias of {@link #atan()}.
     *
     * @return the result
     */
    public Tensor arctan() {
        return atan();
    }

    /**
     * In-place {@link #arctan()}.
     *
     * @return this tensor
     */
    public Tensor arctan_() {
        return InPlaceUnary.apply("arctan_", this, true, Tensor::atan);
    }

    /**
     * {@code torch.arccosh}, an alias of {@link #acosh()}.
     *
     * @return the result
     */
    public Tensor arccosh() {
        return acosh();
    }

    /**
     * In-place {@link #arccosh()}.
     *
     * @return this tensor
     */
    public Tensor arccosh_() {
        return Math2.inPlaceWithoutDerivative("arccosh_", this, Tensor::acosh, "acosh");
    }

    /**
     * {@code torch.arcsinh}, an alias of {@link #asinh()}.
     *
     * @return the result
     */
    public Tensor arcsinh() {
        return asinh();
    }

    /**
     * In-place {@link #arcsinh()}.
     *
     * @return this tensor
     */
    public Tensor arcsinh_() {
        return Math2.inPlaceWithoutDerivative("arcsinh_", this, Tensor::asinh, "asinh");
    }

    /**
     * {@code torch.arctanh}, an alias of {@link #atanh()}.
     *
     * @return the result
     */
    public Tensor arctanh() {
        return atanh();
    }

    /**
     * In-place {@link #arctanh()}.
     *
     * @return this tensor
     */
    public Tensor arctanh_() {
        return Math2.inPlaceWithoutDerivative("arctanh_", this, Tensor::atanh, "atanh");
    }

    /**
     * {@code torch.negative}, an alias of {@link #neg()}.
     *
     * @return the result
     */
    public Tensor negative() {
        Math2.checkNegative("negative", this);
        return neg();
    }

    /**
     * In-place {@link #negative()}.
     *
     * @return this tensor
     */
    public Tensor negative_() {
        Math2.checkNegative("negative_", this);
        return neg_();
    }

    /**
     * {@code torch.fix}, an alias of {@link #trunc()}.
     *
     * @return the result
     */
    public Tensor fix() {
        return trunc();
    }

    /**
     * In-place {@link #fix()}.
     *
     * @return this tensor
     */
    public Tensor fix_() {
        return trunc_();
    }

    /**
     * {@code torch.arctan2}, an alias of {@link #atan2}.
     *
     * @param other the x coordinates, broadcast
     * @return the result
     */
    public Tensor arctan2(Tensor other) {
        return atan2(other);
    }

    /**
     * In-place {@link #arctan2}.
     *
     * @param other the x coordinates, broadcast to this shape
     * @return this tensor
     */
    public Tensor arctan2_(Tensor other) {
        return Pointwise.inPlace("arctan2_", this, other, BinaryOp.ATAN2);
    }

    /**
     * {@code torch.clip}, an alias of {@link #clamp(double, double)}.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return the result
     */
    public Tensor clip(double min, double max) {
        return clamp(min, max);
    }

    /**
     * {@code torch.clip}, an alias of {@link #clamp(long, long)}.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return the result
     */
    public Tensor clip(long min, long max) {
        return clamp(min, max);
    }

    /**
     * {@code torch.clip}, an alias of {@link #clamp(Tensor, Tensor)}; either bound may be null.
     *
     * @param min the lower bound, or null
     * @param max the upper bound, or null
     * @return the result
     */
    public Tensor clip(Tensor min, Tensor max) {
        return clamp(min, max);
    }

    /**
     * In-place {@link #clip(double, double)}.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return this tensor
     */
    public Tensor clip_(double min, double max) {
        return clamp_(min, max);
    }

    /**
     * In-place {@link #clip(long, long)}.
     *
     * @param min the lower bound
     * @param max the upper bound
     * @return this tensor
     */
    public Tensor clip_(long min, long max) {
        return clamp_(min, max);
    }

    /**
     * {@code torch.divide}, an alias of {@link #div(Tensor)}.
     *
     * @param other the divisor, broadcast
     * @return the result
     */
    public Tensor divide(Tensor other) {
        return div(other);
    }

    /**
     * {@code torch.divide}, an alias of {@link #div(double)}.
     *
     * @param other the divisor
     * @return the result
     */
    public Tensor divide(double other) {
        return div(other);
    }

    /**
     * {@code torch.divide}, an alias of {@link #div(long)}.
     *
     * @param other the divisor
     * @return the result
     */
    public Tensor divide(long other) {
        return div(other);
    }

    /**
     * {@code torch.divide(self, other, rounding_mode=)}, an alias of {@link #div(Tensor, String)}.
     *
     * @param other the divisor, broadcast
     * @param roundingMode null, "trunc" or "floor"
     * @return the result
     */
    public Tensor divide(Tensor other, String roundingMode) {
        return div(other, roundingMode);
    }

    /**
     * {@code torch.divide} with a number and a rounding mode, an alias of {@link #div(double, String)}.
     *
     * @param other the divisor
     * @param roundingMode null, "trunc" or "floor"
     * @return the result
     */
    public Tensor divide(double other, String roundingMode) {
        return div(other, roundingMode);
    }

    /**
     * {@code torch.divide} with a Python int and a rounding mode, an alias of {@link #div(long, String)}.
     *
     * @param other the divisor
     * @param roundingMode null, "trunc" or "floor"
     * @return the result
     */
    public Tensor divide(long other, String roundingMode) {
        return div(other, roundingMode);
    }

    /**
     * In-place {@link #divide(Tensor)}.
     *
     * @param other the divisor, broadcast to this shape
     * @return this tensor
     */
    public Tensor divide_(Tensor other) {
        return div_(other);
    }

    /**
     * In-place {@link #divide(double)}.
     *
     * @param other the divisor
     * @return this tensor
     */
    public Tensor divide_(double other) {
        return div_(other);
    }

    /**
     * In-place {@link #divide(Tensor, String)}.
     *
     * @param other the divisor, broadcast to this shape
     * @param roundingMode null, "trunc" or "floor"
     * @return this tensor
     */
    public Tensor divide_(Tensor other, String roundingMode) {
        return Math2.inPlace("divide_", this, other, true, x -> x.div(other, roundingMode));
    }

    /**
     * In-place {@link #divide(double, String)}.
     *
     * @param other the divisor
     * @param roundingMode null, "trunc" or "floor"
     * @return this tensor
     */
    public Tensor divide_(double other, String roundingMode) {
        return InPlaceUnary.apply("divide_", this, true, x -> x.div(other, roundingMode));
    }

    /**
     * {@code torch.true_divide}, an alias of {@link #div(Tensor)}.
     *
     * @param other the divisor, broadcast
     * @return the result
     */
    public Tensor trueDivide(Tensor other) {
        return div(other);
    }

    /**
     * {@code torch.true_divide}, an alias of {@link #div(double)}.
     *
     * @param other the divisor
     * @return the result
     */
    public Tensor trueDivide(double other) {
        return div(other);
    }

    /**
     * In-place {@link #trueDivide(Tensor)}.
     *
     * @param other the divisor, broadcast to this shape
     * @return this tensor
     */
    public Tensor trueDivide_(Tensor other) {
        return div_(other);
    }

    /**
     * In-place {@link #trueDivide(double)}.
     *
     * @param other the divisor
     * @return this tensor
     */
    public Tensor trueDivide_(double other) {
        return div_(other);
    }

    /**
     * {@code torch.multiply}, an alias of {@link #mul(Tensor)}.
     *
     * @param other the other factor, broadcast
     * @return the result
     */
    public Tensor multiply(Tensor other) {
        return mul(other);
    }

    /**
     * {@code torch.multiply}, an alias of {@link #mul(double)}.
     *
     * @param other the other factor
     * @return the result
     */
    public Tensor multiply(double other) {
        return mul(other);
    }

    /**
     * {@code torch.multiply}, an alias of {@link #mul(long)}.
     *
     * @param other the other factor
     * @return the result
     */
    public Tensor multiply(long other) {
        return mul(other);
    }

    /**
     * In-place {@link #multiply(Tensor)}.
     *
     * @param other the other factor, broadcast to this shape
     * @return this tensor
     */
    public Tensor multiply_(Tensor other) {
        return mul_(other);
    }

    /**
     * In-place {@link #multiply(double)}.
     *
     * @param other the other factor
     * @return this tensor
     */
    public Tensor multiply_(double other) {
        return mul_(other);
    }

    /**
     * {@code torch.subtract}, an alias of {@link #sub(Tensor)}.
     *
     * @param other the subtrahend, broadcast
     * @return the result
     */
    public Tensor subtract(Tensor other) {
        return sub(other);
    }

    /**
     * {@code torch.subtract(self, other, alpha=)}, an alias of {@link #sub(Tensor, double)}.
     *
     * @param other the subtrahend, broadcast
     * @param alpha its factor
     * @return the result
     */
    public Tensor subtract(Tensor other, double alpha) {
        return sub(other, alpha);
    }

    /**
     * {@code torch.subtract}, an alias of {@link #sub(double)}.
     *
     * @param other the subtrahend
     * @return the result
     */
    public Tensor subtract(double other) {
        return sub(other);
    }

    /**
     * {@code torch.subtract}, an alias of {@link #sub(long)}.
     *
     * @param other the subtrahend
     * @return the result
     */
    public Tensor subtract(long other) {
        return sub(other);
    }

    /**
     * In-place {@link #subtract(Tensor)}.
     *
     * @param other the subtrahend, broadcast to this shape
     * @return this tensor
     */
    public Tensor subtract_(Tensor other) {
        return sub_(other);
    }

    /**
     * In-place {@link #subtract(Tensor, double)}: {@code this -= alpha * other}.
     *
     * @param other the subtrahend, broadcast to this shape
     * @param alpha its factor
     * @return this tensor
     */
    public Tensor subtract_(Tensor other, double alpha) {
        return Math2.inPlace("subtract_", this, other, false, x -> x.sub(other, alpha));
    }

    /**
     * In-place {@link #subtract(double)}.
     *
     * @param other the subtrahend
     * @return this tensor
     */
    public Tensor subtract_(double other) {
        return sub_(other);
    }

    /**
     * {@code torch.positive}: this tensor itself (PyTorch returns its input); refused for bool, as PyTorch's unary
     * {@code +}.
     *
     * @return this tensor
     */
    public Tensor positive() {
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException("positive: The `+` operator, on a bool tensor is not supported. (shape "
                    + Shapes.str(shape) + ")");
        }
        return this;
    }

    /**
     * {@code torch.greater}, an alias of {@link #gt(Tensor)}.
     *
     * @param other the other operand, broadcast
     * @return a bool tensor
     */
    public Tensor greater(Tensor other) {
        return gt(other);
    }

    /**
     * {@code torch.greater}, an alias of {@link #gt(double)}.
     *
     * @param other the number compared with
     * @return a bool tensor
     */
    public Tensor greater(double other) {
        return gt(other);
    }

    /**
     * {@code torch.greater}, an alias of {@link #gt(long)}.
     *
     * @param other the Python int compared with
     * @return a bool tensor
     */
    public Tensor greater(long other) {
        return gt(other);
    }

    /**
     * In-place {@link #greater(Tensor)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the other operand, broadcast to this shape
     * @return this tensor
     */
    public Tensor greater_(Tensor other) {
        return Math2.inPlace("greater_", this, other, false, x -> x.gt(other));
    }

    /**
     * In-place {@link #greater(double)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the number compared with
     * @return this tensor
     */
    public Tensor greater_(double other) {
        return InPlaceUnary.apply("greater_", this, false, x -> x.gt(other));
    }

    /**
     * {@code torch.greater_equal}, an alias of {@link #ge(Tensor)}.
     *
     * @param other the other operand, broadcast
     * @return a bool tensor
     */
    public Tensor greaterEqual(Tensor other) {
        return ge(other);
    }

    /**
     * {@code torch.greater_equal}, an alias of {@link #ge(double)}.
     *
     * @param other the number compared with
     * @return a bool tensor
     */
    public Tensor greaterEqual(double other) {
        return ge(other);
    }

    /**
     * {@code torch.greater_equal}, an alias of {@link #ge(long)}.
     *
     * @param other the Python int compared with
     * @return a bool tensor
     */
    public Tensor greaterEqual(long other) {
        return ge(other);
    }

    /**
     * In-place {@link #greaterEqual(Tensor)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the other operand, broadcast to this shape
     * @return this tensor
     */
    public Tensor greaterEqual_(Tensor other) {
        return Math2.inPlace("greater_equal_", this, other, false, x -> x.ge(other));
    }

    /**
     * In-place {@link #greaterEqual(double)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the number compared with
     * @return this tensor
     */
    public Tensor greaterEqual_(double other) {
        return InPlaceUnary.apply("greater_equal_", this, false, x -> x.ge(other));
    }

    /**
     * {@code torch.less}, an alias of {@link #lt(Tensor)}.
     *
     * @param other the other operand, broadcast
     * @return a bool tensor
     */
    public Tensor less(Tensor other) {
        return lt(other);
    }

    /**
     * {@code torch.less}, an alias of {@link #lt(double)}.
     *
     * @param other the number compared with
     * @return a bool tensor
     */
    public Tensor less(double other) {
        return lt(other);
    }

    /**
     * {@code torch.less}, an alias of {@link #lt(long)}.
     *
     * @param other the Python int compared with
     * @return a bool tensor
     */
    public Tensor less(long other) {
        return lt(other);
    }

    /**
     * In-place {@link #less(Tensor)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the other operand, broadcast to this shape
     * @return this tensor
     */
    public Tensor less_(Tensor other) {
        return Math2.inPlace("less_", this, other, false, x -> x.lt(other));
    }

    /**
     * In-place {@link #less(double)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the number compared with
     * @return this tensor
     */
    public Tensor less_(double other) {
        return InPlaceUnary.apply("less_", this, false, x -> x.lt(other));
    }

    /**
     * {@code torch.less_equal}, an alias of {@link #le(Tensor)}.
     *
     * @param other the other operand, broadcast
     * @return a bool tensor
     */
    public Tensor lessEqual(Tensor other) {
        return le(other);
    }

    /**
     * {@code torch.less_equal}, an alias of {@link #le(double)}.
     *
     * @param other the number compared with
     * @return a bool tensor
     */
    public Tensor lessEqual(double other) {
        return le(other);
    }

    /**
     * {@code torch.less_equal}, an alias of {@link #le(long)}.
     *
     * @param other the Python int compared with
     * @return a bool tensor
     */
    public Tensor lessEqual(long other) {
        return le(other);
    }

    /**
     * In-place {@link #lessEqual(Tensor)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the other operand, broadcast to this shape
     * @return this tensor
     */
    public Tensor lessEqual_(Tensor other) {
        return Math2.inPlace("less_equal_", this, other, false, x -> x.le(other));
    }

    /**
     * In-place {@link #lessEqual(double)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the number compared with
     * @return this tensor
     */
    public Tensor lessEqual_(double other) {
        return InPlaceUnary.apply("less_equal_", this, false, x -> x.le(other));
    }

    /**
     * {@code torch.not_equal}, an alias of {@link #ne(Tensor)}.
     *
     * @param other the other operand, broadcast
     * @return a bool tensor
     */
    public Tensor notEqual(Tensor other) {
        return ne(other);
    }

    /**
     * {@code torch.not_equal}, an alias of {@link #ne(double)}.
     *
     * @param other the number compared with
     * @return a bool tensor
     */
    public Tensor notEqual(double other) {
        return ne(other);
    }

    /**
     * {@code torch.not_equal}, an alias of {@link #ne(long)}.
     *
     * @param other the Python int compared with
     * @return a bool tensor
     */
    public Tensor notEqual(long other) {
        return ne(other);
    }

    /**
     * In-place {@link #notEqual(Tensor)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the other operand, broadcast to this shape
     * @return this tensor
     */
    public Tensor notEqual_(Tensor other) {
        return Math2.inPlace("not_equal_", this, other, false, x -> x.ne(other));
    }

    /**
     * In-place {@link #notEqual(double)}: 1 or 0 in this tensor's dtype.
     *
     * @param other the number compared with
     * @return this tensor
     */
    public Tensor notEqual_(double other) {
        return InPlaceUnary.apply("not_equal_", this, false, x -> x.ne(other));
    }

    // ---------------------------------------------------------------- printing

    /**
     * Whether this tensor's memory was released (by its {@link MemoryScope} closing, or as a gradient
     * dropped by {@code zeroGrad()}/{@link #clearGrad()}): reading or writing it then fails.
     *
     * @return true once the storage is released
     */
    public boolean isReleased() {
        return storage.isReleased();
    }

    /**
     * Marks this leaf as a module parameter, like wrapping it in {@code nn.Parameter}: it requires
     * grad and prints with PyTorch's {@code Parameter containing:} line. {@code Module} does this
     * to every tensor it registers; {@link #detach()}, {@link #clone()} and ops return plain tensors.
     *
     * @return this tensor
     * @throws IllegalArgumentException when this tensor is not a leaf (the output of an op)
     */
    public Tensor asParameter() {
        if (gradFn != null) {
            throw new IllegalArgumentException("asParameter: expected a leaf tensor, got the output of " + gradFn.name()
                    + " (shape " + Shapes.str(shape) + "); pass tensor.detach()");
        }
        requiresGrad_(true);
        parameter = true;
        return this;
    }

    /**
     * Whether this tensor is a module parameter ({@code isinstance(t, nn.Parameter)}).
     *
     * @return true after {@link #asParameter()}
     */
    public boolean isParameter() {
        return parameter;
    }

    /**
     * PyTorch's {@code repr}: {@code tensor([[0.3000]])}, with dtype, device, grad suffixes as PyTorch
     * prints them; a parameter's starts with a {@code Parameter containing:} line.
     * A released tensor prints without values, as {@code tensor(<released>, size=(2, 3), dtype=torch.float64)},
     * so that printing (in a debugger, a log line, an error message) never throws.
     */
    @Override
    public String toString() {
        if (isReleased()) {
            StringBuilder size = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                size.append(i > 0 ? ", " : "").append(shape[i]);
            }
            size.append(shape.length == 1 ? ",)" : ")");
            return "tensor(<released>, size=" + size + ", dtype=" + dtype.torchName()
                    + (device().type().equals("cpu") ? "" : ", device='" + device() + "'") + ")";
        }
        String repr = dtype.isFloatingPoint()
                ? TorchFormat.repr(toDoubleArray(), shape, dtype, defaultDType, device().toString(),
                        requiresGrad(), gradFn() == null ? null : gradFn().name())
                : TorchFormat.repr(toLongArray(), shape, dtype, defaultDType, device().toString(),
                        requiresGrad(), gradFn() == null ? null : gradFn().name());
        return parameter ? "Parameter containing:\n" + repr : repr;
    }
}
