/**
 * grad4j's public API: {@link org.grad4j.Tensor} (n-dimensional arrays with reverse-mode autograd),
 * {@link org.grad4j.DType}, {@link org.grad4j.Device}, {@link org.grad4j.Generator},
 * {@link org.grad4j.Functional} and {@link org.grad4j.AutogradFunction}. Graph nodes, the backward
 * engine and the op implementations are package-private; backends plug in through {@link org.grad4j.spi}.
 *
 * <h2>Thread safety</h2>
 * <ul>
 * <li><b>Safe:</b> independent models, tensors and optimizers used on different threads at the same
 *     time; their results are bit-for-bit those of a single-threaded run (tested). Grad mode
 *     ({@link org.grad4j.autograd.GradMode}) and anomaly mode ({@link org.grad4j.autograd.AnomalyMode})
 *     are per thread. Backend lookup, {@link org.grad4j.Generator} (its methods are synchronized) and
 *     {@link org.grad4j.io.Safetensors} may be used from any thread.</li>
 * <li><b>Not safe:</b> a {@link org.grad4j.Tensor}, its views (they share storage and a version counter),
 *     its gradient, a graph built from it, a {@link org.grad4j.nn.Module} or an
 *     {@link org.grad4j.optim.Optimizer} used by two threads at once without external synchronization
 *     (for example, one thread running {@code backward()} or {@code step()} while another reads or
 *     changes the same parameters). Hand such objects between threads with a happens-before edge
 *     (an executor, a lock, a concurrent queue).</li>
 * <li><b>Process-wide:</b> {@link org.grad4j.Tensor#setDefaultDType}, the default device and
 *     {@link org.grad4j.Generator#defaultGenerator()} are shared by all threads; code that runs models on
 *     several threads should pass dtypes, devices and its own generators explicitly, or the order in which
 *     threads draw from the shared generator decides their initial values.</li>
 * </ul>
 */
package org.grad4j;
