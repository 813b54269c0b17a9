/**
 * Layers and losses, PyTorch's {@code torch.nn}: {@link org.grad4j.nn.Module}, {@link org.grad4j.nn.Linear},
 * {@link org.grad4j.nn.Sequential}, activations and {@link org.grad4j.nn.MSELoss}.
 */
package org.grad4j.nn;
