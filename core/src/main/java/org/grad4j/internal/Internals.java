package org.grad4j.internal;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Strided;

/**
 * What {@code org.grad4j.optim} may see of a tensor beyond its public API: its layout, its backend and its
 * version counter, so an optimizer can hand a whole update to {@link org.grad4j.spi.FusedKernels}; and, for
 * {@code nn.Dropout} and {@code data}'s collation, a tensor built around an array they hand over.
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

        /**
         * A contiguous tensor holding {@code data}, which the caller hands over and never touches again
         * ({@link org.grad4j.spi.Backend#adopt(float[], DType)}: on the CPU no copy). The caller has checked
         * the arguments: {@code data.length} is the product of {@code shape}, {@code dtype} is floating.
         *
         * @param data the values in row-major order
         * @param dtype float32 or float64
         * @param device where the tensor lives
         * @param shape its sizes
         * @return the new tensor
         */
        Tensor adopt(float[] data, DType dtype, Device device, int[] shape);

        /**
         * {@link #adopt(float[], DType, Device, int[])} for double values.
         *
         * @param data the values in row-major order
         * @param dtype float32 or float64
         * @param device where the tensor lives
         * @param shape its sizes
         * @return the new tensor
         */
        Tensor adopt(double[] data, DType dtype, Device device, int[] shape);

        /**
         * A new tensor over {@code base}'s memory with sizes, strides and offset of its own: PyTorch's
         * {@code tensor.set_(storage, offset, size, stride)} as {@code torch.load} rebuilds tensors that share
         * a storage. It is not a view of {@code base} for autograd (no grad_fn, its own leaf) and shares its
         * version counter. The caller has checked that every element lies inside the base's buffer.
         *
         * @param base a contiguous tensor holding the whole storage
         * @param shape the sizes
         * @param strides the strides, in elements, non-negative
         * @param offset the storage offset, in elements
         * @return the new tensor
         */
        Tensor overStorage(Tensor base, int[] shape, int[] strides, int offset);

        /**
         * {@code input.mul(temporary)} for a {@code temporary} the caller made, holds alone and drops after
         * this call (a dropout mask): its memory goes back to the backend once the product's backward has
         * used it (with the graph, as PyTorch frees saved tensors), or at once when nothing saved it.
         *
         * @param input the tensor to scale
         * @param temporary the caller's own tensor; the caller must not use it afterwards
         * @return the product, as {@link Tensor#mul(Tensor)} returns it
         */
        Tensor mulTemporary(Tensor input, Tensor temporary);

        /**
         * PyTorch 1.13's {@code zero_grad(set_to_none=False)} on one leaf: a gradient it has reads as zeros
         * from now on; its memory is released (zeros are made when read or added to).
         *
         * @param t a leaf
         */
        void zeroGrad(Tensor t);

        /**
         * {@code torch.autograd.grad} for {@code org.grad4j.autograd.Autograd}.
         *
         * @param output the tensor differentiated
         * @param gradOutput its gradient, or null for a one-element output
         * @param inputs the tensors to differentiate with respect to
         * @param retainGraph whether to keep the graph's saved tensors
         * @param createGraph whether the pass records the graph of the gradients
         * @param allowUnused whether an input no gradient reaches gives null rather than an error
         * @return one gradient per input
         */
        Tensor[] grad(Tensor output, Tensor gradOutput, java.util.List<Tensor> inputs, boolean retainGraph,
                      boolean createGraph, boolean allowUnused);

        /**
         * Gives the calling thread its own default generator (a DataLoader worker's, seeded base_seed + id as
         * PyTorch seeds a worker process), or with null returns it to the process-wide one.
         *
         * @param generator the thread's default generator, or null
         */
        void threadDefaultGenerator(org.grad4j.Generator generator);
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
