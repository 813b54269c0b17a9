package org.grad4j.spark;

import java.io.Serializable;
import java.util.function.Supplier;
import org.grad4j.nn.Module;

/**
 * Builds the model's architecture; serializable, so executors can build their own copy. The parameter values it
 * initializes matter only on the driver (executors receive the driver's values every step), so give it a fixed
 * seed ({@code new Generator(seed)}) for reproducible runs.
 */
@FunctionalInterface
public interface ModuleFactory extends Supplier<Module>, Serializable {
}
