package org.grad4j.spi;

import org.grad4j.DType;

/**
 * One allocation on one device: {@link #length()} elements of {@link #dtype()}, contiguous.
 * Tensors are strided views over buffers; a buffer knows nothing about shapes or autograd.
 * Closing a buffer returns its memory to the backend; using it afterwards is an error.
 */
public interface Buffer extends AutoCloseable {
    /**
     * Element type.
     *
     * @return the dtype of every element
     */
    DType dtype();

    /**
     * Number of elements.
     *
     * @return the capacity in elements
     */
    int length();

    /**
     * The backend that owns this allocation.
     *
     * @return the owning backend
     */
    Backend backend();

    /** Releases the memory now; idempotent. */
    @Override
    void close();
}
