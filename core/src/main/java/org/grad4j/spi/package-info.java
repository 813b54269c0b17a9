/**
 * The backend service-provider interface. A backend implements a small set of kernels on opaque
 * {@link org.grad4j.spi.Buffer}s ({@link org.grad4j.spi.Backend}) and is found through
 * {@link java.util.ServiceLoader} by its {@link org.grad4j.spi.BackendProvider}. Backends never see
 * tensors, graphs or gradients: core composes every operation and its derivative from these primitives.
 */
package org.grad4j.spi;
