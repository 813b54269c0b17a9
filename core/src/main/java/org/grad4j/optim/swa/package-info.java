/**
 * PyTorch's {@code torch.optim.swa_utils}: stochastic weight averaging ({@link org.grad4j.optim.swa.AveragedModel},
 * {@link org.grad4j.optim.swa.SwaUtils#updateBn}); the annealing scheduler is
 * {@link org.grad4j.optim.lrscheduler.SWALR}.
 */
package org.grad4j.optim.swa;
