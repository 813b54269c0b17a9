#!/usr/bin/python3
"""Golden data for org.grad4j.data's DistributedSampler and DataLoader workers (num_workers > 0).

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/data3_golden.py
(re-executes itself with the reference BLAS, as the other golden scripts do, though nothing here multiplies).
Writes core/src/test/resources/golden/data3.json:
- distributed: DistributedSampler's index lists for every rank (sizes, replicas, shuffle, seed, epoch, drop_last)
  and its errors;
- workers: map-style loaders with num_workers / prefetch_factor / persistent_workers: the batches of two epochs,
  the worker (id, seed) that loaded each batch, and the generator states (two float64 draws) after full epochs
  and after epochs left after k batches;
- iterable: iterable-style datasets on workers (each worker iterating its own copy, or sharding by
  get_worker_info()), the batches in the order the loader yields them;
- errors: the DataLoader's worker-argument errors, a worker's exception, the timeout message.
float64 values are float.hex() strings.
"""
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import json  # noqa: E402
import warnings  # noqa: E402
import math  # noqa: E402

import torch  # noqa: E402
from torch.utils.data import (DataLoader, Dataset, DistributedSampler, IterableDataset,  # noqa: E402
                              get_worker_info)


def after(g=None):
    """Two float64 draws: the generator's state."""
    return [float(v).hex() for v in torch.rand(2, dtype=torch.float64, generator=g).tolist()]


def distributed_cases():
    out = []
    for n in [0, 1, 3, 5, 10, 11, 17, 50]:
        for replicas in [1, 2, 3, 4, 7]:
            for drop_last in [False, True]:
                for shuffle, seed, epoch in [(False, 0, 0), (True, 0, 0), (True, 0, 1), (True, 42, 0),
                                             (True, 42, 7), (True, -5, 2)]:
                    ranks = []
                    for rank in range(replicas):
                        s = DistributedSampler(range(n), num_replicas=replicas, rank=rank, shuffle=shuffle,
                                               seed=seed, drop_last=drop_last)
                        s.set_epoch(epoch)
                        ranks.append(list(s))
                    out.append(dict(n=n, replicas=replicas, shuffle=shuffle, seed=seed, epoch=epoch,
                                    drop_last=drop_last, len=len(s), total_size=s.total_size, ranks=ranks))
    errors = []
    for replicas, rank in [(2, 2), (2, -1), (0, 0), (3, 5), (-1, 0)]:
        try:
            DistributedSampler(range(4), num_replicas=replicas, rank=rank)
            raise AssertionError((replicas, rank))
        except ValueError as e:
            errors.append(dict(replicas=replicas, rank=rank, message=str(e)))
    return dict(cases=out, errors=errors)


class Items(Dataset):
    """Item i is i."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i


class Tagged(Items):
    """Item i is (i, worker id, worker seed): which worker loaded it."""

    def __getitem__(self, i):
        info = get_worker_info()
        return (i, -1, -1) if info is None else (i, info.id, info.seed)


def keep(batch):
    return batch


# name -> (n, DataLoader keyword arguments but dataset/generator/collate_fn)
LOADERS = {
    "seq_w1": (7, dict(batch_size=2, num_workers=1)),
    "seq_w2": (10, dict(batch_size=3, num_workers=2)),
    "shuffle_w2": (10, dict(batch_size=3, shuffle=True, num_workers=2)),
    "shuffle_w3_pf1": (11, dict(batch_size=2, shuffle=True, num_workers=3, prefetch_factor=1)),
    "shuffle_w2_pf3_drop": (11, dict(batch_size=3, shuffle=True, num_workers=2, prefetch_factor=3, drop_last=True)),
    "shuffle_w2_persistent": (9, dict(batch_size=2, shuffle=True, num_workers=2, persistent_workers=True)),
    "shuffle_w3_persistent_pf1": (8, dict(batch_size=3, shuffle=True, num_workers=3, prefetch_factor=1,
                                          persistent_workers=True)),
    "no_batching_w2": (5, dict(batch_size=None, shuffle=True, num_workers=2)),
    "w4_few_batches": (3, dict(batch_size=2, shuffle=True, num_workers=4)),
    "seq_w2_persistent": (6, dict(batch_size=4, num_workers=2, persistent_workers=True)),
}


def loader_cases():
    out = []
    for name, (n, kw) in LOADERS.items():
        for seed in [0, 7]:
            case = dict(name=name, n=n, seed=seed)
            # the batches and the generator after two epochs, with a loader generator
            torch.manual_seed(seed + 1000)
            g = torch.Generator().manual_seed(seed)
            loader = DataLoader(Items(n), generator=g, **kw)
            case["len"] = len(loader)
            case["batches"] = [[b.tolist() if torch.is_tensor(b) else b for b in loader] for _ in range(2)]
            case["after"] = after(g)
            case["after_default"] = after()
            # which worker (and seed) loaded each batch
            g = torch.Generator().manual_seed(seed)
            tagged = DataLoader(Tagged(n), generator=g, collate_fn=None if kw.get("batch_size", 1) is None else keep,
                                **kw)
            case["workers"] = [[[list(x) for x in b] if kw.get("batch_size", 1) is not None else [list(b)]
                                for b in tagged] for _ in range(2)]
            # without a loader generator: the default generator gives the base seed (and the shuffle's seed)
            torch.manual_seed(seed)
            loader = DataLoader(Items(n), **kw)
            case["batches_nogen"] = [[b.tolist() if torch.is_tensor(b) else b for b in loader] for _ in range(2)]
            case["after_nogen"] = after()
            # an epoch left after k batches: the prefetching has asked the sampler for more indices
            partial = []
            for k in [0, 1, 2]:
                g = torch.Generator().manual_seed(seed)
                loader = DataLoader(Items(n), generator=g, **kw)
                it = iter(loader)
                got = [next(it) for _ in range(min(k, len(loader)))]
                state = after(g)
                del it, got
                partial.append(dict(k=k, after=state))
            case["partial"] = partial
            out.append(case)
    return out


class Stream(IterableDataset):
    """range(n) in every worker (PyTorch's duplication), or a shard of it when shard."""

    def __init__(self, n, shard):
        self.n = n
        self.shard = shard

    def __iter__(self):
        info = get_worker_info()
        if not self.shard or info is None:
            return iter(range(self.n))
        # PyTorch's documented example: a contiguous slice per worker
        per_worker = int(math.ceil(self.n / float(info.num_workers)))
        start = info.id * per_worker
        return iter(range(start, min(start + per_worker, self.n)))


class Uneven(IterableDataset):
    """Worker w yields 10*w .. 10*w + lengths[w] - 1."""

    def __init__(self, lengths):
        self.lengths = lengths

    def __iter__(self):
        info = get_worker_info()
        w = 0 if info is None else info.id
        return iter(range(10 * w, 10 * w + self.lengths[w]))


def iterable_cases():
    out = []
    for n, shard, kw in [(5, False, dict(batch_size=2, num_workers=2)),
                         (7, True, dict(batch_size=2, num_workers=2)),
                         (10, True, dict(batch_size=3, num_workers=3)),
                         (10, True, dict(batch_size=3, num_workers=3, drop_last=True)),
                         (4, False, dict(batch_size=None, num_workers=2)),
                         (9, True, dict(batch_size=2, num_workers=2, prefetch_factor=1)),
                         (6, True, dict(batch_size=4, num_workers=2, persistent_workers=True)),
                         (3, True, dict(batch_size=1, num_workers=4))]:
        loader = DataLoader(Stream(n, shard), **kw)
        batches = [[b.tolist() if torch.is_tensor(b) else b for b in loader] for _ in range(2)]
        out.append(dict(kind="stream", n=n, shard=shard, kw=kw, batches=batches))
    for lengths, kw in [([1, 5], dict(batch_size=2, num_workers=2)),
                        ([5, 0, 3], dict(batch_size=2, num_workers=3)),
                        ([2, 7, 4], dict(batch_size=3, num_workers=3, drop_last=True)),
                        ([4, 1, 0, 6], dict(batch_size=1, num_workers=4, prefetch_factor=3))]:
        loader = DataLoader(Uneven(lengths), **kw)
        batches = [[b.tolist() for b in loader] for _ in range(2)]
        out.append(dict(kind="uneven", lengths=lengths, kw=kw, batches=batches))
    return out


class Failing(Items):
    def __getitem__(self, i):
        if i == self.n - 1:
            raise ValueError("item %d is broken" % i)
        return i


def error_cases():
    out = []
    for kind, kw in [("num_workers_negative", dict(num_workers=-1)),
                     ("num_workers_negative_timeout_negative", dict(num_workers=-2, timeout=-1)),
                     ("timeout_negative", dict(num_workers=2, timeout=-0.5)),
                     ("prefetch_without_workers", dict(prefetch_factor=3)),
                     ("persistent_without_workers", dict(persistent_workers=True)),
                     ("prefetch_and_persistent_without_workers", dict(prefetch_factor=4, persistent_workers=True))]:
        try:
            DataLoader(Items(4), **kw)
            raise AssertionError(kw)
        except ValueError as e:
            out.append(dict(kind=kind, message=str(e)))
    # a worker's exception: the batches before it, and the worker it names
    failures = []
    for n, batch_size, workers in [(6, 2, 2), (7, 2, 3), (5, 1, 2)]:
        loader = DataLoader(Failing(n), batch_size=batch_size, num_workers=workers)
        got = []
        it = iter(loader)
        try:
            while True:
                got.append(next(it).tolist())
        except ValueError as e:
            message = str(e).split("\n")[0]
        del it
        failures.append(dict(n=n, batch_size=batch_size, workers=workers, before=got, message=message))
    return dict(arguments=out, failures=failures)


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore", message="This DataLoader will create")
    data = dict(torch_version=torch.__version__, distributed=distributed_cases(), loaders=loader_cases(),
                iterable=iterable_cases(), errors=error_cases())
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "core", "src", "test", "resources", "golden", "data3.json")
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
