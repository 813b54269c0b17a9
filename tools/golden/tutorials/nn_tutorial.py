#!/usr/bin/python3
"""PyTorch's "What is torch.nn really?" tutorial, printed for grad4j's TutorialNnTest.

    /usr/bin/python3 tools/golden/tutorials/nn_tutorial.py --write

writes backend-cpu/src/test/resources/golden/tutorials/nn.txt. Departures from the tutorial: no MNIST
download: 320 training and 128 validation "images" of 784 pixels (15% of them uniform, the rest 0), labelled by the argmax of a fixed random
linear map (so that the models can learn something); 2 epochs throughout; no WrappedDataLoader; each model's
parameters start from torch.manual_seed(1) so that every section is independent.
"""
import math

import common  # noqa: F401  (re-executes with the reference BLAS)
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

out = common.Tee("nn.txt")

torch.manual_seed(0)
n, n_valid = 320, 128
x_all = torch.rand(n + n_valid, 784) * (torch.rand(n + n_valid, 784) < 0.15)
y_all = (x_all @ torch.randn(784, 10)).argmax(1)
x_train, y_train = x_all[:n], y_all[:n]
x_valid, y_valid = x_all[n:], y_all[n:]
out(x_train, y_train)
out(x_train.shape)
out(x_train.shape, y_train.shape, y_train.min(), y_train.max(), y_train[:10])

# ---------------------------------------------------------------- from scratch
out.section("from_scratch")
torch.manual_seed(1)
weights = torch.randn(784, 10) / math.sqrt(784)
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)


def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)


def model(xb):
    return log_softmax(xb @ weights + bias)


bs = 64
xb = x_train[0:bs]
preds = model(xb)
out(preds[0], preds.shape)


def nll(input, target):
    return -input[range(target.shape[0]), target].mean()


loss_func = nll
yb = y_train[0:bs]
out(loss_func(preds, yb))


def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()


out(accuracy(preds, yb))
lr = 0.5
epochs = 2
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()
out(loss_func(model(xb), yb), accuracy(model(xb), yb))

# ---------------------------------------------------------------- F.cross_entropy
out.section("cross_entropy")
loss_func = F.cross_entropy


def model(xb):
    return xb @ weights + bias


out(loss_func(model(xb), yb), accuracy(model(xb), yb))


# ---------------------------------------------------------------- nn.Module, nn.Parameter
class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.randn(784, 10) / math.sqrt(784))
        self.bias = nn.Parameter(torch.zeros(10))

    def forward(self, xb):
        return xb @ self.weights + self.bias


out.section("module")
torch.manual_seed(1)
model = Mnist_Logistic()
out(model)
out([(name, tuple(p.shape)) for name, p in model.named_parameters()])
out(loss_func(model(xb), yb))


def fit():
    for epoch in range(epochs):
        for i in range((n - 1) // bs + 1):
            start_i = i * bs
            end_i = start_i + bs
            xb = x_train[start_i:end_i]
            yb = y_train[start_i:end_i]
            pred = model(xb)
            loss = loss_func(pred, yb)
            loss.backward()
            with torch.no_grad():
                for p in model.parameters():
                    p -= p.grad * lr
                model.zero_grad()


fit()
out(loss_func(model(xb), yb))


# ---------------------------------------------------------------- nn.Linear
class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(784, 10)

    def forward(self, xb):
        return self.lin(xb)


out.section("linear")
torch.manual_seed(1)
model = Mnist_Logistic()
out(model)
out(loss_func(model(xb), yb))
fit()
out(loss_func(model(xb), yb))

# ---------------------------------------------------------------- optim
out.section("optim")


def get_model():
    model = Mnist_Logistic()
    return model, optim.SGD(model.parameters(), lr=lr)


torch.manual_seed(1)
model, opt = get_model()
out(loss_func(model(xb), yb))
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
out(loss_func(model(xb), yb))

# ---------------------------------------------------------------- TensorDataset
out.section("dataset")
train_ds = TensorDataset(x_train, y_train)
torch.manual_seed(1)
model, opt = get_model()
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        xb, yb = train_ds[i * bs: i * bs + bs]
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
out(loss_func(model(xb), yb))
out(train_ds[-3:][1], train_ds[318:400][0].shape, train_ds[5:2][1], train_ds[-400:2][1])

# ---------------------------------------------------------------- DataLoader
out.section("dataloader")
torch.manual_seed(1)
model, opt = get_model()
train_dl = DataLoader(train_ds, batch_size=bs)
for epoch in range(epochs):
    for xb, yb in train_dl:
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
out(loss_func(model(xb), yb))
out(len(train_ds), len(train_dl), train_ds[3][1])

# ---------------------------------------------------------------- validation
out.section("validation")
valid_ds = TensorDataset(x_valid, y_valid)
torch.manual_seed(1)
train_dl = DataLoader(train_ds, batch_size=bs, shuffle=True)
valid_dl = DataLoader(valid_ds, batch_size=bs * 2)
model, opt = get_model()
for epoch in range(epochs):
    model.train()
    for xb, yb in train_dl:
        pred = model(xb)
        loss = loss_func(pred, yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
    model.eval()
    with torch.no_grad():
        valid_loss = sum(loss_func(model(xb), yb) for xb, yb in valid_dl)
    out(epoch, valid_loss / len(valid_dl))


# ---------------------------------------------------------------- fit() and get_data()
def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)
    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item(), len(xb)


def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_dl:
            loss_batch(model, loss_func, xb, yb, opt)
        model.eval()
        with torch.no_grad():
            losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
        val_loss = np.sum(np.multiply(losses, nums)) / np.sum(nums)
        out(epoch, val_loss)


def get_data(train_ds, valid_ds, bs):
    return (
        DataLoader(train_ds, batch_size=bs, shuffle=True),
        DataLoader(valid_ds, batch_size=bs * 2),
    )


out.section("fit")
torch.manual_seed(1)
train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
valid_dl = DataLoader(valid_ds, batch_size=48)
model, opt = get_model()
fit(epochs, model, loss_func, opt, train_dl, valid_dl)


# ---------------------------------------------------------------- CNN
class Mnist_CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1)

    def forward(self, xb):
        xb = xb.view(-1, 1, 28, 28)
        xb = F.relu(self.conv1(xb))
        xb = F.relu(self.conv2(xb))
        xb = F.relu(self.conv3(xb))
        xb = F.avg_pool2d(xb, 4)
        return xb.view(-1, xb.size(1))


out.section("cnn")
lr = 0.1
torch.manual_seed(1)
train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
model = Mnist_CNN()
out(model)
opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
fit(epochs, model, loss_func, opt, train_dl, valid_dl)


# ---------------------------------------------------------------- nn.Sequential
class Lambda(nn.Module):
    def __init__(self, func):
        super().__init__()
        self.func = func

    def forward(self, x):
        return self.func(x)


def preprocess(x):
    return x.view(-1, 1, 28, 28)


out.section("sequential")
torch.manual_seed(1)
train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
model = nn.Sequential(
    Lambda(preprocess),
    nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.AvgPool2d(4),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
out(model)
opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
fit(epochs, model, loss_func, opt, train_dl, valid_dl)

# ---------------------------------------------------------------- AdaptiveAvgPool2d
out.section("adaptive")
torch.manual_seed(1)
train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
model = nn.Sequential(
    Lambda(preprocess),
    nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
out(model)
opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
fit(epochs, model, loss_func, opt, train_dl, valid_dl)
out(model(x_valid[:2]))

out.write()
