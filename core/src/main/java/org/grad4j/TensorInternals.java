package org.grad4j;

import org.grad4j.internal.Internals;
import org.grad4j.spi.Backend;
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
}
