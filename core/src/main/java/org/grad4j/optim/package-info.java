/** Optimizers, PyTorch's {@code torch.optim}: {@link org.grad4j.optim.SGD}. */
package org.grad4j.optim;
