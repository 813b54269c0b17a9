package org.grad4j.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * A {@link CUdeviceptr} that can tell its address: kernels take their buffers' addresses inside
 * one argument struct (see {@link KernelArgs}), and JCuda keeps a pointer's address to itself.
 */
final class DevicePointer extends CUdeviceptr {
    /** The device address; valid once {@code cuMemAlloc} has filled this pointer in. */
    long address() {
        return getNativePointer() + getByteOffset();
    }
}
