package org.grad4j.spi;

/**
 * A strided view of a buffer: element {@code (i0, i1, ...)} of an operand with the shape passed
 * alongside lives at {@code offset + i0*strides[0] + i1*strides[1] + ...}. A stride of 0 repeats
 * the same element, which is how core expresses broadcasting to a backend.
 *
 * @param buffer  the allocation
 * @param offset  element offset of index (0, ..., 0)
 * @param strides one stride per dimension, in elements
 */
public record Strided(Buffer buffer, int offset, int[] strides) {
}
