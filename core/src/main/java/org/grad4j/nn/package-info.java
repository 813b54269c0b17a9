/**
 * Layers and losses, PyTorch's {@code torch.nn}: {@link org.grad4j.nn.Module} (parameters, buffers,
 * train/eval, state dicts, dtype and device conversion), {@link org.grad4j.nn.Linear},
 * {@link org.grad4j.nn.Dropout}, {@link org.grad4j.nn.LayerNorm}, {@link org.grad4j.nn.BatchNorm1d},
 * {@link org.grad4j.nn.Flatten}, {@link org.grad4j.nn.Identity}, activations, the containers
 * {@link org.grad4j.nn.Sequential}, {@link org.grad4j.nn.ModuleList} and {@link org.grad4j.nn.ModuleDict},
 * {@link org.grad4j.nn.MSELoss}, and {@link org.grad4j.nn.Init} ({@code torch.nn.init}).
 *
 * <p>{@link org.grad4j.nn.Module#call} is PyTorch's {@code module(x)}: it runs the module's forward pre-hooks,
 * {@code forward}, forward hooks and full backward hooks ({@code registerForwardPreHook}, ...); containers call their
 * children through it, and {@code forward} called directly skips the module's own hooks, as in PyTorch.
 *
 * <p>Import {@code Module} by its single name ({@code import org.grad4j.nn.Module;}), also next to
 * {@code import org.grad4j.nn.*;}: otherwise the name is ambiguous with {@code java.lang.Module}.
 *
 * <p>Sequence models: {@link org.grad4j.nn.RNN}, {@link org.grad4j.nn.LSTM}, {@link org.grad4j.nn.GRU} and their
 * cells, {@link org.grad4j.nn.MultiheadAttention}, {@link org.grad4j.nn.TransformerEncoderLayer},
 * {@link org.grad4j.nn.TransformerEncoder}, {@link org.grad4j.nn.TransformerDecoderLayer},
 * {@link org.grad4j.nn.TransformerDecoder} and {@link org.grad4j.nn.Transformer}, computed in PyTorch 1.13's order of
 * operations; {@link org.grad4j.nn.RnnUtils} ({@code torch.nn.utils.rnn}) packs variable-length batches into a
 * {@link org.grad4j.nn.PackedSequence} that the recurrent layers run ({@code forwardPacked}).
 *
 * <p>Convolutions and poolings in 1 to 3 dimensions ({@link org.grad4j.nn.Conv3d}, {@link org.grad4j.nn.MaxPool3d},
 * ...), the padding modules ({@link org.grad4j.nn.ReflectionPad2d}, ...), {@link org.grad4j.nn.Fold},
 * {@link org.grad4j.nn.EmbeddingBag} and the other layers of {@code torch.nn}, each with PyTorch's parameters and
 * initial values for the same seed.
 */
package org.grad4j.nn;
