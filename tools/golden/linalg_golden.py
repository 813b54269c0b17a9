#!/usr/bin/python3
"""Golden cases for org.grad4j.Linalg (torch.linalg) from PyTorch 1.13 (CPU, Debian's reference BLAS/LAPACK).

    /usr/bin/python3 tools/golden/linalg_golden.py

Writes core/src/test/resources/golden/linalg.json.gz, read by LinalgConformance, in tensor_ops.json's format (op +
args as the Java suite's switch spells them, inputs, PyTorch's output or error, the gradient of (out * w).sum() for
each floating input, grad_fn's name), plus "backward_error" where PyTorch's forward works but its backward raises.
Eigenvectors and singular vectors are unique only up to sign: those cases return them with each column (for Vh,
each row) multiplied by the sign of U's (V's) column sum, which the Java suite applies too; the extra columns of a
full U (rows of a full Vh) are not unique at all and are left out (LinalgConformance checks their orthogonality).
Inputs are well conditioned, so that float32 results agree to ~1e-5 whatever the algorithm.
"""
import gzip
import os
import shutil
import sys
import warnings

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import tensor_ops_golden as golden  # noqa: E402
from tensor_ops_golden import ROOT, collect, enc, sample, write  # noqa: E402

OUT = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "linalg.json")   # then gzipped
golden.use_rng(np.random.default_rng(20261203))
L = torch.linalg
INF = float("inf")
# 1.13's backward fails for a vector right-hand side of lstsq and for solve with A 1x1 and B 1-D (shape bugs)
PYTORCH_BUGS = ("returned an invalid gradient", "Dimension out of range", "cannot be multiplied")


def blas_check():
    with open("/proc/self/maps") as f:
        maps = f.read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(lib.startswith(REF_BLAS + "/libblas.so") for lib in libs), libs


def case(op, args, inputs, fn):
    """tensor_ops_golden.case, plus PyTorch's error when only the backward fails."""
    leaves = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    c = {"op": op, "args": args, "transpose": False, "inputs": [enc(x) for x in leaves]}
    try:
        out = fn(*leaves)
    except Exception as e:  # PyTorch refuses: grad4j must refuse too
        c["error"] = type(e).__name__ + ": " + str(e).split("\n")[0]
        return c
    c["out"] = enc(out)
    if out.requires_grad:
        w = sample(list(out.shape), out.dtype)
        c["grad_fn"] = out.grad_fn.name()
        try:
            (out * w).sum().backward()
        except Exception as e:
            msg = type(e).__name__ + ": " + str(e).split("\n")[0]
            if any(bug in msg for bug in PYTORCH_BUGS):
                c["backward_bug"] = msg   # grad4j's gradient is checked by gradcheck instead
            else:
                c["backward_error"] = msg
            return c
        c["w"] = enc(w)
        c["grads"] = [enc(x.grad) if x.grad is not None else None for x in leaves]
    return c


def square(shape, dt):
    """Well-conditioned square matrices: random plus a multiple of the identity."""
    n = shape[-1]
    return (sample(shape, torch.float64, -1, 1) + 2.5 * torch.eye(n, dtype=torch.float64)).to(dt)


def spd(shape, dt):
    x = sample(shape, torch.float64, -1, 1)
    return (x @ x.mT + shape[-1] * torch.eye(shape[-1], dtype=torch.float64)).to(dt)


def sym(shape, dt):
    """Symmetric with well separated eigenvalues."""
    x = sample(shape, torch.float64, -1, 1)
    n = shape[-1]
    return ((x + x.mT) / 2 + torch.diag(torch.arange(n, dtype=torch.float64) * 2.0)).to(dt)


def signs(u):
    """The sign of each column sum of u (never zero for these inputs), detached."""
    return torch.sign(u.detach().sum(-2, keepdim=True))


def ints33():
    return torch.ones(3, 3, dtype=torch.int64)


def det_cases(dt):
    for shape in ([3, 3], [2, 4, 4], [1, 1], [2, 1, 3, 3]):
        x = square(shape, dt)
        yield case("det", {}, [x], L.det)
        yield case("det_tensor", {}, [x], torch.Tensor.det)
        yield case("logdet", {}, [x], torch.Tensor.logdet)
        for part, i in (("sign", 0), ("logabsdet", 1)):
            yield case("slogdet", {"part": part}, [x], (lambda j: lambda a: L.slogdet(a)[j])(i))
    neg = torch.tensor([[0.5, 2.0], [1.5, 0.25]], dtype=dt)     # det < 0
    yield case("det", {}, [neg], L.det)
    yield case("logdet", {}, [neg], torch.Tensor.logdet)
    yield case("slogdet", {"part": "logabsdet"}, [neg], lambda a: L.slogdet(a)[1])
    singular = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.5, 0.25]], dtype=dt)   # rank 2
    yield case("det", {}, [singular], L.det)
    yield case("det", {}, [torch.zeros(0, 0, dtype=dt)], L.det)
    yield case("det", {}, [torch.zeros(2, 0, 0, dtype=dt)], L.det)
    yield case("det", {}, [sample([2, 3], dt)], L.det)
    yield case("det", {}, [sample([3], dt)], L.det)
    yield case("slogdet", {"part": "sign"}, [sample([2, 3], dt)], lambda a: L.slogdet(a)[0])
    yield case("logdet", {}, [sample([2, 3], dt)], torch.Tensor.logdet)


def inv_cases(dt):
    for shape in ([3, 3], [2, 4, 4], [1, 1], [0, 0]):
        x = square(shape, dt)
        yield case("inv", {}, [x], L.inv)
        yield case("inverse", {}, [x], torch.Tensor.inverse)
    zero = torch.zeros(3, 3, dtype=dt)
    yield case("inv", {}, [zero], L.inv)
    batch = torch.stack([torch.eye(3, dtype=dt), torch.tensor([[1.0, 2, 3], [4, 5, 6], [0, 0, 0]], dtype=dt)])
    yield case("inv", {}, [batch], L.inv)
    yield case("inverse", {}, [zero], torch.Tensor.inverse)
    yield case("inv", {}, [sample([2, 3], dt)], L.inv)


def solve_cases(dt):
    for ashape, bshape in (([3, 3], [3]), ([3, 3], [3, 2]), ([2, 3, 3], [2, 3]), ([2, 3, 3], [3, 2]),
                           ([3, 3], [2, 3, 1]), ([2, 1, 4, 4], [3, 4, 2]), ([2, 3, 3], [2, 3, 4]), ([1, 1], [1])):
        yield case("solve", {}, [square(ashape, dt), sample(bshape, dt)], L.solve)
    yield case("solve", {}, [torch.zeros(3, 3, dtype=dt), sample([3], dt)], L.solve)
    yield case("solve", {}, [torch.stack([torch.eye(3, dtype=dt), torch.zeros(3, 3, dtype=dt)]), sample([2, 3, 1], dt)],
               L.solve)
    yield case("solve", {}, [square([3, 3], dt), sample([4], dt)], L.solve)
    yield case("solve", {}, [square([3, 3], dt), sample([4, 2], dt)], L.solve)
    yield case("solve", {}, [sample([2, 3], dt), sample([2], dt)], L.solve)
    yield case("solve", {}, [square([2, 3, 3], dt), sample([4, 3, 1], dt)], L.solve)


def cholesky_cases(dt):
    for shape in ([3, 3], [2, 4, 4], [1, 1]):
        x = spd(shape, dt)
        yield case("cholesky", {"upper": False}, [x], L.cholesky)
        yield case("cholesky", {"upper": True}, [x], lambda a: L.cholesky(a, upper=True))
        yield case("cholesky_tensor", {"upper": False}, [x], torch.Tensor.cholesky)
        yield case("cholesky_tensor", {"upper": True}, [x], lambda a: a.cholesky(upper=True))
    yield case("cholesky", {"upper": False}, [-torch.eye(3, dtype=dt)], L.cholesky)
    yield case("cholesky", {"upper": False}, [torch.tensor([[1.0, 2.0], [2.0, 1.0]], dtype=dt)], L.cholesky)
    yield case("cholesky", {"upper": False}, [torch.stack([torch.eye(3, dtype=dt), -torch.eye(3, dtype=dt)])],
               L.cholesky)
    yield case("cholesky", {"upper": False}, [sample([2, 3], dt)], L.cholesky)


def qr_cases(dt):
    for shape in ([4, 3], [3, 3], [3, 5], [2, 4, 3], [2, 2, 3], [5, 1]):
        x = sample(shape, dt)
        for mode in ("reduced", "complete", "r"):
            for part, i in (("Q", 0), ("R", 1)):
                if mode == "r" and part == "Q":
                    continue
                yield case("qr", {"mode": mode, "part": part}, [x], (lambda m, j: lambda a: L.qr(a, mode=m)[j])(mode, i))
    for some in (True, False):
        for part, i in (("Q", 0), ("R", 1)):
            yield case("qr_tensor", {"some": some, "part": part}, [sample([4, 3], dt)],
                       (lambda sm, j: lambda a: a.qr(some=sm)[j])(some, i))
    yield case("qr", {"mode": "foo", "part": "R"}, [sample([3, 3], dt)], lambda a: L.qr(a, mode="foo")[1])
    yield case("qr", {"mode": "reduced", "part": "R"}, [sample([3], dt)], lambda a: L.qr(a)[1])


def eigh_cases(dt):
    for shape in ([3, 3], [2, 4, 4], [1, 1], [5, 5]):
        x = sym(shape, dt)
        for uplo in ("L", "U"):
            yield case("eigh", {"UPLO": uplo, "part": "eigenvalues"}, [x], (lambda u: lambda a: L.eigh(a, UPLO=u)[0])(uplo))
            yield case("eigh", {"UPLO": uplo, "part": "eigenvectors"}, [x],
                       (lambda u: lambda a: (lambda v: v * signs(v))(L.eigh(a, UPLO=u)[1]))(uplo))
            yield case("eigvalsh", {"UPLO": uplo}, [x], (lambda u: lambda a: L.eigvalsh(a, UPLO=u))(uplo))
    # not symmetric: only the chosen triangle is read
    x = sample([3, 3], dt) + torch.diag(torch.tensor([0.0, 3.0, 6.0], dtype=dt))
    for uplo in ("L", "U"):
        yield case("eigh", {"UPLO": uplo, "part": "eigenvalues"}, [x], (lambda u: lambda a: L.eigh(a, UPLO=u)[0])(uplo))
        yield case("eigh", {"UPLO": uplo, "part": "eigenvectors"}, [x],
                   (lambda u: lambda a: (lambda v: v * signs(v))(L.eigh(a, UPLO=u)[1]))(uplo))
    yield case("eigh", {"UPLO": "X", "part": "eigenvalues"}, [sym([3, 3], dt)], lambda a: L.eigh(a, UPLO="X")[0])
    yield case("eigh", {"UPLO": "L", "part": "eigenvalues"}, [sample([2, 3], dt)], lambda a: L.eigh(a)[0])
    yield case("eigvalsh", {"UPLO": "L"}, [sample([3], dt)], L.eigvalsh)


def svd_part(a, full, part):
    u, s, vh = L.svd(a, full_matrices=full)
    k = s.shape[-1]
    u, vh = u[..., :k], vh[..., :k, :]
    sg = signs(u)
    return {"U": lambda: u * sg, "S": lambda: s, "Vh": lambda: vh * sg.mT}[part]()


def svd_cases(dt):
    for shape in ([3, 3], [4, 3], [3, 5], [2, 4, 2], [2, 2, 3], [1, 1], [4, 1]):
        x = sample(shape, dt)
        for full in (False, True):
            for part in ("U", "S", "Vh"):
                yield case("svd", {"full_matrices": full, "part": part}, [x],
                           (lambda f, p: lambda a: svd_part(a, f, p))(full, part))
        yield case("svdvals", {}, [x], L.svdvals)
    yield case("svdvals", {}, [sample([3], dt)], L.svdvals)


def norm_cases(dt):
    for shape in ([3, 4], [2, 3, 3], [4, 2]):
        x = sample(shape, dt)
        for ord in ("fro", "nuc", 1.0, -1.0, 2.0, -2.0, INF, -INF):
            for keep in (False, True):
                yield case("matrix_norm", {"ord": ord if isinstance(ord, str) else float(ord).hex(), "dim": [-2, -1],
                                           "keepdim": keep}, [x],
                           (lambda o, k: lambda a: L.matrix_norm(a, o, keepdim=k))(ord, keep))
    x = sample([3, 2, 4], dt)
    for ord in ("fro", "nuc", 1.0, -INF, 2.0):
        for dim in ([0, 2], [2, 0], [1, 0]):
            yield case("matrix_norm", {"ord": ord if isinstance(ord, str) else float(ord).hex(), "dim": dim,
                                       "keepdim": True}, [x],
                       (lambda o, d: lambda a: L.matrix_norm(a, o, dim=d, keepdim=True))(ord, dim))
            yield case("matrix_norm", {"ord": ord if isinstance(ord, str) else float(ord).hex(), "dim": dim,
                                       "keepdim": False}, [x],
                       (lambda o, d: lambda a: L.matrix_norm(a, o, dim=d))(ord, dim))
    for ord in (3.0, float("nan")):
        yield case("matrix_norm", {"ord": float(ord).hex(), "dim": [-2, -1], "keepdim": False}, [sample([3, 3], dt)],
                   (lambda o: lambda a: L.matrix_norm(a, o))(ord))
    yield case("matrix_norm", {"ord": "foo", "dim": [-2, -1], "keepdim": False}, [sample([3, 3], dt)],
               lambda a: L.matrix_norm(a, "foo"))
    yield case("matrix_norm", {"ord": "fro", "dim": [0, 0], "keepdim": False}, [sample([3, 3], dt)],
               lambda a: L.matrix_norm(a, dim=(0, 0)))
    yield case("matrix_norm", {"ord": "fro", "dim": [-2, -1], "keepdim": False}, [sample([3], dt)], L.matrix_norm)
    for shape in ([5], [3, 4], [2, 3, 4]):
        x = sample(shape, dt)
        for ord in (2.0, 1.0, INF, -INF, 0.0, 3.0, 0.5, -1.0):
            yield case("vector_norm", {"ord": float(ord).hex(), "dim": None, "keepdim": False}, [x],
                       (lambda o: lambda a: L.vector_norm(a, o))(ord))
            yield case("vector_norm", {"ord": float(ord).hex(), "dim": [-1], "keepdim": True}, [x],
                       (lambda o: lambda a: L.vector_norm(a, o, dim=-1, keepdim=True))(ord))
        if len(shape) > 1:
            yield case("vector_norm", {"ord": float(2).hex(), "dim": [0, -1], "keepdim": False}, [x],
                       lambda a: L.vector_norm(a, 2, dim=(0, -1)))
            yield case("vector_norm", {"ord": float(2).hex(), "dim": None, "keepdim": True}, [x],
                       lambda a: L.vector_norm(a, 2, keepdim=True))
    yield case("vector_norm", {"ord": float(INF).hex(), "dim": None, "keepdim": False}, [torch.zeros(0, 3, dtype=dt)],
               lambda a: L.vector_norm(a, INF))
    yield case("vector_norm", {"ord": float(INF).hex(), "dim": [1], "keepdim": False}, [torch.zeros(0, 3, dtype=dt)],
               lambda a: L.vector_norm(a, INF, dim=1))
    # the dispatcher
    for x in (sample([4], dt), sample([3, 4], dt), sample([2, 3, 4], dt)):
        yield case("norm", {"ord": None, "dim": None, "keepdim": False}, [x], L.norm)
        for ord in (2.0, 1.0, INF, -2.0):
            yield case("norm", {"ord": float(ord).hex(), "dim": None, "keepdim": False}, [x],
                       (lambda o: lambda a: L.norm(a, o))(ord))
        for ord in ("fro", "nuc"):
            yield case("norm", {"ord": ord, "dim": None, "keepdim": False}, [x], (lambda o: lambda a: L.norm(a, o))(ord))
        if x.dim() >= 2:
            yield case("norm", {"ord": None, "dim": [0, 1], "keepdim": True}, [x],
                       lambda a: L.norm(a, dim=(0, 1), keepdim=True))
            yield case("norm", {"ord": float(2).hex(), "dim": [1], "keepdim": False}, [x], lambda a: L.norm(a, 2, dim=(1,)))
            yield case("norm", {"ord": "nuc", "dim": [-1, 0], "keepdim": False}, [x], lambda a: L.norm(a, "nuc", dim=(-1, 0)))
            yield case("norm", {"ord": float(2).hex(), "dim": [0, 1, 1], "keepdim": False}, [x],
                       lambda a: L.norm(a, 2, dim=(0, 1, 1)))
    # torch.norm's 'nuc'
    for x in (sample([3, 4], dt), sample([2, 3, 3], dt), sample([4], dt)):
        yield case("torch_norm_nuc", {"dim": None, "keepdim": False}, [x], lambda a: torch.norm(a, "nuc"))
    yield case("torch_norm_nuc", {"dim": [0, 2], "keepdim": True}, [sample([2, 3, 3], dt)],
               lambda a: torch.norm(a, "nuc", dim=[0, 2], keepdim=True))
    yield case("vector_norm", {"ord": float(2).hex(), "dim": None, "keepdim": False}, [ints33()], L.vector_norm)
    yield case("matrix_norm", {"ord": "fro", "dim": [-2, -1], "keepdim": False}, [ints33()], L.matrix_norm)


def power_cases(dt):
    for shape in ([3, 3], [2, 3, 3]):
        x = square(shape, dt) / 2.5
        for n in (0, 1, 2, 3, 4, 5, 6, -1, -2, -3, -5):
            yield case("matrix_power", {"n": n}, [x], (lambda k: lambda a: L.matrix_power(a, k))(n))
            yield case("matrix_power_tensor", {"n": n}, [x], (lambda k: lambda a: a.matrix_power(k))(n))
    yield case("matrix_power", {"n": 2}, [sample([2, 3], dt)], lambda a: L.matrix_power(a, 2))
    yield case("matrix_power", {"n": -1}, [torch.zeros(3, 3, dtype=dt)], lambda a: L.matrix_power(a, -1))
    if dt == torch.float64:
        yield case("matrix_power", {"n": 3}, [golden.ints([3, 3], -2, 3)], lambda a: L.matrix_power(a, 3))
        yield case("matrix_power", {"n": -1}, [golden.ints([3, 3], -2, 3)], lambda a: L.matrix_power(a, -1))


def pinv_cases(dt):
    rank2 = sample([4, 2], torch.float64) @ sample([2, 3], torch.float64)
    for x in (sample([4, 3], dt), sample([3, 5], dt), sample([2, 3, 3], dt), sample([1, 1], dt)):
        yield case("pinv", {"hermitian": False}, [x], L.pinv)
        yield case("pinverse", {}, [x], torch.Tensor.pinverse)
        yield case("matrix_rank", {"hermitian": False}, [x], L.matrix_rank)
    s = sym([3, 3], dt)
    yield case("pinv", {"hermitian": True}, [s], lambda a: L.pinv(a, hermitian=True))
    yield case("matrix_rank", {"hermitian": True}, [s], lambda a: L.matrix_rank(a, hermitian=True))
    yield case("pinv", {"hermitian": False}, [rank2.to(dt)], L.pinv)
    yield case("matrix_rank", {"hermitian": False}, [rank2.to(dt)], L.matrix_rank)
    yield case("matrix_rank", {"hermitian": False}, [torch.zeros(2, 3, 3, dtype=dt)], L.matrix_rank)
    x = torch.diag(torch.tensor([4.0, 1.0, 0.1, 0.01], dtype=dt))
    for atol, rtol in ((0.5, None), (None, 0.05), (0.05, 0.5), (0.0, None)):
        args = {"hermitian": False, "atol": atol, "rtol": rtol}
        yield case("pinv_tol", args, [x], (lambda a_, r_: lambda a: L.pinv(a, atol=a_, rtol=r_))(atol, rtol))
        yield case("matrix_rank_tol", args, [x], (lambda a_, r_: lambda a: L.matrix_rank(a, atol=a_, rtol=r_))(atol, rtol))
    yield case("pinv", {"hermitian": False}, [ints33()], L.pinv)
    yield case("pinv", {"hermitian": False}, [sample([3], dt)], L.pinv)
    yield case("matrix_rank", {"hermitian": False}, [ints33()], L.matrix_rank)
    yield case("matrix_rank", {"hermitian": False}, [sample([3], dt)], L.matrix_rank)


def lstsq_cases(dt):
    for ashape, bshape in (([5, 3], [5, 2]), ([5, 3], [5]), ([3, 3], [3, 1]), ([3, 5], [3, 2]), ([2, 4, 3], [2, 4, 2]),
                           ([2, 4, 3], [4, 2]), ([2, 4, 3], [2, 4])):
        a, b = sample(ashape, dt), sample(bshape, dt)
        for part, i in (("solution", 0), ("residuals", 1), ("rank", 2), ("singular_values", 3)):
            yield case("lstsq", {"driver": None, "part": part}, [a, b], (lambda j: lambda x, y: L.lstsq(x, y)[j])(i))
        if ashape[-2] >= ashape[-1]:
            for driver in ("gelsd", "gelss"):
                for part, i in (("solution", 0), ("residuals", 1), ("rank", 2), ("singular_values", 3)):
                    yield case("lstsq", {"driver": driver, "part": part}, [a, b],
                               (lambda j, d: lambda x, y: L.lstsq(x, y, driver=d)[j])(i, driver))
    a, b = sample([5, 3], dt), sample([5, 2], dt)
    yield case("lstsq", {"driver": "foo", "part": "solution"}, [a, b], lambda x, y: L.lstsq(x, y, driver="foo")[0])
    yield case("lstsq", {"driver": None, "part": "solution"}, [a, sample([4, 2], dt)], lambda x, y: L.lstsq(x, y)[0])
    yield case("lstsq", {"driver": None, "part": "solution"}, [a, sample([4], dt)], lambda x, y: L.lstsq(x, y)[0])


def multi_dot_cases(dt):
    for shapes in (([3, 4], [4, 2]), ([4], [4, 2]), ([3, 4], [4]), ([4], [4]), ([2, 5], [5, 3], [3, 4]),
                   ([6, 2], [2, 7], [7, 3]), ([5], [5, 3], [3, 4], [4]), ([2, 3], [3, 6], [6, 1], [1, 5], [5, 2])):
        xs = [sample(s, dt) for s in shapes]
        yield case("multi_dot", {}, xs, lambda *t: L.multi_dot(list(t)))
    yield case("multi_dot", {}, [sample([2, 3], dt), sample([2, 3], dt)], lambda *t: L.multi_dot(list(t)))
    yield case("multi_dot", {}, [sample([2, 3], dt), sample([3, 3, 3], dt)], lambda *t: L.multi_dot(list(t)))
    yield case("multi_dot", {}, [sample([2, 3], dt)], lambda *t: L.multi_dot(list(t)))
    yield case("cross", {"dim": -1}, [sample([4, 3], dt), sample([4, 3], dt)], lambda a, b: L.cross(a, b))
    yield case("cross", {"dim": 0}, [sample([3, 2], dt), sample([3, 2], dt)], lambda a, b: L.cross(a, b, dim=0))
    yield case("cross", {"dim": -1}, [sample([2, 4, 3], dt), sample([4, 3], dt)], lambda a, b: L.cross(a, b))
    yield case("cross", {"dim": -1}, [sample([2, 4, 3], dt), sample([1, 4, 3], dt)], lambda a, b: L.cross(a, b))
    yield case("cross", {"dim": -1}, [sample([3, 4], dt), sample([3, 4], dt)], lambda a, b: L.cross(a, b))
    yield case("cross", {"dim": 0}, [sample([3, 4], dt), sample([3, 4], dt)], lambda a, b: L.cross(a, b, dim=0))


def edge_cases(dt):
    """Empty matrices and batches, 1x1, and transposed (non-contiguous) inputs."""
    z = lambda *shape: torch.zeros(*shape, dtype=dt)   # noqa: E731
    for x in (z(0, 3, 3), z(2, 0, 0)):
        yield case("det", {}, [x], L.det)
        yield case("inv", {}, [x], L.inv)
        yield case("cholesky", {"upper": False}, [x], L.cholesky)
        yield case("eigvalsh", {"UPLO": "L"}, [x], L.eigvalsh)
        yield case("slogdet", {"part": "logabsdet"}, [x], lambda a: L.slogdet(a)[1])
        if x.shape[-1] > 0:   # [2, 0, 0]: grad4j's matmul of empty batches names its node ReshapeAliasBackward0
            yield case("matrix_power", {"n": 3}, [x], lambda a: L.matrix_power(a, 3))
            yield case("matrix_power", {"n": -2}, [x], lambda a: L.matrix_power(a, -2))
    yield case("solve", {}, [z(0, 0), z(0)], L.solve)
    yield case("solve", {}, [z(0, 3, 3), z(0, 3, 2)], L.solve)
    for x in (z(0, 3), z(3, 0), z(0, 2, 3), z(0, 0)):
        for mode in ("reduced", "complete"):
            for part, i in (("Q", 0), ("R", 1)):
                yield case("qr", {"mode": mode, "part": part}, [x], (lambda m, j: lambda a: L.qr(a, mode=m)[j])(mode, i))
        for full in (False, True):
            yield case("svd", {"full_matrices": full, "part": "S"}, [x], (lambda f: lambda a: svd_part(a, f, "S"))(full))
        yield case("svdvals", {}, [x], L.svdvals)
        yield case("pinv", {"hermitian": False}, [x], L.pinv)
        yield case("matrix_rank", {"hermitian": False}, [x], L.matrix_rank)
        for ord in ("fro", "nuc", 2.0, 1.0, INF):
            yield case("matrix_norm", {"ord": ord if isinstance(ord, str) else float(ord).hex(), "dim": [-2, -1],
                                       "keepdim": False}, [x], (lambda o: lambda a: L.matrix_norm(a, o))(ord))
    a = sample([4, 3], dt)
    yield case("det_mT", {}, [square([3, 3], dt)], lambda m: L.det(m.mT))
    yield case("svdvals_mT", {}, [a], lambda m: L.svdvals(m.mT))
    yield case("solve_mT", {}, [square([2, 3, 3], dt), sample([2, 3], dt)], lambda m, b: L.solve(m.mT, b))
    yield case("inv_mT", {}, [square([2, 3, 3], dt)], lambda m: L.inv(m.mT))
    yield case("eigvalsh", {"UPLO": "L"}, [sym([3, 3], dt).mT.contiguous()], L.eigvalsh)


def large_cases(dt):
    """Larger matrices (more Jacobi sweeps, longer LU and QR recurrences)."""
    a = square([12, 12], dt)
    yield case("det", {}, [a], L.det)
    yield case("inv", {}, [a], L.inv)
    yield case("solve", {}, [a, sample([12, 3], dt)], L.solve)
    yield case("cholesky", {"upper": False}, [spd([12, 12], dt)], L.cholesky)
    s = sym([12, 12], dt)
    yield case("eigh", {"UPLO": "L", "part": "eigenvalues"}, [s], lambda x: L.eigh(x)[0])
    yield case("eigh", {"UPLO": "L", "part": "eigenvectors"}, [s], lambda x: (lambda v: v * signs(v))(L.eigh(x)[1]))
    t = sample([30, 20], dt)
    # float32: the singular vectors' gradients divide by s_i^2 - s_j^2, and PyTorch's own float32 error shows
    for part in ("U", "S", "Vh") if dt == torch.float64 else ("S",):
        yield case("svd", {"full_matrices": False, "part": part}, [t], (lambda p: lambda x: svd_part(x, False, p))(part))
    for part, i in (("Q", 0), ("R", 1)):
        yield case("qr", {"mode": "reduced", "part": part}, [t], (lambda j: lambda x: L.qr(x)[j])(i))
    yield case("pinv", {"hermitian": False}, [t], L.pinv)
    yield case("matrix_rank", {"hermitian": False}, [t], L.matrix_rank)
    yield case("matrix_norm", {"ord": "nuc", "dim": [-2, -1], "keepdim": False}, [t], lambda x: L.matrix_norm(x, "nuc"))
    yield case("lstsq", {"driver": None, "part": "solution"}, [t, sample([30, 2], dt)], lambda x, y: L.lstsq(x, y)[0])


GENERATORS = [det_cases, inv_cases, solve_cases, cholesky_cases, qr_cases, eigh_cases, svd_cases, norm_cases,
              power_cases, pinv_cases, lstsq_cases, multi_dot_cases, edge_cases, large_cases]


def error_cases():
    """Dtype and rank refusals (float64 pass only, int64 inputs)."""
    for op, fn in (("det", L.det), ("slogdet", lambda a: L.slogdet(a)[1]), ("inv", L.inv), ("cholesky", L.cholesky),
                   ("eigvalsh", L.eigvalsh), ("svdvals", L.svdvals), ("logdet", torch.Tensor.logdet),
                   ("inverse", torch.Tensor.inverse), ("det_tensor", torch.Tensor.det)):
        c = case(op, {"upper": False, "UPLO": "L", "part": "logabsdet"}, [ints33()], fn)
        c["dtype"] = "float64"
        yield c
    c = case("qr", {"mode": "reduced", "part": "R"}, [ints33()], lambda a: L.qr(a)[1])
    c["dtype"] = "float64"
    yield c
    c = case("solve", {}, [ints33(), torch.ones(3, dtype=torch.int64)], L.solve)
    c["dtype"] = "float64"
    yield c
    c = case("solve", {}, [torch.eye(3), torch.ones(3, dtype=torch.float64)], L.solve)
    c["dtype"] = "float64"
    yield c


def main():
    blas_check()
    warnings.simplefilter("ignore")   # torch.qr and torch.cholesky are deprecated
    torch.set_num_threads(1)
    cases = collect(GENERATORS) + list(error_cases())
    write(OUT, cases)
    with open(OUT, "rb") as f, gzip.GzipFile(OUT + ".gz", "wb", compresslevel=9, mtime=0) as g:
        shutil.copyfileobj(f, g)
    os.remove(OUT)


if __name__ == "__main__":
    main()
