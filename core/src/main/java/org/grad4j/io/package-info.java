/**
 * Checkpoints in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, readable
 * and writable by PyTorch: {@link org.grad4j.io.Safetensors}.
 *
 * <p>Writes are atomic (temporary file in the same directory, {@code fsync}, atomic rename), so a crash
 * leaves either the old file or the new one, never a half-written one. Reads validate the whole file
 * before creating any tensor, and loading into a {@link org.grad4j.nn.Module} or an
 * {@link org.grad4j.optim.SGD} checks every name, shape and dtype before writing anything.
 *
 * <p>PyTorch's own checkpoints, the zip archives of {@code torch.save}: {@link org.grad4j.io.TorchFiles}, read
 * with a restricted unpickler that executes nothing (PyTorch's {@code weights_only} whitelist) and written with
 * the bytes PyTorch 1.13 writes.
 */
package org.grad4j.io;
