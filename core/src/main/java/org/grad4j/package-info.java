/**
 * grad4j's public API: {@link org.grad4j.Tensor} (n-dimensional arrays with reverse-mode autograd),
 * {@link org.grad4j.DType}, {@link org.grad4j.Device}, {@link org.grad4j.Generator},
 * {@link org.grad4j.Functional} and {@link org.grad4j.AutogradFunction}. Graph nodes, the backward
 * engine and the op implementations are package-private; backends plug in through {@link org.grad4j.spi}.
 */
package org.grad4j;
