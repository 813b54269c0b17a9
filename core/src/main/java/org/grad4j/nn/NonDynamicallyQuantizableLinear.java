package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;

/** {@link MultiheadAttention}'s output projection: a {@link Linear} under PyTorch's class name, for its repr. */
final class NonDynamicallyQuantizableLinear extends Linear {
    NonDynamicallyQuantizableLinear(int features, boolean bias, Generator generator, DType dtype, Device device) {
        super(features, features, bias, generator, dtype, device);
    }
}
