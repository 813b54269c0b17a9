#!/usr/bin/python3
"""Golden trace of the Digits example: the same model, data split, batch order and dropout masks in
PyTorch 1.13 with the reference BLAS, float64.

Run from the repository root (Debian's python3-torch; the script re-executes itself with
LD_LIBRARY_PATH pointing at Debian's reference libblas3, /usr/lib/x86_64-linux-gnu/blas, and checks
from /proc/self/maps that torch has that libblas mapped):

    /usr/bin/python3 tools/golden/digits_torch.py

Reads the committed data set, examples/src/main/resources/org/grad4j/examples/digits.csv.gz (64 pixel
counts 0..16 and the label per row), and writes examples/src/test/resources/golden/digits_torch.txt.gz.

The program mirrors org.grad4j.examples.Digits with its defaults:
  features = pixels / 16 (exact in float32 and float64), labels int64;
  random_split(dataset, [1438, 359], generator=torch.Generator().manual_seed(seed));
  torch.manual_seed(seed), then Sequential(Linear(64, 128), ReLU(), Dropout(0.2), Linear(128, 10)),
  whose init and dropout masks draw from that default generator;
  DataLoader(train, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(seed + 1));
  CrossEntropyLoss(), AdamW(lr=0.003, weight_decay=0.01), CosineAnnealingLR(T_max=epochs) stepped per epoch;
  after each epoch, the test set in eval mode (one batch of 359).

The file holds, as lines "key value...": the configuration, FNV-1a hashes of the split indices and of
the initial parameters, then per epoch the FNV hash of the sample order, every step's loss (float.hex),
the epoch's loss (mean of the step losses, summed in order), the learning rate used and the number of
test samples classified correctly; finally the test confusion matrix (rows: true digit, columns:
predicted) and a hash of the final parameters. Orders and splits are hashed as indices into the whole
data set (file rows). `--try float32|float64 key=value ...` trains without writing, for trying settings.
"""
import gzip
import os
import struct
import sys

REF_BLAS = "/usr/lib/x86_64-linux-gnu/blas"
if os.environ.get("LD_LIBRARY_PATH") != REF_BLAS:
    os.environ["LD_LIBRARY_PATH"] = REF_BLAS
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "examples", "src", "main", "resources", "org", "grad4j", "examples", "digits.csv.gz")
OUT = os.path.join(ROOT, "examples", "src", "test", "resources", "golden", "digits_torch.txt.gz")
FNV_OFFSET = 0xcbf29ce484222325
FNV_PRIME = 0x100000001b3
MASK = (1 << 64) - 1

CONFIG = {"seed": 0, "epochs": 30, "batch": 32, "hidden": 128, "dropout": 0.2, "lr": 0.003,
          "weight_decay": 0.01, "train": 1438, "test": 359}


def blas_check():
    maps = open("/proc/self/maps").read()
    libs = sorted({line.split()[-1] for line in maps.splitlines() if "blas" in line})
    assert any(l.startswith(REF_BLAS + "/libblas.so") for l in libs), libs
    return libs


def fnv_words(words):
    h = FNV_OFFSET
    for w in words:
        h = ((h ^ (w & MASK)) * FNV_PRIME) & MASK
    return "%016x" % h


def fnv_f64(tensors):
    """Hash of the float64 bit patterns of the tensors, each in row-major order, one after the other."""
    words = []
    for t in tensors:
        flat = t.detach().contiguous().reshape(-1).tolist()
        words.extend(struct.unpack("<%dQ" % len(flat), struct.pack("<%dd" % len(flat), *flat)))
    return fnv_words(words)


def load():
    rows = []
    with gzip.open(DATA, "rt") as f:
        for line in f:
            if line.strip():
                rows.append([int(v) for v in line.split(",")])
    data = torch.tensor(rows, dtype=torch.int64)
    features = data[:, :64].to(torch.float64) / 16
    labels = data[:, 64].clone()
    return features, labels


def main(dtype=torch.float64, config=CONFIG, write=True):
    libs = blas_check()
    c = config
    x, y = load()
    x = x.to(dtype)
    # the third tensor, each row's index in the file, only records the batch order
    dataset = torch.utils.data.TensorDataset(x, y, torch.arange(len(y)))
    train, test = torch.utils.data.random_split(dataset, [c["train"], c["test"]],
                                                generator=torch.Generator().manual_seed(c["seed"]))
    torch.manual_seed(c["seed"])
    model = torch.nn.Sequential(torch.nn.Linear(64, c["hidden"], dtype=dtype), torch.nn.ReLU(),
                                torch.nn.Dropout(c["dropout"]), torch.nn.Linear(c["hidden"], 10, dtype=dtype))
    lines = ["torch %s" % torch.__version__, "blas %s" % " ".join(libs), "threads 1",
             "config " + " ".join("%s=%s" % kv for kv in c.items()), "dtype %s" % str(dtype)[6:],
             "split_train %s" % fnv_words(train.indices), "split_test %s" % fnv_words(test.indices),
             "init %s" % fnv_f64(model.parameters())]
    loader = torch.utils.data.DataLoader(train, batch_size=c["batch"], shuffle=True,
                                         generator=torch.Generator().manual_seed(c["seed"] + 1))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.AdamW(model.parameters(), lr=c["lr"], weight_decay=c["weight_decay"])
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=c["epochs"])
    test_x = torch.stack([test[i][0] for i in range(len(test))])
    test_y = torch.stack([test[i][1] for i in range(len(test))])
    for epoch in range(c["epochs"]):
        model.train()
        lr = opt.param_groups[0]["lr"]
        order = []
        steps = []
        for bx, by, bi in loader:
            order.extend(bi.tolist())
            pred = model(bx)
            loss = loss_fn(pred, by)
            opt.zero_grad()
            loss.backward()
            opt.step()
            steps.append(loss.item())
        total = 0.0
        for s in steps:
            total += s
        sched.step()
        model.eval()
        with torch.no_grad():
            logits = model(test_x)
            predicted = logits.argmax(1)
            correct = int((predicted == test_y).sum())
        lines.append("epoch %d order %s lr %s loss %s correct %d" % (epoch + 1, fnv_words(order), float(lr).hex(),
                                                                     (total / len(steps)).hex(), correct))
        lines.append("steps %d %s" % (epoch + 1, " ".join(float(s).hex() for s in steps)))
        if not write:
            print(epoch + 1, total / len(steps), correct / len(test_y), flush=True)
    confusion = [[0] * 10 for _ in range(10)]
    for t, p in zip(test_y.tolist(), predicted.tolist()):
        confusion[t][p] += 1
    for d in range(10):
        lines.append("confusion %d %s" % (d, " ".join(str(v) for v in confusion[d])))
    lines.append("final %s" % fnv_f64(model.parameters()))
    lines.append("accuracy %.1f%%" % (100.0 * correct / len(test_y)))
    if write:
        # mtime=0: a rerun writes the same bytes
        with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as f:
            f.write(("\n".join(lines) + "\n").encode("ascii"))
        print("->", os.path.relpath(OUT, ROOT), os.path.getsize(OUT), "bytes;", lines[-1])
    return correct / len(test_y)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--try":
        # exploring hyperparameters: --try dtype key=value ...
        conf = dict(CONFIG)
        for kv in sys.argv[3:]:
            k, v = kv.split("=")
            conf[k] = type(CONFIG[k])(v)
        print(main(getattr(torch, sys.argv[2]), conf, write=False))
    else:
        main()
