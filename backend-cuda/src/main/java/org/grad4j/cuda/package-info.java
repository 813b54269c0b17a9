/**
 * grad4j's optional GPU backend on JCuda and cuBLAS 12.6.0.
 *
 * <p>The only public type is {@link org.grad4j.cuda.CudaBackendProvider}, found by
 * {@link java.util.ServiceLoader} as a {@link org.grad4j.spi.BackendProvider} for the device type
 * {@code cuda}. It loads no native code until its availability is asked for, and reports a missing
 * driver, device or {@code libcublas.so.12} as a reason instead of an exception.
 *
 * <p>On a usable machine the backend keeps tensors in device memory (a caching allocator with
 * per-size-class free lists; buffers are freed by {@code close()} or, as a safety net, by a
 * {@link java.lang.ref.Cleaner}), runs matrix products on cuBLAS (no TF32) and everything else on
 * CUDA C kernels shipped as PTX ({@code grad4j_kernels.ptx}, source in {@code src/main/cuda}).
 * Elementwise arithmetic rounds once per operation as on the CPU; only {@code axpy} is fused.
 * Every kernel takes one packed argument struct ({@code KernelArgs}), because JCuda's cost per
 * launch grows with the number of arguments. There is one backend per device per process.
 */
package org.grad4j.cuda;
