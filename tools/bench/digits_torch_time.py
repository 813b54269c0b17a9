#!/usr/bin/python3
"""Times the Digits example's training in PyTorch 1.13, float32, on the BLAS the system gives it
(OpenBLAS here; unlike tools/golden/digits_torch.py this does NOT switch to the reference BLAS).

Same program as org.grad4j.examples.Digits with its defaults (and as tools/golden/digits_torch.py):
pixels / 16, random_split [1438, 359] seeded 0, Linear(64,128)-ReLU-Dropout(0.2)-Linear(128,10),
CrossEntropyLoss, AdamW(lr=0.003, weight_decay=0.01), CosineAnnealingLR(T_max=30), DataLoader
batch 32 shuffled (seed 1), the test set evaluated after every epoch, 30 epochs; like Digits it reads
every step's loss back and counts the training batch's correct predictions (its train accuracy).
The clock starts before the data set is read, as Digits' "trained in" does; prints
"trained in S s", "test accuracy: P%" and the process's total time since the interpreter started
(which includes importing torch).

    /usr/bin/python3 tools/bench/digits_torch_time.py [--threads N] [--epochs N]   (default: torch's own threading)
"""
import argparse
import gzip
import os
import time

T_START = time.perf_counter()
import torch  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "examples", "src", "main", "resources", "org", "grad4j", "examples", "digits.csv.gz")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads(N) if N > 0 (default: torch's own)")
    ap.add_argument("--epochs", type=int, default=30)
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    import_s = time.perf_counter() - T_START
    start = time.perf_counter()
    rows = []
    with gzip.open(DATA, "rt") as f:
        for line in f:
            if line.strip():
                rows.append([int(v) for v in line.split(",")])
    data = torch.tensor(rows, dtype=torch.int64)
    x = (data[:, :64].to(torch.float64) / 16).to(torch.float32)
    y = data[:, 64].clone()
    dataset = torch.utils.data.TensorDataset(x, y)
    train, test = torch.utils.data.random_split(dataset, [1438, 359], generator=torch.Generator().manual_seed(0))
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Dropout(0.2),
                                torch.nn.Linear(128, 10))
    loader = torch.utils.data.DataLoader(train, batch_size=32, shuffle=True,
                                         generator=torch.Generator().manual_seed(1))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.AdamW(model.parameters(), lr=0.003, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    test_x = torch.stack([test[i][0] for i in range(len(test))])
    test_y = torch.stack([test[i][1] for i in range(len(test))])
    correct = 0
    for _ in range(args.epochs):
        model.train()
        right = 0
        for bx, by in loader:
            logits = model(bx)
            loss = loss_fn(logits, by)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()  # Digits reads every step's loss back too
            right += int((logits.detach().argmax(1) == by).sum())  # and counts the batch's right answers
        sched.step()
        model.eval()
        with torch.no_grad():
            correct = int((model(test_x).argmax(1) == test_y).sum())
    seconds = time.perf_counter() - start
    print("import torch %.2f s" % import_s)
    print("trained in %.2f s" % seconds)
    print("test accuracy: %.1f%%" % (100.0 * correct / len(test_y)))
    print("process total %.2f s" % (time.perf_counter() - T_START))


if __name__ == "__main__":
    main()
