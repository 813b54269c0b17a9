package org.grad4j.nn;

/** The lazy modules' common question, PyTorch's {@code LazyModuleMixin.has_uninitialized_params}. */
interface LazyModule {
    boolean hasUninitializedParams();
}
