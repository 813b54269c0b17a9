package org.grad4j.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.spi.Backend;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Gemm;
import org.grad4j.spi.ReduceOp;
import org.grad4j.spi.Strided;
import org.grad4j.spi.UnaryOp;

/**
 * The kernels of one CUDA device: cuBLAS for {@link #gemm}, the PTX kernels of
 * {@code grad4j_kernels.cu} for the rest, all on the device's primary context and the legacy
 * default stream (so work is ordered, and a download waits for the work before it).
 */
final class CudaBackend implements Backend {
    static final String PTX_RESOURCE = "grad4j_kernels.ptx";
    private static final int BLOCK = 256;
    private static final long MAX_GRID = 1L << 20;

    private final Device device;
    private final CUcontext context = new CUcontext();
    private final CudaAllocator allocator;
    private final cublasHandle blas = new cublasHandle();
    private final CUfunction fillF32, fillF64, unaryF32, unaryF64, convF32F64, convF64F32;
    private final CUfunction binaryF32, binaryF64, scalarF32, scalarF64, axpyF32, axpyF64, fmaF32, fmaF64;
    private final CUfunction reduceF32, reduceF64, argmaxF32, argmaxF64;
    /** The module, for the int64/bool kernels, looked up by name on first use. */
    private final CUmodule module;
    private final java.util.concurrent.ConcurrentHashMap<String, CUfunction> byName = new java.util.concurrent.ConcurrentHashMap<>();
    /** Host-device copies so far (uploads and downloads): benchmarks check a training step makes none. */
    private final java.util.concurrent.atomic.LongAdder hostCopies = new java.util.concurrent.atomic.LongAdder();
    /** Work items queued on the device so far (kernel launches, memsets, cuBLAS calls): launch overhead is per item. */
    private final java.util.concurrent.atomic.LongAdder deviceCalls = new java.util.concurrent.atomic.LongAdder();
    /** The backend whose context the calling thread last made current: {@link #bind} skips the driver call. */
    private static final ThreadLocal<CudaBackend> BOUND = new ThreadLocal<>();
    private final int multiprocessors;

    /** Creates the backend of device {@code index}; JCudaDriver's cuInit must have succeeded. */
    CudaBackend(int index) {
        this.device = new Device("cuda", index);
        CUdevice dev = new CUdevice();
        CudaErrors.checkDriver(cuDeviceGet(dev, index), "cuDeviceGet(" + index + ")");
        CudaErrors.checkDriver(cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain(" + index + ")");
        bind();
        int[] sms = {0};
        CudaErrors.checkDriver(cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev),
                "cuDeviceGetAttribute(MULTIPROCESSOR_COUNT)");
        this.multiprocessors = Math.max(1, sms[0]);
        CUmodule module = new CUmodule();
        CudaErrors.checkDriver(cuModuleLoadData(module, ptx()),
                "cuModuleLoadData(" + PTX_RESOURCE + ") on " + device + " (the PTX is ISA 8.0 for sm_75+: needs a"
                        + " driver for CUDA 12.0 or newer and compute capability 7.5 or newer)");
        this.module = module;
        fillF32 = fn(module, "fill_f32");
        fillF64 = fn(module, "fill_f64");
        unaryF32 = fn(module, "unary_f32");
        unaryF64 = fn(module, "unary_f64");
        convF32F64 = fn(module, "convert_f32_f64");
        convF64F32 = fn(module, "convert_f64_f32");
        binaryF32 = fn(module, "binary_f32");
        binaryF64 = fn(module, "binary_f64");
        scalarF32 = fn(module, "binary_scalar_f32");
        scalarF64 = fn(module, "binary_scalar_f64");
        axpyF32 = fn(module, "axpy_f32");
        axpyF64 = fn(module, "axpy_f64");
        fmaF32 = fn(module, "fma_f32");
        fmaF64 = fn(module, "fma_f64");
        reduceF32 = fn(module, "reduce_f32");
        reduceF64 = fn(module, "reduce_f64");
        argmaxF32 = fn(module, "argmax_f32");
        argmaxF64 = fn(module, "argmax_f64");
        CudaErrors.checkBlas(JCublas2.cublasCreate(blas), "cublasCreate on " + device);
        // No TF32: float32 products keep float32 precision, as PyTorch's default matmul does.
        CudaErrors.checkBlas(JCublas2.cublasSetMathMode(blas, cublasMath.CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        this.allocator = new CudaAllocator(this);
    }

    /** The PTX text, NUL-terminated as cuModuleLoadData expects. */
    static byte[] ptx() {
        try (InputStream in = CudaBackend.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("cuda: resource org/grad4j/cuda/" + PTX_RESOURCE + " is missing from the jar");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new IllegalStateException("cuda: cannot read " + PTX_RESOURCE, e);
        }
    }

    /** A kernel of the module by name (the int64/bool ones, {@code fill_i64}, {@code compare_f32}, ...). */
    private CUfunction kernel(String name) {
        return byName.computeIfAbsent(name, n -> fn(module, n));
    }

    /** The kernels' name suffix of a dtype; bool is stored as one byte. */
    static String suffix(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT64 -> "i64";
            case BOOL -> "u8";
            case INT32, UINT8 -> "i64";   // stored widened: see elementBytes
        };
    }

    /**
     * Bytes per stored element. int32 and uint8 are stored widened in int64, as on the CPU, so every int64
     * kernel serves them; {@link #wrapNarrow} brings an output written by int64 arithmetic back into range.
     */
    static long elementBytes(DType t) {
        return t == DType.INT32 || t == DType.UINT8 ? 8 : t.byteSize();
    }

    private static boolean narrow(DType t) {
        return t == DType.INT32 || t == DType.UINT8;
    }

    /** An int64 value as an int32 or uint8 buffer stores it (two's-complement wrap-around). */
    private static long wrap(DType t, long v) {
        return t == DType.INT32 ? (int) v : t == DType.UINT8 ? v & 0xFF : v;
    }

    /** PyTorch's float-to-int32 conversion on x86: truncation, Integer.MIN_VALUE for NaN and out of range. */
    private static long toInt32(double v) {
        return v >= 0x1p31 || !(v > -0x1p31 - 1.0) ? Integer.MIN_VALUE : (int) v;
    }

    /** Wraps every element of an int32 or uint8 buffer into range, after int64 arithmetic wrote it. */
    private void wrapNarrow(CudaBuffer o) {
        if (!narrow(o.dtype()) || o.length() == 0) {
            return;
        }
        int[] shape = {o.length()};
        int[] g = Geometry.geo("wrap", shape, new int[] {0}, new int[] {1});
        launch(kernel("wrap_i64"), o.length(), KernelArgs.elementwise(0, 0, o.address(), o.length(), 0,
                o.dtype() == DType.INT32 ? 32 : 8, 0, g));
    }

    private static CUfunction fn(CUmodule module, String name) {
        CUfunction f = new CUfunction();
        CudaErrors.checkDriver(cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + ")");
        return f;
    }

    /**
     * Makes this device's primary context current on the calling thread. grad4j is the only code
     * that sets a context on its threads, so a thread that last bound this backend is still bound.
     */
    void bind() {
        if (BOUND.get() != this) {
            CudaErrors.checkDriver(cuCtxSetCurrent(context), "cuCtxSetCurrent(" + device + ")");
            BOUND.set(this);
        }
    }

    CudaAllocator allocator() {
        return allocator;
    }

    /** How many uploads and downloads this backend has made. */
    long hostCopies() {
        return hostCopies.sum();
    }

    /** How many kernel launches, memsets and cuBLAS calls this backend has queued. */
    long deviceCalls() {
        return deviceCalls.sum();
    }

    @Override
    public Device device() {
        return device;
    }

    // ---------------------------------------------------------------- memory

    private CudaBuffer newBuffer(DType dtype, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("cuda allocate: negative length " + length);
        }
        CudaAllocator.Block block = length == 0 ? null : allocator.acquire((long) length * elementBytes(dtype));
        return new CudaBuffer(this, dtype, length, block);
    }

    @Override
    public Buffer allocate(DType dtype, int length) {
        CudaBuffer b = newBuffer(dtype, length);
        if (length > 0) {
            bind();
            deviceCalls.increment();
            CudaErrors.checkDriver(cuMemsetD8(b.ptr(), (byte) 0, b.bytes()), "cuMemsetD8");
        }
        return b;
    }

    /** A cached block as it is: saves the memset (a device call of its own) for outputs that are overwritten whole. */
    @Override
    public Buffer allocateUninitialized(DType dtype, int length) {
        return newBuffer(dtype, length);
    }

    @Override
    public Buffer upload(double[] data, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            long[] l = new long[data.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = dtype == DType.BOOL ? (data[i] != 0.0 ? 1 : 0) : dtype == DType.INT32 ? toInt32(data[i])
                        : wrap(dtype, toLong(data[i]));
            }
            return upload(l, dtype);
        }
        CudaBuffer b = newBuffer(dtype, data.length);
        if (data.length > 0) {
            Pointer host;
            if (dtype == DType.FLOAT64) {
                host = Pointer.to(data);
            } else {
                float[] f = new float[data.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) data[i];
                }
                host = Pointer.to(f);
            }
            bind();
            hostCopies.increment();
            CudaErrors.checkDriver(cuMemcpyHtoD(b.ptr(), host, b.bytes()), "cuMemcpyHtoD(" + b.bytes() + " bytes)");
        }
        return b;
    }

    /** PyTorch's float-to-int64 conversion on x86: truncation; NaN and out-of-range give Long.MIN_VALUE. */
    static long toLong(double v) {
        return v >= 0x1p63 || !(v >= -0x1p63) ? Long.MIN_VALUE : (long) v;
    }

    /** int64 exactly; bool as one byte per element, 1 for every non-zero value; floats rounded to nearest. */
    @Override
    public Buffer upload(long[] data, DType dtype) {
        if (dtype.isFloatingPoint()) {
            double[] d = new double[data.length];
            float[] f = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                d[i] = data[i];
                f[i] = data[i];   // one rounding, not two through double
            }
            return dtype == DType.FLOAT64 ? upload(d, dtype) : upload(f, dtype);
        }
        CudaBuffer b = newBuffer(dtype, data.length);
        if (data.length > 0) {
            Pointer host;
            if (dtype == DType.BOOL) {
                byte[] z = new byte[data.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = data[i] != 0 ? (byte) 1 : (byte) 0;
                }
                host = Pointer.to(z);
            } else if (narrow(dtype)) {
                long[] w = new long[data.length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = wrap(dtype, data[i]);
                }
                host = Pointer.to(w);
            } else {
                host = Pointer.to(data);
            }
            bind();
            hostCopies.increment();
            CudaErrors.checkDriver(cuMemcpyHtoD(b.ptr(), host, b.bytes()), "cuMemcpyHtoD(" + b.bytes() + " bytes)");
        }
        return b;
    }

    @Override
    public void download(Buffer src, int offset, long[] dst) {
        CudaBuffer s = cuda(src);
        switch (s.dtype()) {
            case INT64, INT32, UINT8 -> copyOut(s, offset, Pointer.to(dst), dst.length);
            case BOOL -> {
                byte[] z = new byte[dst.length];
                copyOut(s, offset, Pointer.to(z), z.length);
                for (int i = 0; i < z.length; i++) {
                    dst[i] = z[i];
                }
            }
            default -> {
                double[] d = new double[dst.length];
                download(src, offset, d);
                for (int i = 0; i < d.length; i++) {
                    dst[i] = toLong(d[i]);
                }
            }
        }
    }

    @Override
    public Buffer upload(float[] data, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            double[] d = new double[data.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = data[i];
            }
            return upload(d, dtype);
        }
        CudaBuffer b = newBuffer(dtype, data.length);
        if (data.length > 0) {
            Pointer host;
            if (dtype == DType.FLOAT32) {
                host = Pointer.to(data);
            } else {
                double[] d = new double[data.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = data[i];
                }
                host = Pointer.to(d);
            }
            bind();
            hostCopies.increment();
            CudaErrors.checkDriver(cuMemcpyHtoD(b.ptr(), host, b.bytes()), "cuMemcpyHtoD(" + b.bytes() + " bytes)");
        }
        return b;
    }

    private void copyOut(CudaBuffer src, int offset, Pointer host, int count) {
        if (count == 0) {
            src.ptr();
            return;
        }
        hostCopies.increment();
        long es = elementBytes(src.dtype());
        bind();
        CudaErrors.checkDriver(cuMemcpyDtoH(host, src.ptr().withByteOffset(offset * es), count * es),
                "cuMemcpyDtoH(" + count * es + " bytes)");
    }

    @Override
    public void download(Buffer src, int offset, double[] dst) {
        CudaBuffer s = cuda(src);
        if (!s.dtype().isFloatingPoint()) {
            long[] l = new long[dst.length];
            download(src, offset, l);
            for (int i = 0; i < l.length; i++) {
                dst[i] = l[i];
            }
        } else if (s.dtype() == DType.FLOAT64) {
            copyOut(s, offset, Pointer.to(dst), dst.length);
        } else {
            float[] f = new float[dst.length];
            copyOut(s, offset, Pointer.to(f), f.length);
            for (int i = 0; i < f.length; i++) {
                dst[i] = f[i];
            }
        }
    }

    @Override
    public void download(Buffer src, int offset, float[] dst) {
        CudaBuffer s = cuda(src);
        if (!s.dtype().isFloatingPoint()) {
            long[] l = new long[dst.length];
            download(src, offset, l);
            for (int i = 0; i < l.length; i++) {
                dst[i] = l[i];
            }
        } else if (s.dtype() == DType.FLOAT32) {
            copyOut(s, offset, Pointer.to(dst), dst.length);
        } else {
            double[] d = new double[dst.length];
            copyOut(s, offset, Pointer.to(d), d.length);
            for (int i = 0; i < d.length; i++) {
                dst[i] = (float) d[i];
            }
        }
    }

    private CudaBuffer cuda(Buffer b) {
        if (b instanceof CudaBuffer c && c.backend() == this) {
            return c;
        }
        throw new IllegalArgumentException("cuda: expected a buffer of " + device + ", got " + b);
    }

    // ---------------------------------------------------------------- elementwise

    /** Queues {@code f} over {@code n} elements (grid-stride loops cover what MAX_GRID blocks do not). */
    private void launch(CUfunction f, long n, KernelArgs args) {
        long blocks = Math.min((n + BLOCK - 1) / BLOCK, MAX_GRID);
        launchGrid(f, (int) blocks, BLOCK, args);
    }

    private void launchGrid(CUfunction f, int grid, int block, KernelArgs args) {
        bind();
        deviceCalls.increment();
        CudaErrors.checkDriver(cuLaunchKernel(f, grid, 1, 1, block, 1, 1, 0, null, args.params, null), "cuLaunchKernel");
    }

    private long address(Strided s) {
        return cuda(s.buffer()).address();
    }

    @Override
    public void fill(int[] shape, Strided out, double value) {
        long n = Geometry.count(shape);
        CudaBuffer o = cuda(out.buffer());
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo("fill", shape, new int[] {out.offset()}, out.strides());
        CUfunction f = switch (o.dtype()) {
            case FLOAT32 -> fillF32;
            case FLOAT64 -> fillF64;
            default -> kernel("fill_" + suffix(o.dtype()));
        };
        double v = o.dtype() == DType.INT32 ? toInt32(value) : o.dtype() == DType.UINT8 ? wrap(o.dtype(), toLong(value))
                : value;
        launch(f, n, KernelArgs.elementwise(0, 0, o.address(), n, v, 0, 0, g));
    }

    @Override
    public void unary(UnaryOp op, int[] shape, Strided in, Strided out) {
        long n = Geometry.count(shape);
        DType ti = cuda(in.buffer()).dtype();
        DType to = cuda(out.buffer()).dtype();
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo(op.name(), shape, new int[] {in.offset(), out.offset()}, in.strides(), out.strides());
        CUfunction f;
        if (ti != to) {
            if (op != UnaryOp.COPY) {
                throw new IllegalArgumentException("cuda unary " + op + ": input " + ti.torchName()
                        + " and output " + to.torchName() + " differ; only COPY converts");
            }
            f = ti.isFloatingPoint() && to.isFloatingPoint() ? (ti == DType.FLOAT32 ? convF32F64 : convF64F32)
                    : ti.isFloatingPoint() && to == DType.INT32 ? kernel("convert_" + suffix(ti) + "_i32")
                    : kernel("convert_" + suffix(ti) + "_" + suffix(to));
        } else if ((ti == DType.INT64 || narrow(ti)) && op != UnaryOp.COPY) {
            f = kernel("unary_i64");
        } else if (!ti.isFloatingPoint()) {
            f = kernel("convert_" + suffix(ti) + "_" + suffix(to));   // COPY (and SIGN of bool, the identity)
        } else {
            f = ti == DType.FLOAT32 ? unaryF32 : unaryF64;
        }
        launch(f, n, KernelArgs.elementwise(address(in), 0, address(out), n, 0, unaryCode(op), 0, g));
        wrapNarrow(cuda(out.buffer()));
    }

    @Override
    public void binary(BinaryOp op, int[] shape, Strided a, Strided b, Strided out) {
        long n = Geometry.count(shape);
        DType t = cuda(out.buffer()).dtype();
        DType ta = cuda(a.buffer()).dtype();
        cuda(b.buffer());
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo(op.name(), shape,
                new int[] {a.offset(), b.offset(), out.offset()}, a.strides(), b.strides(), out.strides());
        // Comparisons into bool; into a float output they are gradient masks (1/0), as before.
        CUfunction f = t == DType.BOOL && op.isComparison() ? kernel("compare_" + suffix(ta))
                : t == DType.FLOAT32 ? binaryF32 : t == DType.FLOAT64 ? binaryF64 : kernel("binary_" + suffix(t));
        launch(f, n,
                KernelArgs.elementwise(address(a), address(b), address(out), n, 0, binaryCode(op), 0, g));
        wrapNarrow(cuda(out.buffer()));
    }

    @Override
    public void binaryScalar(BinaryOp op, int[] shape, Strided a, double scalar, boolean scalarFirst, Strided out) {
        long n = Geometry.count(shape);
        DType t = cuda(a.buffer()).dtype();
        DType to = cuda(out.buffer()).dtype();
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo(op.name(), shape, new int[] {a.offset(), out.offset()}, a.strides(), out.strides());
        CUfunction f;
        if (to == DType.BOOL && op.isComparison()) {
            f = kernel("compare_scalar_" + suffix(t));
        } else if (t.isFloatingPoint()) {
            f = t == DType.FLOAT32 ? scalarF32 : scalarF64;
        } else {
            // Core sends int64 arithmetic with a number as a binary op against a 0-d int64 tensor.
            throw new UnsupportedOperationException("cuda binaryScalar " + op + ": no kernel for " + t.torchName());
        }
        launch(f, n,
                KernelArgs.elementwise(address(a), 0, address(out), n, scalar, binaryCode(op), scalarFirst ? 1 : 0, g));
    }

    @Override
    public void axpy(int[] shape, double alpha, Strided x, Strided y) {
        long n = Geometry.count(shape);
        DType t = cuda(y.buffer()).dtype();
        cuda(x.buffer());
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo("axpy", shape, new int[] {x.offset(), y.offset()}, x.strides(), y.strides());
        launch(t == DType.FLOAT32 ? axpyF32 : axpyF64, n, KernelArgs.elementwise(address(x), 0, address(y), n, alpha, 0, 0, g));
    }

    @Override
    public void fma(int[] shape, Strided a, Strided b, Strided y) {
        long n = Geometry.count(shape);
        DType t = cuda(y.buffer()).dtype();
        cuda(a.buffer());
        cuda(b.buffer());
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo("fma", shape, new int[] {a.offset(), b.offset(), y.offset()}, a.strides(), b.strides(),
                y.strides());
        launch(t == DType.FLOAT32 ? fmaF32 : fmaF64, n,
                KernelArgs.elementwise(address(a), address(b), address(y), n, 0, 0, 0, g));
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, int[] shape, Strided in, boolean[] reduced, Buffer out) {
        DType t = cuda(in.buffer()).dtype();
        CudaBuffer o = cuda(out);
        long nOut = 1;
        long nRed = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                nRed *= shape[d];
            } else {
                nOut *= shape[d];
            }
        }
        if (nOut == 0) {
            return;
        }
        boolean arg = op == ReduceOp.ARGMAX;
        int[] g = Geometry.rgeo(op.name(), shape, in.offset(), in.strides(), reduced, arg);
        long dst = o.address();
        // An empty reduction (nRed == 0) may come with an empty input buffer (address 0); it is never read.
        long src = address(in);
        if (!arg && t != DType.FLOAT32 && t != DType.FLOAT64 && t != DType.INT64 && !narrow(t)) {
            throw new UnsupportedOperationException("cuda reduce " + op + ": no kernel for " + t.torchName()
                    + " (core reduces bool as int64)");
        }
        if (arg) {
            CUfunction af = o.dtype() == DType.INT64 ? kernel("argmax_" + suffix(t) + "_i64")
                    : t == DType.FLOAT32 ? argmaxF32 : argmaxF64;
            launchGrid(af, (int) Math.min(nOut, MAX_GRID), threadsFor(nRed),
                    KernelArgs.reduction(src, dst, nOut, nRed, 1, nRed, 0, g));
            return;
        }
        CUfunction f = t == DType.FLOAT32 ? reduceF32 : t == DType.FLOAT64 ? reduceF64 : kernel("reduce_i64");
        int code = op == ReduceOp.SUM ? 0 : 1;
        long parts = partsFor(nOut, nRed);
        if (parts == 1) {
            launchGrid(f, (int) Math.min(nOut, MAX_GRID), threadsFor(nRed),
                    KernelArgs.reduction(src, dst, nOut, nRed, 1, Math.max(nRed, 1), code, g));
            return;
        }
        // Few outputs, each over many elements: one block per part of each output, then a second
        // pass over the [nOut, parts] partial results.
        long chunk = (nRed + parts - 1) / parts;
        CudaBuffer partial = newBuffer(t, (int) (nOut * parts));
        try {
            launchGrid(f, (int) Math.min(nOut * parts, MAX_GRID), REDUCE_THREADS,
                    KernelArgs.reduction(src, partial.address(), nOut, nRed, parts, chunk, code, g));
            int[] pg = Geometry.rgeo(op.name(), new int[] {(int) nOut, (int) parts}, 0, new int[] {(int) parts, 1},
                    new boolean[] {false, true}, false);
            launchGrid(f, (int) Math.min(nOut, MAX_GRID), threadsFor(parts),
                    KernelArgs.reduction(partial.address(), dst, nOut, parts, 1, parts, code, pg));
        } finally {
            partial.close();
        }
    }

    private static final int REDUCE_THREADS = 256;
    /** Below this many reduced elements per output one block reduces an output alone. */
    private static final long SPLIT_REDUCTION = 16_384;

    /** Threads per block: a power of two from 32 to 256, no more than the elements to fold. */
    private static int threadsFor(long nRed) {
        int threads = 32;
        while (threads < REDUCE_THREADS && threads < nRed) {
            threads <<= 1;
        }
        return threads;
    }

    /**
     * How many blocks share one output: 1 unless the outputs are too few to fill the device and
     * each is long, then enough parts for about four blocks per multiprocessor, each of at least
     * 4,096 elements.
     */
    long partsFor(long nOut, long nRed) {
        long blocksWanted = 4L * multiprocessors;
        if (nRed < SPLIT_REDUCTION || nOut >= blocksWanted) {
            return 1;
        }
        return Math.max(1, Math.min((blocksWanted + nOut - 1) / nOut, nRed / 4096));
    }

    // ---------------------------------------------------------------- gemm

    /**
     * Row-major {@code C = op(A) op(B)} is column-major {@code C^T = op(B)^T op(A)^T}; a row-major
     * matrix read column-major is its transpose, so cuBLAS gets B first, then A, with the same
     * transpose flags, and {@code m}, {@code n} swapped.
     */
    @Override
    public void gemm(Gemm q) {
        CudaBuffer a = cuda(q.a());
        CudaBuffer b = cuda(q.b());
        CudaBuffer c = cuda(q.c());
        if (q.m() == 0 || q.n() == 0 || q.batch() == 0) {
            return;
        }
        DType t = c.dtype();
        long es = t.byteSize();
        int opB = q.transB() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opA = q.transA() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        // Leading dimensions of the column-major views: rows of B^T-view etc.; cuBLAS wants >= 1.
        int ldb = Math.max(q.ldb(), Math.max(1, q.transB() ? q.k() : q.n()));
        int lda = Math.max(q.lda(), Math.max(1, q.transA() ? q.m() : q.k()));
        int ldc = Math.max(q.ldc(), Math.max(1, q.n()));
        Pointer pc = c.ptr().withByteOffset(q.cOffset() * es);
        // With k == 0, A and B may be empty buffers; cuBLAS then only scales C by beta.
        Pointer pa = a.ptr() == null ? pc : a.ptr().withByteOffset(q.aOffset() * es);
        Pointer pb = b.ptr() == null ? pc : b.ptr().withByteOffset(q.bOffset() * es);
        bind();
        deviceCalls.increment();
        synchronized (blas) {
            int rc;
            if (t == DType.FLOAT32) {
                Pointer alpha = Pointer.to(new float[] {(float) q.alpha()});
                Pointer beta = Pointer.to(new float[] {(float) q.beta()});
                rc = JCublas2.cublasSgemmStridedBatched(blas, opB, opA, q.n(), q.m(), q.k(), alpha,
                        pb, ldb, q.strideB(), pa, lda, q.strideA(), beta, pc, ldc, q.strideC(), q.batch());
            } else {
                Pointer alpha = Pointer.to(new double[] {q.alpha()});
                Pointer beta = Pointer.to(new double[] {q.beta()});
                rc = JCublas2.cublasDgemmStridedBatched(blas, opB, opA, q.n(), q.m(), q.k(), alpha,
                        pb, ldb, q.strideB(), pa, lda, q.strideA(), beta, pc, ldc, q.strideC(), q.batch());
            }
            CudaErrors.checkBlas(rc, "cublas" + (t == DType.FLOAT32 ? "S" : "D") + "gemmStridedBatched(m=" + q.m()
                    + ", n=" + q.n() + ", k=" + q.k() + ", batch=" + q.batch() + ")");
        }
    }

    // ---------------------------------------------------------------- op codes (grad4j_kernels.cu)

    /**
     * The kernels' code of {@code op}: its position in the op table, which the {@code U_*} enum of
     * grad4j_kernels.cu lists in the same order (OpCodesTest checks it without a GPU).
     */
    static int unaryCode(UnaryOp op) {
        return op.ordinal();
    }

    /** The kernels' code of {@code op}: its position in the op table, mirrored by the {@code B_*} enum of the .cu. */
    static int binaryCode(BinaryOp op) {
        return op.ordinal();
    }

    /** The device's CUdeviceptr of {@code b}, for tests. */
    CUdeviceptr pointerOf(Buffer b) {
        return cuda(b).ptr();
    }

    // ---------------------------------------------------------------- indexing (gather, scatter, where)

    @Override
    public void gather(int[] shape, Strided src, int srcDimStride, Strided index, Strided out) {
        long n = Geometry.count(shape);
        DType t = cuda(out.buffer()).dtype();
        cuda(src.buffer());
        cuda(index.buffer());
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo("gather", shape, new int[] {src.offset(), index.offset(), out.offset()},
                src.strides(), index.strides(), out.strides());
        launch(kernel("gather_" + suffix(t)), n,
                KernelArgs.elementwise(address(src), address(index), address(out), n, 0, srcDimStride, 0, g));
    }

    @Override
    public void scatter(int[] shape, Strided src, Strided index, Strided out, int outDimStride, boolean accumulate) {
        long n = Geometry.count(shape);
        DType t = cuda(out.buffer()).dtype();
        cuda(src.buffer());
        cuda(index.buffer());
        if (n == 0) {
            return;
        }
        int[] g = Geometry.geo("scatter", shape, new int[] {src.offset(), index.offset(), out.offset()},
                src.strides(), index.strides(), out.strides());
        launch(kernel("scatter_" + suffix(t)), n, KernelArgs.elementwise(address(src), address(index), address(out), n,
                0, outDimStride, accumulate ? 1 : 0, g));
        if (accumulate) {
            wrapNarrow(cuda(out.buffer()));
        }
    }

    @Override
    public void where(int[] shape, Strided cond, Strided a, Strided b, Strided out) {
        long n = Geometry.count(shape);
        DType t = cuda(out.buffer()).dtype();
        cuda(cond.buffer());
        cuda(a.buffer());
        if (n == 0) {
            return;
        }
        unary(UnaryOp.COPY, shape, b, out);
        int[] g = Geometry.geo("where", shape, new int[] {cond.offset(), a.offset(), out.offset()},
                cond.strides(), a.strides(), out.strides());
        launch(kernel("select_" + suffix(t)), n,
                KernelArgs.elementwise(address(cond), address(a), address(out), n, 0, 0, 0, g));
    }
}
