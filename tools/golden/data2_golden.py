#!/usr/bin/python3
"""Golden data for org.grad4j.data's samplers, DataLoader options, default_collate and ConcatDataset.

Run with Debian's PyTorch (python3-torch 1.13):  /usr/bin/python3 tools/golden/data2_golden.py
(re-executes itself with the reference BLAS, as digits_torch.py does, though nothing here multiplies matrices).
Writes core/src/test/resources/golden/data2.json:
- samplers: RandomSampler (replacement, num_samples), SubsetRandomSampler, WeightedRandomSampler, BatchSampler,
  each iterated for two epochs with a generator and with the default generator, then two float64 draws that
  show the generator's state afterwards;
- loaders: DataLoader with sampler / batch_sampler / batch_size=None / generator, batches and len();
- collate: default_collate of ints, floats, bools, tuples, lists, dicts, strings and tensors (structure, dtypes,
  shapes, values) and its errors; DataLoader's argument-conflict errors; ConcatDataset's sizes, items, errors.
float64 values are float.hex() strings, float32 values IEEE-754 bit patterns.
"""
import os
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import json  # noqa: E402
import struct  # noqa: E402

import torch  # noqa: E402
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset,  # noqa: E402
                              IterableDataset, RandomSampler, SequentialSampler, Subset, SubsetRandomSampler,
                              TensorDataset, WeightedRandomSampler, random_split)
from torch.utils.data._utils.collate import default_collate  # noqa: E402

SEEDS = [0, 1, 42]


def enc(t):
    t = t.detach().reshape(-1)
    if t.dtype == torch.float64:
        return [float(v).hex() for v in t.tolist()]
    if t.dtype == torch.float32:
        return [struct.unpack("<i", struct.pack("<f", v))[0] for v in t.tolist()]
    return t.tolist()


def after(g=None):
    """Two float64 draws: the generator's state after the iteration."""
    return enc(torch.rand(2, dtype=torch.float64, generator=g))


def epochs(iterable, count=2):
    return [[x if isinstance(x, int) else list(x) for x in iterable] for _ in range(count)]


def both(make, spec):
    """The sampler's epochs with a generator and, seeded the same, with the default generator."""
    out = []
    for seed in SEEDS:
        g = torch.Generator().manual_seed(seed)
        s = make(g)
        case = dict(spec, seed=seed, len=len(s), epochs=epochs(s), after=after(g))
        torch.manual_seed(seed)
        s = make(None)
        case.update(epochs_default=epochs(s), after_default=after())
        out.append(case)
    return out


def sampler_cases():
    out = []
    for n, replacement, num_samples in [(10, False, None), (1, False, None), (7, False, 3), (7, False, 7),
                                        (7, False, 15), (5, False, 10), (10, True, None), (10, True, 3),
                                        (3, True, 70), (100, True, 64), (1, True, 5), (1797, False, None)]:
        spec = dict(kind="random", n=n, replacement=replacement, num_samples=num_samples)
        out += both(lambda g: RandomSampler(range(n), replacement, num_samples, g), spec)
    for indices in [[5, 3, 9, 1, 7], [4], [], [2, 2, 0]]:
        out += both(lambda g: SubsetRandomSampler(indices, g), dict(kind="subset_random", indices=indices))
    for weights, num_samples, replacement in [([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5, True),
                                              ([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, False),
                                              ([1.0, 2.0, 3.0], 20, True), ([1, 0, 2, 0, 5], 3, False),
                                              ([0.5], 4, True), ([3.0, 1.0, 0.0, 2.5], 3, False),
                                              ([float(i % 7) + 0.25 for i in range(50)], 30, False),
                                              ([float(i % 7) + 0.25 for i in range(50)], 100, True)]:
        spec = dict(kind="weighted", weights=weights, num_samples=num_samples, replacement=replacement)
        out += both(lambda g: WeightedRandomSampler(weights, num_samples, replacement, g), spec)
    for n, bs, drop_last, inner in [(10, 3, False, "sequential"), (10, 3, True, "sequential"),
                                    (9, 3, False, "sequential"), (9, 3, True, "sequential"),
                                    (0, 2, False, "sequential"), (2, 5, True, "sequential"),
                                    (10, 3, False, "random"), (10, 3, True, "random"), (9, 3, True, "random"),
                                    (9, 3, False, "random"), (10, 4, True, "random_replacement_7")]:
        def make(g, n=n, bs=bs, drop_last=drop_last, inner=inner):
            if inner == "sequential":
                s = SequentialSampler(range(n))
            elif inner == "random":
                s = RandomSampler(range(n), generator=g)
            else:
                s = RandomSampler(range(n), True, 7, generator=g)
            return BatchSampler(s, bs, drop_last)
        out += both(make, dict(kind="batch", n=n, batch_size=bs, drop_last=drop_last, inner=inner))
    return out


def sampler_errors():
    out = []
    for kind, fn in [("random_num_samples_0", lambda: RandomSampler(range(3), num_samples=0)),
                     ("random_num_samples_neg", lambda: RandomSampler(range(3), num_samples=-2)),
                     ("random_empty", lambda: RandomSampler(range(0))),
                     ("weighted_num_samples_0", lambda: WeightedRandomSampler([1.0, 2.0], 0)),
                     ("weighted_2d", lambda: WeightedRandomSampler([[1.0, 2.0], [3.0, 4.0]], 2)),
                     ("batch_size_0", lambda: BatchSampler(SequentialSampler(range(3)), 0, False)),
                     ("batch_size_neg", lambda: BatchSampler(SequentialSampler(range(3)), -1, False)),
                     ("weighted_too_many", lambda: list(WeightedRandomSampler([1.0, 2.0], 3, False))),
                     ("weighted_negative", lambda: list(WeightedRandomSampler([1.0, -2.0], 1))),
                     ("weighted_zero_sum", lambda: list(WeightedRandomSampler([0.0, 0.0], 1))),
                     ("weighted_inf", lambda: list(WeightedRandomSampler([1.0, float("inf")], 1))),
                     ("weighted_nan", lambda: list(WeightedRandomSampler([1.0, float("nan")], 1))),
                     ("weighted_empty", lambda: list(WeightedRandomSampler([], 1))),
                     ("random_replacement_empty", lambda: list(RandomSampler(range(0), True, 3)))]:
        try:
            fn()
            raise AssertionError(kind)
        except (ValueError, RuntimeError) as e:
            out.append(dict(kind=kind, type=type(e).__name__, message=str(e)))
    return out


class Items(Dataset):
    """Item i is i: a dataset of Python ints."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if not 0 <= i < self.n:
            raise IndexError(i)
        return i


def loader_cases():
    def run(loader, g):
        batches = [[b if isinstance(b, int) else b.tolist() for b in loader] for _ in range(2)]
        return dict(len=len(loader), batches=batches, after=after(g))

    out = []
    for name, make in [
        ("sampler_random_replacement", lambda g, s: DataLoader(Items(10), batch_size=3, generator=g,
                                                               sampler=RandomSampler(range(10), True, 7, s))),
        ("sampler_subset_random", lambda g, s: DataLoader(Items(10), batch_size=2, generator=g, drop_last=True,
                                                          sampler=SubsetRandomSampler([1, 3, 5, 7, 9], s))),
        ("sampler_weighted", lambda g, s: DataLoader(Items(6), batch_size=4, generator=g,
                                                     sampler=WeightedRandomSampler([1, 2, 3, 4, 5, 6], 10, True, s))),
        ("sampler_sequential", lambda g, s: DataLoader(Items(5), batch_size=2, generator=g,
                                                       sampler=SequentialSampler(range(5)))),
        ("batch_sampler_random", lambda g, s: DataLoader(Items(10), generator=g,
                                                         batch_sampler=BatchSampler(RandomSampler(range(10), generator=s),
                                                                                    4, False))),
        ("batch_sampler_drop", lambda g, s: DataLoader(Items(10), generator=g,
                                                       batch_sampler=BatchSampler(RandomSampler(range(10), generator=s),
                                                                                  4, True))),
        ("no_batching_shuffle", lambda g, s: DataLoader(Items(6), batch_size=None, shuffle=True, generator=g)),
        ("no_batching_sequential", lambda g, s: DataLoader(Items(4), batch_size=None, generator=g)),
        ("no_batching_sampler", lambda g, s: DataLoader(Items(6), batch_size=None, generator=g,
                                                        sampler=RandomSampler(range(6), True, 4, s))),
        ("shuffle_items", lambda g, s: DataLoader(Items(7), batch_size=3, shuffle=True, generator=g)),
        ("shuffle_items_drop", lambda g, s: DataLoader(Items(7), batch_size=3, shuffle=True, drop_last=True,
                                                       generator=g)),
        ("batch_size_1", lambda g, s: DataLoader(Items(4), shuffle=True, generator=g)),
    ]:
        for seed in SEEDS:
            for shared in [False, True]:
                # the loader's generator g; the sampler's own generator s (or none: the default generator)
                torch.manual_seed(seed + 1000)
                g = torch.Generator().manual_seed(seed)
                s = g if shared else None
                case = dict(name=name, seed=seed, shared=shared)
                case.update(run(make(g, s), g))
                case["after_default"] = after()
                # no loader generator: the base seed and any generator-less sampler draw from the default one
                torch.manual_seed(seed)
                s2 = torch.Generator().manual_seed(seed + 7) if shared else None
                d = run(make(None, s2), None)
                case.update(batches_nogen=d["batches"], after_nogen=d["after"])
                out.append(case)
    return out


def conflict_errors():
    ds = Items(5)
    sampler = SequentialSampler(range(5))
    bsampler = BatchSampler(sampler, 2, False)
    out = []
    for kind, fn in [("sampler_shuffle", lambda: DataLoader(ds, sampler=sampler, shuffle=True)),
                     ("batch_sampler_batch_size", lambda: DataLoader(ds, batch_size=2, batch_sampler=bsampler)),
                     ("batch_sampler_shuffle", lambda: DataLoader(ds, shuffle=True, batch_sampler=bsampler)),
                     ("batch_sampler_sampler", lambda: DataLoader(ds, sampler=sampler, batch_sampler=bsampler)),
                     ("batch_sampler_drop_last", lambda: DataLoader(ds, drop_last=True, batch_sampler=bsampler)),
                     ("batch_sampler_batch_size_none", lambda: DataLoader(ds, batch_size=None, batch_sampler=bsampler)),
                     ("batch_size_none_drop_last", lambda: DataLoader(ds, batch_size=None, drop_last=True)),
                     ("num_workers_negative", lambda: DataLoader(ds, num_workers=-1)),
                     ("batch_size_0", lambda: DataLoader(ds, batch_size=0)),
                     ("shuffle_empty", lambda: DataLoader(Items(0), shuffle=True))]:
        try:
            fn()
            raise AssertionError(kind)
        except ValueError as e:
            out.append(dict(kind=kind, message=str(e)))
    # batch_size=1 (the default) passes with batch_sampler
    ok = DataLoader(ds, batch_size=1, batch_sampler=bsampler)
    out.append(dict(kind="batch_sampler_batch_size_1_ok", len=len(ok), batches=[b.tolist() for b in ok]))
    return out


def encode(x):
    """A collated value: tensors with dtype/shape/values, lists, dicts, strings."""
    if isinstance(x, torch.Tensor):
        return dict(t="tensor", dtype=str(x.dtype), shape=list(x.shape), values=enc(x))
    if isinstance(x, (list, tuple)):
        return dict(t="list", items=[encode(v) for v in x])
    if isinstance(x, dict):
        return dict(t="dict", keys=list(x.keys()), items=[encode(v) for v in x.values()])
    if isinstance(x, str):
        return dict(t="str", v=x)
    raise AssertionError(type(x))


def item(x):
    """An input item, for the Java test to rebuild: a tuple becomes an Object[], a list a List."""
    if isinstance(x, torch.Tensor):
        return dict(t="tensor", dtype=str(x.dtype), shape=list(x.shape), values=enc(x))
    if isinstance(x, bool):
        return dict(t="bool", v=x)
    if isinstance(x, int):
        return dict(t="int", v=x)
    if isinstance(x, float):
        return dict(t="float", v=x.hex())
    if isinstance(x, str):
        return dict(t="str", v=x)
    if isinstance(x, tuple):
        return dict(t="tuple", items=[item(v) for v in x])
    if isinstance(x, list):
        return dict(t="list", items=[item(v) for v in x])
    if isinstance(x, dict):
        return dict(t="dict", keys=list(x.keys()), items=[item(v) for v in x.values()])
    raise AssertionError(type(x))


def collate_cases():
    f32 = torch.tensor([[0.5, -1.25], [3.0, 1e-8]])
    f64 = torch.tensor([1 / 3, 2.5], dtype=torch.float64)
    batches = [
        [0, 1, 2, 3],
        [-5, 2 ** 40, 7],
        [0.5, 1.0, -2.25],
        [1.0, 2, True],
        [True, False, True],
        [1, True, 0],
        [1, 2.5, 3],
        ["a", "bc", "d"],
        [(0, 1.5), (2, -0.5), (4, 3.25)],
        [[0, 1], [2, 3]],
        [(f32[0], 3), (f32[1], 5)],
        [{"x": f64, "y": 1}, {"x": f64 * 2, "y": 0}],
        [{"a": [1, 2], "b": ("s", 0.5)}, {"a": [3, 4], "b": ("t", 1.5)}],
        [(torch.tensor(3), torch.tensor(True)), (torch.tensor(-1), torch.tensor(False))],
        [torch.zeros(2, 0), torch.zeros(2, 0)],
        [f32, f32 + 1, f32 * 2],
        [torch.tensor([1, 2]), torch.tensor([1.5, 2.5])],
        [{"k": (1, [2.0, 3.0])}],
        [[(1, 2), (3, 4)], [(5, 6), (7, 8)]],
    ]
    out = []
    for batch in batches:
        out.append(dict(batch=[item(b) for b in batch], collated=encode(default_collate(batch))))
    return out


def collate_errors():
    out = []
    for kind, batch in [("unequal_lists", [[1, 2], [3]]), ("unequal_tuples", [(1, 2), (3, 4, 5)]),
                        ("stack_sizes", [torch.zeros(2), torch.zeros(3)]), ("none", [None, None]),
                        ("missing_key", [{"a": 1, "b": 2}, {"a": 3}])]:
        try:
            default_collate(batch)
            raise AssertionError(kind)
        except Exception as e:  # noqa: BLE001
            out.append(dict(kind=kind, type=type(e).__name__, message=str(e)))
    return out


def concat_cases():
    a, b, c = Items(3), Items(0), Items(4)
    cd = ConcatDataset([a, b, c])
    items = [cd[i] for i in range(len(cd))]
    negative = [cd[i] for i in range(-len(cd), 0)]
    errors = []
    for kind, fn in [("too_negative", lambda: cd[-8]), ("empty", lambda: ConcatDataset([]))]:
        try:
            fn()
            raise AssertionError(kind)
        except (ValueError, AssertionError) as e:
            errors.append(dict(kind=kind, type=type(e).__name__, message=str(e)))
    try:
        cd[7]
        raise AssertionError("past end")
    except IndexError as e:
        errors.append(dict(kind="past_end", type="IndexError", message=str(e)))
    # a DataLoader over a ConcatDataset of TensorDatasets, shuffled; and a Subset of a Subset of it
    x = TensorDataset(torch.arange(5) * 10)
    y = TensorDataset(torch.arange(3) * 10 + 100)
    loader = DataLoader(ConcatDataset([x, y]), batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(4))
    shuffled = [b[0].tolist() for b in loader]
    inner = Subset(ConcatDataset([x, y]), [7, 6, 5, 1, 0])
    outer = Subset(inner, [4, 2, 0])
    nested = [b[0].tolist() for b in DataLoader(outer, batch_size=2)]
    return dict(cumulative_sizes=cd.cumulative_sizes, items=items, negative=negative, errors=errors,
                shuffled=shuffled, nested=nested, nested_items=[outer[i][0].item() for i in range(3)])


class Stream(IterableDataset):
    """A stream of the ints start .. start+n-1, with a length (Sized) or without."""

    def __init__(self, n, start=0):
        self.n = n
        self.start = start

    def __iter__(self):
        return iter(range(self.start, self.start + self.n))

    def __len__(self):
        return self.n


class Unsized(IterableDataset):
    def __iter__(self):
        return iter(range(3))


def iterable_cases():
    """DataLoader over IterableDatasets: batches in stream order, len(), base seeds, ChainDataset, errors."""
    cases = []
    for name, make in [("stream_10_3", lambda g: DataLoader(Stream(10), batch_size=3, generator=g)),
                       ("stream_10_3_drop", lambda g: DataLoader(Stream(10), batch_size=3, drop_last=True, generator=g)),
                       ("stream_9_3_drop", lambda g: DataLoader(Stream(9), batch_size=3, drop_last=True, generator=g)),
                       ("stream_2_5_drop", lambda g: DataLoader(Stream(2), batch_size=5, drop_last=True, generator=g)),
                       ("stream_0_2", lambda g: DataLoader(Stream(0), batch_size=2, generator=g)),
                       ("stream_4_none", lambda g: DataLoader(Stream(4), batch_size=None, generator=g)),
                       ("stream_5_default", lambda g: DataLoader(Stream(5), generator=g)),
                       ("chain", lambda g: DataLoader(ChainDataset([Stream(3), Stream(0), Stream(4, 100)]),
                                                      batch_size=3, generator=g)),
                       ("chain_drop", lambda g: DataLoader(ChainDataset([Stream(3), Stream(4, 100)]), batch_size=2,
                                                           drop_last=True, generator=g))]:
        for seed in SEEDS[:2]:
            g = torch.Generator().manual_seed(seed)
            loader = make(g)
            batches = [[b if isinstance(b, int) else b.tolist() for b in loader] for _ in range(2)]
            case = dict(name=name, seed=seed, len=len(loader), batches=batches, after=after(g))
            torch.manual_seed(seed)
            loader = make(None)
            [list(loader) for _ in range(2)]
            case["after_default"] = after()
            cases.append(case)
    errors = []
    sampler = SequentialSampler(range(3))
    for kind, fn in [("shuffle", lambda: DataLoader(Stream(3), shuffle=True)),
                     ("sampler", lambda: DataLoader(Stream(3), sampler=sampler)),
                     ("batch_sampler", lambda: DataLoader(Stream(3), batch_sampler=BatchSampler(sampler, 2, False))),
                     ("drop_last_none", lambda: DataLoader(Stream(3), batch_size=None, drop_last=True)),
                     ("unsized_len", lambda: len(DataLoader(Unsized(), batch_size=2)))]:
        try:
            fn()
            raise AssertionError(kind)
        except (ValueError, TypeError) as e:
            m = str(e)
            errors.append(dict(kind=kind, type=type(e).__name__, message=m.split("<")[0] if "object at" in m else m))
    unsized = [b.tolist() for b in DataLoader(Unsized(), batch_size=2)]
    return dict(cases=cases, errors=errors, unsized=unsized)


def split_cases():
    """random_split with fractions, where the remainder is dealt round-robin, then Subsets of the parts."""
    out = []
    for n, fractions in [(10, [0.33, 0.33, 0.34]), (11, [0.5, 0.5]), (3, [0.25, 0.25, 0.25, 0.25]),
                         (100, [0.7, 0.2, 0.1]), (0, [1.0]), (5, [1.0, 0.0]), (13, [0.1] * 10)]:
        for seed in SEEDS:
            parts = random_split(range(n), fractions, generator=torch.Generator().manual_seed(seed))
            out.append(dict(n=n, fractions=fractions, seed=seed, indices=[list(p.indices) for p in parts]))
    errors = []
    for fractions in [[0.5, 0.4], [1.5, -0.5], [0.6, 0.6]]:
        try:
            random_split(range(10), fractions)
            raise AssertionError(fractions)
        except ValueError as e:
            errors.append(dict(fractions=fractions, message=str(e)))
    return dict(cases=out, errors=errors)


def main():
    assert torch.__version__.startswith("1.13"), torch.__version__
    torch.set_num_threads(1)
    data = dict(torch_version=torch.__version__, samplers=sampler_cases(), sampler_errors=sampler_errors(),
                loaders=loader_cases(), conflicts=conflict_errors(), collate=collate_cases(),
                collate_errors=collate_errors(), concat=concat_cases(), split=split_cases(),
                iterable=iterable_cases())
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "core", "src", "test", "resources", "golden", "data2.json")
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
