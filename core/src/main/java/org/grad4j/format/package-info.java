/**
 * Printers that reproduce, character for character, how the reference libraries print numbers:
 * {@link org.grad4j.format.PythonFloat} (CPython's {@code repr(float)} and NumPy's float32 scalar
 * repr, with shortest round-trip digits), {@link org.grad4j.format.NumpyFormat} (NumPy 1.24's
 * {@code str(ndarray)}) and {@link org.grad4j.format.TorchFormat} (PyTorch 1.13's
 * {@code repr(tensor)}).
 *
 * <p>All functions are pure and work on plain Java arrays (row-major values plus a shape), so the
 * tensor classes can call them without this package depending on them. The expected outputs are
 * checked against golden data produced by the real libraries
 * ({@code tools/golden/format_golden.py}).
 */
package org.grad4j.format;
