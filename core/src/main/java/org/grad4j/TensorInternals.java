package org.grad4j;

import java.util.function.Function;

import org.grad4j.internal.Internals;
import org.grad4j.spi.Backend;
import org.grad4j.spi.Buffer;
import org.grad4j.spi.Strided;

/** {@link Internals.TensorAccess} over Tensor's package-private members. */
final class TensorInternals implements Internals.TensorAccess {
    @Override
    public Strided strided(Tensor t) {
        return t.strided();
    }

    @Override
    public Backend backend(Tensor t) {
        return t.backend();
    }

    @Override
    public int[] shape(Tensor t) {
        return t.shape;
    }

    @Override
    public void bumpVersion(Tensor t) {
        t.bumpVersion();
    }

    @Override
    public Tensor adopt(float[] data, DType dtype, Device device, int[] shape) {
        return adopted(dtype, device, shape, backend -> backend.adopt(data, dtype));
    }

    @Override
    public Tensor adopt(double[] data, DType dtype, Device device, int[] shape) {
        return adopted(dtype, device, shape, backend -> backend.adopt(data, dtype));
    }

    /** A contiguous tensor over the buffer {@code adopt} makes on {@code device}'s backend. */
    private static Tensor adopted(DType dtype, Device device, int[] shape, Function<Backend, Buffer> adopt) {
        Backend backend = Backends.get(device);
        int[] s = shape.clone();
        Buffer buffer = Allocation.guard("Tensor.of", s, dtype, backend, () -> adopt.apply(backend));
        return new Tensor(new Tensor.Storage(buffer, backend), s, Shapes.contiguousStrides(s), 0, dtype);
    }

    @Override
    public Tensor overStorage(Tensor base, int[] shape, int[] strides, int offset) {
        // As Views.view: a tensor without elements never reads its storage, so offset 0 keeps backends in bounds.
        int at = Shapes.numel(shape) == 0 ? 0 : offset;
        return new Tensor(base.storage, shape.clone(), strides.clone(), at, base.dtype);
    }

    @Override
    public void zeroGrad(Tensor t) {
        t.zeroGradLazily();
    }

    @Override
    public Tensor[] grad(Tensor output, Tensor gradOutput, java.util.List<Tensor> inputs, boolean retainGraph,
                         boolean createGraph, boolean allowUnused) {
        return Engine.autogradGrad(output, gradOutput, inputs, retainGraph, createGraph, allowUnused);
    }

    @Override
    public void threadDefaultGenerator(Generator generator) {
        Generator.threadDefault(generator);
    }

    @Override
    public Tensor mulTemporary(Tensor input, Tensor temporary) {
        Tensor out = input.mul(temporary);
        Node fn = out.gradFn();
        if (fn != null) {
            fn.ownSavedStorage(temporary);   // MulBackward0 saved it
        } else if (out.storage != temporary.storage) {
            temporary.storage.release();
        }
        return out;
    }
}
