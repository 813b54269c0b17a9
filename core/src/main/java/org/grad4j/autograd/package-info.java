/**
 * Autograd controls: per-thread grad mode ({@link org.grad4j.autograd.GradMode}) and gradient
 * checking by finite differences ({@link org.grad4j.autograd.GradCheck}). The graph itself is built by
 * {@link org.grad4j.Tensor} operations; custom differentiable functions extend
 * {@link org.grad4j.AutogradFunction}.
 */
package org.grad4j.autograd;
