package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** PyTorch's movedim, swapaxes, mT, tile, meshgrid and the hstack family, as views, repeats and cats. */
final class MoreShapeOps {
    private MoreShapeOps() {
    }

    /** {@code torch.movedim}: the dims {@code source} moved to {@code destination}, the others in order (a permute view). */
    static Tensor movedim(Tensor x, int[] source, int[] destination) {
        if (x == null || source == null || destination == null) {
            throw new IllegalArgumentException("movedim: expected a tensor and two dim lists, got null");
        }
        if (source.length != destination.length) {
            throw new IllegalArgumentException("movedim: Invalid source or destination dims: source ("
                    + Arrays.toString(source) + " dims) should contain the same number of dims as destination ("
                    + Arrays.toString(destination) + " dims)");
        }
        int n = x.dim();
        int[] src = normalize("movedim", source, n, "source");
        int[] dst = normalize("movedim", destination, n, "destination");
        if (n == 0) {
            return Views.alias(x);   // PyTorch: an alias of a 0-D tensor (AliasBackward0)
        }
        int[] order = new int[n];
        Arrays.fill(order, -1);
        boolean[] used = new boolean[n];
        for (int i = 0; i < src.length; i++) {
            order[dst[i]] = src[i];
            used[src[i]] = true;
        }
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (order[i] == -1) {
                while (used[next]) {
                    next++;
                }
                order[i] = next++;
            }
        }
        return x.permute(order);
    }

    private static int[] normalize(String op, int[] dims, int rank, String which) {
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Shapes.dim(op, dims[i], rank);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": repeated dim in `" + which + "` (" + Arrays.toString(dims) + ")");
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** {@code x.mT}: the last two dims transposed (a view); a 0-D tensor is returned itself, 1-D refused (PyTorch 1.13). */
    static Tensor mT(Tensor x) {
        if (x.dim() == 0) {
            return x;
        }
        if (x.dim() < 2) {
            throw new IllegalArgumentException("mT: tensor.mT is only supported on matrices or batches of matrices. Got "
                    + x.dim() + "-D tensor (shape " + Shapes.str(x.shape) + ")");
        }
        return x.transpose(-2, -1);
    }

    /** {@code torch.tile}: {@code repeat} with the dims list left-padded with ones to the tensor's rank. */
    static Tensor tile(Tensor x, int[] dims) {
        if (x == null || dims == null) {
            throw new IllegalArgumentException("tile: expected a tensor and a dims list, got null");
        }
        int n = Math.max(x.dim(), dims.length);
        int[] reps = new int[n];
        Arrays.fill(reps, 1);
        System.arraycopy(dims, 0, reps, n - dims.length, dims.length);
        return x.repeat(reps);
    }

    /** {@code torch.meshgrid(*tensors, indexing)}: 0-D or 1-D tensors expanded to the grid (views). */
    static List<Tensor> meshgrid(String indexing, Tensor... tensors) {
        if (tensors == null || tensors.length == 0) {
            throw new IllegalArgumentException("meshgrid: expects a non-empty TensorList");
        }
        if (!"ij".equals(indexing) && !"xy".equals(indexing)) {
            throw new IllegalArgumentException("meshgrid: indexing must be one of \"xy\" or \"ij\", but received: " + indexing);
        }
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t == null) {
                throw new IllegalArgumentException("meshgrid: tensor " + i + " is null");
            }
            if (t.dim() > 1) {
                throw new IllegalArgumentException("meshgrid: Expected 0D or 1D tensor in the tensor list but got a "
                        + t.dim() + "-D tensor of shape " + Shapes.str(t.shape) + " at position " + i);
            }
            if (t.dtype != tensors[0].dtype) {
                throw new IllegalArgumentException("meshgrid: expects all tensors to have the same dtype (got "
                        + tensors[0].dtype.torchName() + " and " + t.dtype.torchName() + ")");
            }
            Pointwise.checkSameDevice("meshgrid", tensors[0], t);
        }
        // PyTorch's xy: the first two inputs swapped, the ij grids made, then the first two grids swapped back
        boolean swap = indexing.equals("xy") && tensors.length >= 2;
        Tensor[] in = tensors.clone();
        if (swap) {
            in[0] = tensors[1];
            in[1] = tensors[0];
        }
        int[] shape = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            shape[i] = (int) in[i].numel();
        }
        Tensor[] out = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            int[] view = new int[in.length];
            Arrays.fill(view, 1);
            view[i] = -1;
            out[i] = in[i].view(view).expand(shape);
        }
        if (swap) {
            Tensor first = out[0];
            out[0] = out[1];
            out[1] = first;
        }
        return List.of(out);
    }

    private static List<Tensor> checked(String op, List<Tensor> tensors) {
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException(op + ": expects a non-empty TensorList");
        }
        for (Tensor t : tensors) {
            if (t == null) {
                throw new IllegalArgumentException(op + ": the tensor list holds a null");
            }
        }
        return tensors;
    }

    /** {@code torch.atleast_1d/2d/3d} of one tensor, as views: PyTorch's placement of the added dims. */
    private static Tensor atLeast(Tensor t, int rank) {
        if (t.dim() >= rank) {
            return t;
        }
        return switch (rank) {
            case 1 -> t.reshape(1);
            case 2 -> t.dim() == 0 ? t.reshape(1, 1) : t.unsqueeze(0);
            default -> t.dim() == 0 ? t.reshape(1, 1, 1) : t.dim() == 1 ? t.unsqueeze(0).unsqueeze(-1) : t.unsqueeze(-1);
        };
    }

    private static List<Tensor> atLeast(List<Tensor> tensors, int rank) {
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            out.add(atLeast(t, rank));
        }
        return out;
    }

    static Tensor hstack(List<Tensor> tensors) {
        List<Tensor> rep = atLeast(checked("hstack", tensors), 1);
        return Tensor.cat(rep, rep.get(0).dim() == 1 ? 0 : 1);
    }

    static Tensor vstack(List<Tensor> tensors) {
        return Tensor.cat(atLeast(checked("vstack", tensors), 2), 0);
    }

    static Tensor dstack(List<Tensor> tensors) {
        return Tensor.cat(atLeast(checked("dstack", tensors), 3), 2);
    }

    static Tensor columnStack(List<Tensor> tensors) {
        List<Tensor> rep = new ArrayList<>();
        for (Tensor t : checked("column_stack", tensors)) {
            rep.add(t.dim() <= 1 ? t.reshape((int) t.numel(), 1) : t);
        }
        return Tensor.cat(rep, 1);
    }
}
