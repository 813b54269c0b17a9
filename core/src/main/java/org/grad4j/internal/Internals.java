package org.grad4j.internal;

import org.grad4j.Tensor;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Strided;

/**
 * What {@code org.grad4j.optim} may see of a tensor beyond its public API: its layout, its backend and its
 * version counter, so an optimizer can hand a whole update to {@link org.grad4j.spi.FusedKernels}.
 * {@link Tensor} registers the implementation when it is initialised (the shared-secrets pattern: one
 * public hook in a package the module does not export).
 */
public final class Internals {
    /** The operations on a tensor's internals. */
    public interface TensorAccess {
        /**
         * The tensor's buffer, offset and strides.
         *
         * @param t a tensor whose memory has not been released
         * @return its layout
         */
        Strided strided(Tensor t);

        /**
         * The tensor's backend.
         *
         * @param t a tensor
         * @return the backend holding its memory
         */
        Backend backend(Tensor t);

        /**
         * The tensor's sizes: its own array, not a copy (unlike {@code Tensor.shape()}); never write to it.
         *
         * @param t a tensor
         * @return its shape
         */
        int[] shape(Tensor t);

        /**
         * Records an in-place change of the tensor's values, as every in-place op does.
         *
         * @param t the tensor written to
         */
        void bumpVersion(Tensor t);
    }

    private static volatile TensorAccess tensors;

    private Internals() {
    }

    /**
     * Called once by {@link Tensor}'s initialiser.
     *
     * @param access the implementation
     */
    public static void register(TensorAccess access) {
        if (tensors != null) {
            throw new IllegalStateException("Internals: tensor access registered twice");
        }
        tensors = access;
    }

    /**
     * The tensor internals; any existing tensor means {@link Tensor} is initialised.
     *
     * @return the registered access
     */
    public static TensorAccess tensors() {
        TensorAccess t = tensors;
        if (t == null) {
            try {
                Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Internals: cannot initialise Tensor", e);
            }
            t = tensors;
        }
        return t;
    }
}
